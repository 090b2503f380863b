"""REST API /api/v1 (django-ninja; OpenAPI at /api/v1/openapi.json).

Errors: 422 {"detail": "…", "errors": [{"field", "message"}]} with Chinese messages; 403 for a role that may not
act; 404 for anything outside the caller's region (existence not revealed); 409 for a conflicting action."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from minzheng.core import app_registry, validation
from minzheng.core import auth as core_auth
from minzheng.core.errors import ServiceError


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = core_auth.user_for_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="民政一体化平台 API",
    version="1",
    description="Minzheng REST API. Authenticate with `Authorization: Bearer <token>` (`minzheng token create`) "
    "or a browser session.",
    auth=[BearerAuth(), django_auth],
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = [e.as_dict() for e in validation.field_errors(exc.errors)]
    return api.create_response(request, {"detail": "输入有误，未保存任何数据", "errors": errors}, status=422)


@api.exception_handler(ServiceError)
def service_error(request, exc: ServiceError):
    body = {"detail": exc.message}
    if hasattr(exc, "errors"):
        body = {"detail": "输入有误，未保存任何数据", "errors": [e.as_dict() for e in exc.errors]}
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # ninja answers a body it cannot parse as JSON with 400 "Cannot parse request body": ours is a 422 in Chinese.
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return api.create_response(request, {"detail": "输入有误，未保存任何数据", "errors": [
            {"field": "body", "message": validation.MESSAGES["json_invalid"]}]}, status=422)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return api.create_response(request, {"detail": "未登录或令牌无效"}, status=401)


# Every app's router, from the app registry (core.app_registry: `api_router` on each AppConfig).
for _router in app_registry.api_routers():
    api.add_router("/", _router)

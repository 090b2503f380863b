"""REST API /api/v1 (django-ninja; OpenAPI at /api/v1/openapi.json).

Errors: 422 {"detail": "…", "errors": [{"field", "message"}]} with Chinese messages; 403 for a role that may not
act; 404 for anything outside the caller's region (existence not revealed); 409 for a conflicting action."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from ninja.security import django_auth

from minzheng.core import app_registry, roles, validation
from minzheng.core import auth as core_auth
from minzheng.core.api_auth import BearerAuth
from minzheng.core.api_parser import SingleValueParser
from minzheng.core.errors import ServiceError

# Who may read the API's description (the docs page and the OpenAPI JSON): staff, and the system administrator
# who sets up integrations. Nobody anonymous — the schema is a map of the system (issue 11, defect 8).
DOCS_ROLES = roles.STAFF | {roles.SYSADMIN}


def docs_access(view):
    """Signed-in users of DOCS_ROLES (browser session or API token) only: anonymous → the login page (docs) or
    401 (JSON); another role → 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        user = request.user if request.user.is_authenticated else None
        header = request.headers.get("Authorization", "")
        if user is None and header.lower().startswith("bearer "):
            user = core_auth.user_for_token(header[7:].strip())
        wants_json = request.path.endswith(".json")
        if user is None or not user.is_active:
            if wants_json:
                return JsonResponse({"detail": "未登录或令牌无效"}, status=401)
            return redirect_to_login(request.get_full_path())
        if user.role not in DOCS_ROLES:
            return JsonResponse({"detail": "您的角色无权查看接口文档"}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


api = NinjaAPI(
    title="民政一体化平台 API",
    version="1",
    description="Minzheng REST API. Authenticate with `Authorization: Bearer <token>` (`minzheng token create`) "
    "or a browser session.",
    auth=[BearerAuth(), django_auth],
    docs_decorator=docs_access,
    urls_namespace="api",
    parser=SingleValueParser(),
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


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "未找到，或不在您的辖区内"}, status=404)


@api.exception_handler(AuthorizationError)
def not_allowed(request, exc):
    return api.create_response(request, {"detail": "您的角色无权执行此操作"}, status=403)


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return api.create_response(request, {"detail": "未登录或令牌无效"}, status=401)


# Every app's router, from the app registry (core.app_registry: `api_router` on each AppConfig).
for _router in app_registry.api_routers():
    api.add_router("/", _router)

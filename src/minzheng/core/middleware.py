from django.conf import settings
from django.shortcuts import render
from django.utils import translation

from minzheng.core import context
from minzheng.core.errors import Conflict, Forbidden, NotFound


def client_address(request) -> str:
    # Behind the bureau's reverse proxy the first X-Forwarded-For hop is the client.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = context.set_source(client_address(request))
        try:
            return self.get_response(request)
        finally:
            context.reset_source(token)

    def process_exception(self, request, exception):
        """Pages raise the same service errors as the API; show them as 403/404/409 pages in Chinese."""
        if isinstance(exception, (Forbidden, NotFound, Conflict)):
            return render(request, "core/error.html", {"status": exception.status, "message": exception.message},
                          status=exception.status)
        return None


class LanguageMiddleware:
    """Chinese unless the user picked another language (cookie set by /i18n/setlang/). The browser's
    Accept-Language is ignored on purpose: staff machines are often set up in English, the work is in Chinese."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

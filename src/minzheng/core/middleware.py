from django.shortcuts import render

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

"""Site-wide response headers and the request log."""

import logging
import time

from django.conf import settings
from django.db import DatabaseError
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware

logger = logging.getLogger("bulletin.requests")

# Path segments that are secrets of their own (password reset links).
SECRET_URL_KWARGS = ("uidb64", "token")


class ContentSecurityPolicyMiddleware:
    """Send ``settings.CONTENT_SECURITY_POLICY`` on every response.

    The policy allows scripts and styles from our own origin only, so text
    that ever slipped through escaping still could not run.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = "; ".join(
            " ".join([directive, *sources])
            for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code >= 400:
            # Django's technical error pages style themselves inline.
            return response
        response.headers.setdefault("Content-Security-Policy", self.header)
        return response


def add_security_headers(request, response):
    """The headers the middleware gives every page, for an error page made
    where it may not run: Django answers a failure in a middleware at that
    middleware's level, so one above them (the request log) would go out
    bare. Headers already set are kept."""

    def made(request):
        return response

    ContentSecurityPolicyMiddleware(made)(request)
    for middleware in (SecurityMiddleware, XFrameOptionsMiddleware):
        middleware(made).process_response(request, response)
    return response


class RequestLogMiddleware:
    """One log line per request: method, path, status, duration, user id.

    The query string is left out (it can hold search terms and return
    addresses), as are names, e-mail and IP addresses; the user is the
    numeric id or "anonymous".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        duration = (time.perf_counter() - start) * 1000
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": loggable_path(request),
                "status": response.status_code,
                "duration_ms": round(duration, 1),
                "user": user_label(request, response),
            },
        )
        return response


def loggable_path(request) -> str:
    """The path, with password-reset tokens replaced."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name in SECRET_URL_KWARGS:
            if match.kwargs.get(name):
                path = path.replace(str(match.kwargs[name]), "[redacted]")
    return path


def user_label(request, response) -> str | int:
    user = getattr(request, "user", None)
    if user is None:  # answered before authentication (static files)
        return "anonymous"
    if response.status_code >= 500:
        # The database may be what failed; do not ask it again.
        return "unknown"
    try:
        return user.pk if user.is_authenticated else "anonymous"
    except DatabaseError:
        return "unknown"

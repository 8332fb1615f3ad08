"""Login throttling: django-axes, configured for an office network.

Failures are counted per account and per address over the cool-off period
(settings ``AXES_COOLOFF_TIME``). An account is locked after
``AXES_FAILURE_LIMIT`` failures; an address after
``LOGIN_ADDRESS_FAILURE_LIMIT``, which is higher because a whole office
usually reaches the site through one address. While locked, even the right
password is refused, on the reading site and in the admin alike, with a
Chinese message. A superuser unlocks by deleting the account's or address's
entries under 登录失败记录 in the admin (or ``manage.py axes_reset_username``).
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext


class LoginThrottle(AxesDatabaseHandler):
    """Axes' database handler with separate limits per account and per
    address (axes itself has one limit for every lockout parameter)."""

    def get_failures(self, request, credentials=None) -> int:
        """Failures in the account limit's units: the larger of the
        account's failures and the address's failures scaled so that
        reaching the address limit reaches the account limit."""
        # One queryset per AXES_LOCKOUT_PARAMETERS entry, in that order.
        by_account, by_address = (
            attempts.values_list("failures_since_start", flat=True)
            for attempts in self.get_user_attempts(request, credentials)
        )
        account_limit = settings.AXES_FAILURE_LIMIT
        scaled = sum(by_address) * account_limit // settings.LOGIN_ADDRESS_FAILURE_LIMIT
        return max(sum(by_account), scaled)


def client_ip(request) -> str | None:
    """The address the request came from: behind ``TRUSTED_PROXIES``
    proxies, the one the outermost proxy saw (each proxy appends to
    X-Forwarded-For, so only the last entries can be trusted). Anything
    that is not an IP address falls back to the connection's address."""
    count = settings.TRUSTED_PROXIES
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if count and len(forwarded) >= count:
        try:
            return str(ipaddress.ip_address(forwarded[-count]))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR") or None


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return gettext(
        "Too many failed logins: logging in is locked for %(minutes)d minutes. "
        "Try again later, or ask an administrator to unlock it."
    ) % {"minutes": minutes}


def lockout_response(request, original_response, credentials):
    """The login page again, with an empty form and the lockout message
    (status 429), for the reading-site and the admin login alike."""
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if form is None:
        return HttpResponse(lockout_message(), status=429)
    response = TemplateResponse(
        request,
        original_response.template_name,
        {**context, "form": type(form)(request), "lockout_message": lockout_message()},
        status=429,
    )
    # Axes runs after Django has rendered the view's response.
    return response.render()

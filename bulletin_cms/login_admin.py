"""django-axes' login records in the admin, in Chinese.

axes ships no Simplified Chinese catalogue, names its records in English
(“Attempted Access: …”, built in its models' __str__) and leaves a column
without a label. LoginThrottleConfig (bulletin_cms.apps) installs what is
here once the apps are ready; settings turn off axes' own registration.
"""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _, gettext_noop

# The labels axes' models and admin show, listed here so that our catalogue
# translates them.
AXES_LABELS = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Failed Logins"),
    gettext_noop("Attempt Time"),
    gettext_noop("Locked Out"),
    gettext_noop("Access lock out"),
    gettext_noop("IP Address"),
    gettext_noop("User Agent"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Not set"),
    gettext_noop("Clean up expired attempts"),
)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _who(record) -> str:
    return record.username or "—"


def attempt_name(attempt: AccessAttempt) -> str:
    return gettext("Failed logins of %(username)s from %(address)s") % {
        "username": _who(attempt),
        "address": attempt.ip_address or "—",
    }


def failure_name(failure: AccessFailureLog) -> str:
    text = (
        gettext("Failed login of %(username)s from %(address)s, %(when)s, locked out")
        if failure.locked_out
        else gettext("Failed login of %(username)s from %(address)s, %(when)s")
    )
    return text % {
        "username": _who(failure),
        "address": failure.ip_address or "—",
        "when": _when(failure.attempt_time),
    }


def login_name(log: AccessLog) -> str:
    return gettext("Login of %(username)s from %(address)s, %(when)s") % {
        "username": _who(log),
        "address": log.ip_address or "—",
        "when": _when(log.attempt_time),
    }


class LoginFailureAdmin(AccessAttemptAdmin):
    """axes' admin of failed-login counters, its two unlabelled columns
    labelled."""

    @admin.display(description=_("status"))
    def status(self, obj):
        return super().status(obj)

    @admin.display(description=_("Expires At"))
    def expiration(self, obj):
        return super().expiration(obj)


def install() -> None:
    AccessAttempt.__str__ = attempt_name
    AccessFailureLog.__str__ = failure_name
    AccessLog.__str__ = login_name
    admin.site.register(AccessAttempt, LoginFailureAdmin)
    admin.site.register(AccessLog, AccessLogAdmin)
    admin.site.register(AccessFailureLog, AccessFailureLogAdmin)

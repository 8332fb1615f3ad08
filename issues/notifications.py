"""E-mail notifications of workflow transitions.

Called from ``transaction.on_commit`` inside the transitions, so nobody is
told of a change that was rolled back. Messages are plain text: nothing an
editor typed can become markup in a mail client. A mail server that is
down is logged: the transition has committed by then, and must not turn
into an error page.
"""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from issues import policy
from issues.models import Issue

logger = logging.getLogger(__name__)


def staff_who(may) -> list:
    """Active users with an e-mail address for whom ``may(user)`` holds, as
    the access policy decides; superusers included."""
    people = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__content_type__app_label="issues")
            | Q(user_permissions__content_type__app_label="issues")
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    return [user for user in people if may(user)]


def _send(template: str, issue: Issue, recipients, **context) -> None:
    addresses = sorted({user.email for user in recipients if user and user.email})
    if not addresses:
        return
    context |= {
        "issue": issue,
        "admin_url": settings.SITE_URL
        + reverse("admin:issues_issue_change", args=[issue.pk]),
    }
    subject, _blank, body = render_to_string(template, context).partition("\n\n")
    try:
        send_mail(subject.strip(), body.strip() + "\n", None, addresses)
    except (OSError, smtplib.SMTPException) as error:
        # The error's text can name the recipients: log its kind only.
        logger.error(
            "notification not sent",
            extra={
                "issue": issue.pk,
                "template": template,
                "error": type(error).__name__,
            },
        )


def submitted(issue: Issue) -> None:
    """Tell the reviewers an issue waits for them."""
    reviewers = staff_who(lambda user: policy.can_approve(user, issue))
    _send("issues/email/submitted.txt", issue, reviewers)


def returned(issue: Issue, comment: str, notes, by) -> None:
    """Tell the editor who sent the issue back and what must change: the
    comment, and the comment on each article it points at (``notes``:
    (article, comment) pairs)."""
    _send(
        "issues/email/returned.txt",
        issue,
        [issue.submitted_by],
        comment=comment,
        notes=notes,
        by=by,
    )


def published(issue: Issue) -> None:
    """Tell the editors who compiled and submitted the issue it is out."""
    _send(
        "issues/email/published.txt",
        issue,
        [issue.created_by, issue.submitted_by],
        public_url=settings.SITE_URL + issue.get_absolute_url(),
    )


def schedule_failed(issue: Issue, reason: str) -> None:
    """Tell whoever scheduled an issue that it could not go out, and why."""
    _send(
        "issues/email/schedule_failed.txt",
        issue,
        [issue.scheduled_by],
        reason=reason,
        scheduled_for=issue.publish_at,
    )


def schedule_cancelled(issue: Issue, reason: str, scheduled_for) -> None:
    """Tell the publishers who may sign the issue off that its scheduled
    publication was cancelled, and why."""
    publishers = staff_who(lambda user: policy.can_publish(user, issue))
    _send(
        "issues/email/schedule_failed.txt",
        issue,
        publishers,
        reason=reason,
        scheduled_for=scheduled_for,
    )

"""The editorial workflow: the only code that changes an issue's status.

draft --submit--> in_review --approve--> approved --publish--> published
  ^                  |                  (publish_at ahead = scheduled)  |
  +-----return-------+                                                  |
  +-----reopen------ withdrawn <---------------withdraw-----------------+

Each transition checks the actor's permission (issues.permissions) and its
preconditions, moves the status with a conditional UPDATE on the row it has
locked, records an IssueEvent and queues notifications to be sent after
commit, all in one transaction. Admin views and actions and the
``publish_scheduled`` command call these functions; nothing else writes the
status field.
"""

import logging
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bulletin_cms.invalidation import bump_generation
from issues import notifications, permissions
from issues.models import Issue, IssueEvent
from issues.numbering import assign_number
from issues.revisions import records
from issues.revisions.models import Revision

logger = logging.getLogger(__name__)

Status = Issue.Status


class InvalidTransition(Exception):
    """The issue is not in a state that allows this transition, or its
    content does not meet the preconditions. ``messages`` say why, in the
    reader's language."""

    def __init__(self, *messages: str):
        self.messages = list(messages)
        super().__init__(" ".join(self.messages))


def _log_transition(
    issue: Issue, from_status: str, to_status: str, by, message="issue transition"
) -> None:
    """Log the transition once its transaction has committed (ids only)."""
    fields = {
        "issue": issue.pk,
        "from": from_status,
        "to": to_status,
        "actor": by.pk if by else None,
    }
    transaction.on_commit(lambda: logger.info(message, extra=fields))


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Your role does not allow this action."))


def _locked(issue: Issue, expected: str) -> Issue:
    """Lock the issue row and check it is still in the expected state."""
    current = (
        Issue.objects.select_for_update(of=("self",))
        .select_related("series")
        .get(pk=issue.pk)
    )
    if current.status != expected:
        raise InvalidTransition(
            _("The issue is now “%(status)s”; this action needs “%(expected)s”.")
            % {
                "status": current.get_status_display(),
                "expected": Status(expected).label,
            }
        )
    return current


def _move(
    issue: Issue, current: Issue, to: str, by, comment: str = "", **fields
) -> Issue:
    """Conditional UPDATE from the state read under lock, then the event.

    The ``status=`` filter is what makes two concurrent transitions safe even
    where row locks do not exist: the second one updates no row.
    """
    now = timezone.now()
    updated = Issue.objects.filter(pk=current.pk, status=current.status).update(
        status=to, updated_at=now, **fields
    )
    if updated != 1:
        raise InvalidTransition(_("Someone else changed this issue at the same time."))
    IssueEvent.objects.create(
        issue=current,
        from_status=current.status,
        to_status=to,
        actor=by,
        comment=comment,
        created_at=now,
    )
    _log_transition(current, current.status, to, by)
    bump_generation()
    issue.refresh_from_db()
    return issue


def submission_problems(issue: Issue) -> list[str]:
    """Why an issue cannot go to review yet; empty when it can."""
    problems = []
    articles = list(issue.articles.select_related("source").order_by("position"))
    if not articles:
        problems.append(_("The issue has no article."))
    for article in articles:
        label = article.title or _("article %(position)s") % {
            "position": article.position
        }
        missing = [
            name
            for name, present in (
                (_("title"), article.title.strip()),
                (_("body"), article.body.strip()),
                (_("citation"), article.citation),
            )
            if not present
        ]
        if missing:
            problems.append(
                _("“%(article)s” lacks: %(missing)s.")
                % {"article": label, "missing": "、".join(missing)}
            )
    try:
        issue.validate_constraints()
    except ValidationError as error:
        problems.extend(error.messages)
    return problems


@transaction.atomic
def submit(issue: Issue, *, by, comment: str = "") -> Issue:
    """Send a draft to the reviewers."""
    current = _locked(issue, Status.DRAFT)
    _require(permissions.can_submit(by, current))
    problems = submission_problems(current)
    if problems:
        raise InvalidTransition(*problems)
    # What the reviewer will compare with the previous submission.
    records.record(current, by=by, reason=Revision.Reason.SUBMITTED)
    _move(
        issue,
        current,
        Status.IN_REVIEW,
        by,
        comment,
        submitted_by=by,
        submitted_at=timezone.now(),
    )
    transaction.on_commit(lambda: notifications.submitted(issue))
    return issue


@transaction.atomic
def return_to_draft(issue: Issue, *, by, comment: str) -> Issue:
    """Send an issue in review back to its editor; the reason is required."""
    current = _locked(issue, Status.IN_REVIEW)
    _require(permissions.can_return(by, current))
    if not comment.strip():
        raise InvalidTransition(_("Say what must change: a comment is required."))
    _move(issue, current, Status.DRAFT, by, comment.strip())
    transaction.on_commit(lambda: notifications.returned(issue, comment.strip()))
    return issue


@transaction.atomic
def approve(issue: Issue, *, by, comment: str = "") -> Issue:
    """Approve an issue in review; never by the person who submitted it."""
    current = _locked(issue, Status.IN_REVIEW)
    if current.submitted_by_id == by.pk:
        raise PermissionDenied(_("Whoever submitted an issue cannot approve it."))
    _require(permissions.can_approve(by, current))
    _move(
        issue,
        current,
        Status.APPROVED,
        by,
        comment,
        approved_by=by,
        approved_at=timezone.now(),
    )
    return issue


@transaction.atomic
def publish(issue: Issue, *, by, comment: str = "") -> Issue:
    """Sign off an approved issue now: it gets its number (the next free
    one when the editor left it empty) and its masthead date."""
    current = _locked(issue, Status.APPROVED)
    _require(permissions.can_publish(by, current))
    return _sign_off(issue, current, by, comment)


def _sign_off(issue: Issue, current: Issue, by, comment: str) -> Issue:
    now = timezone.now()
    issue_date = current.issue_date or timezone.localdate(now)
    current.issue_date = issue_date
    try:
        with transaction.atomic():
            number = assign_number(current)
    except IntegrityError:
        raise InvalidTransition(
            _(
                "Number %(number)s is already taken in this series; change it in the draft."
            )
            % {"number": current.number}
        ) from None
    _move(
        issue,
        current,
        Status.PUBLISHED,
        by,
        comment,
        number=number,
        issue_date=issue_date,
        published_by=by,
        published_at=now,
        publish_at=None,
    )
    records.record(issue, by=by, reason=Revision.Reason.PUBLISHED)
    transaction.on_commit(lambda: notifications.published(issue))
    return issue


@transaction.atomic
def schedule(issue: Issue, *, by, at: datetime, comment: str = "") -> Issue:
    """Set an approved issue to be published at a future time by the
    ``publish_scheduled`` command. Recorded as an event that keeps the
    status ``approved``."""
    current = _locked(issue, Status.APPROVED)
    _require(permissions.can_publish(by, current))
    if at <= timezone.now():
        raise InvalidTransition(_("The scheduled time must be in the future."))
    if current.number is not None and not current.issue_date:
        # The issue will be dated the day it goes out; its fixed number must
        # still be free in that year.
        current.issue_date = timezone.localdate(at)
        try:
            current.validate_constraints()
        except ValidationError as error:
            raise InvalidTransition(*error.messages) from None
    note = _("Scheduled for %(time)s.") % {
        "time": timezone.localtime(at).strftime("%Y-%m-%d %H:%M")
    }
    Issue.objects.filter(pk=current.pk).update(
        publish_at=at, scheduled_by=by, updated_at=timezone.now()
    )
    IssueEvent.objects.create(
        issue=current,
        from_status=Status.APPROVED,
        to_status=Status.APPROVED,
        actor=by,
        comment=" ".join(filter(None, [note, comment.strip()])),
    )
    _log_transition(current, Status.APPROVED, Status.APPROVED, by, "issue scheduled")
    issue.refresh_from_db()
    return issue


@transaction.atomic
def cancel_schedule(issue: Issue, *, by, comment: str = "") -> Issue:
    """Keep an approved issue from going out at its scheduled time."""
    current = _locked(issue, Status.APPROVED)
    if current.publish_at is None:
        raise InvalidTransition(_("The issue is not scheduled."))
    _require(permissions.can_cancel_schedule(by, current))
    Issue.objects.filter(pk=current.pk).update(
        publish_at=None, scheduled_by=None, updated_at=timezone.now()
    )
    IssueEvent.objects.create(
        issue=current,
        from_status=Status.APPROVED,
        to_status=Status.APPROVED,
        actor=by,
        comment=" ".join(
            filter(None, [_("Scheduled publication cancelled."), comment])
        ),
    )
    _log_transition(
        current, Status.APPROVED, Status.APPROVED, by, "issue schedule cancelled"
    )
    issue.refresh_from_db()
    return issue


def publish_due(now: datetime | None = None) -> tuple[list[Issue], dict[Issue, str]]:
    """Publish every approved issue whose scheduled time has come; return
    those published and, for those that could not be, why.

    Each issue is taken with SKIP LOCKED in its own transaction, so two
    copies of the command running at once share the work instead of
    publishing anything twice; an issue another copy already published is
    simply no longer due.
    """
    now = now or timezone.now()
    published, failed = [], {}
    while True:
        with transaction.atomic():
            current = (
                Issue.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("series", "scheduled_by")
                .filter(status=Status.APPROVED, publish_at__lte=now)
                .exclude(pk__in=[issue.pk for issue in failed])
                .order_by("publish_at", "pk")
                .first()
            )
            if current is None:
                return published, failed
            try:
                with transaction.atomic():
                    _sign_off(
                        current,
                        current,
                        current.scheduled_by,
                        _("Scheduled publication."),
                    )
            except InvalidTransition as error:
                failed[current] = str(error)
                transaction.on_commit(
                    lambda issue=current, reason=str(error): (
                        notifications.schedule_failed(issue, reason)
                    )
                )
            else:
                published.append(current)


@transaction.atomic
def withdraw(issue: Issue, *, by, comment: str) -> Issue:
    """Take a published issue off the reading site at once; the comment
    (the reason) is required. It keeps its number and can be reopened for
    correction."""
    current = _locked(issue, Status.PUBLISHED)
    _require(permissions.can_withdraw(by, current))
    if not comment.strip():
        raise InvalidTransition(_("Give the reason for withdrawing the issue."))
    return _move(issue, current, Status.WITHDRAWN, by, comment.strip())


@transaction.atomic
def reopen(issue: Issue, *, by, comment: str = "") -> Issue:
    """Bring a withdrawn issue back to draft, keeping its number."""
    current = _locked(issue, Status.WITHDRAWN)
    _require(permissions.can_reopen(by, current))
    return _move(
        issue,
        current,
        Status.DRAFT,
        by,
        comment,
        submitted_by=None,
        submitted_at=None,
        approved_by=None,
        approved_at=None,
    )

"""The editorial workflow: the only code that changes an issue's status.

draft --submit--> in_review --approve--> approved --publish--> published
  ^                  |                  (publish_at ahead = scheduled)  |
  +-----return-------+                      |                           |
  +-----send_back---------------------------+                           |
  +-----reopen------ withdrawn <---------------withdraw-----------------+

Each transition is declared once in ``TRANSITIONS`` (states, who may start
it from issues.policy, its form, whether readers see the change); each
checks the actor's permission and its
preconditions, moves the status with a conditional UPDATE on the row it has
locked, records an IssueEvent and queues notifications to be sent after
commit, all in one transaction. Admin views and actions and the
``publish_scheduled`` command call these functions; nothing else writes the
status field.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from bulletin_cms.invalidation import bump_generation
from bulletin_cms.people import full_name
from issues import edition, notifications, policy
from issues.models import Issue, IssueEvent, IssueEventNote
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


@dataclass(frozen=True)
class Transition:
    """One transition, declared once: the workflow, the admin's buttons,
    forms and bulk actions and the page cache all read it from here."""

    name: str
    label: str
    sources: tuple[str, ...]
    # None: the status stays (scheduling only changes the time).
    target: str | None
    # Who may start it, from issues.policy: the role, (user) -> bool, which
    # also decides what is offered before an issue is chosen; and where the
    # issue at hand matters, a rule (user, issue) -> bool.
    role: Callable
    # The role in words, for telling people who can do it.
    who: str = ""
    # What to say when a required comment is missing; empty: not required.
    comment_required: str = ""
    # Changes what readers see, so cached pages are retired.
    public: bool = False
    # Offered as a button of its own (scheduling is offered by “publish”).
    offered: bool = True
    # The publish form asks “now or later”; later runs this transition.
    later: str = ""
    # Label of the admin's bulk action, where there is one.
    bulk: str = ""
    # The confirmation form takes a comment on each article of the issue.
    article_notes: bool = False
    rule: Callable | None = None
    # Further condition on the issue beyond its status, and what to say
    # when it does not hold.
    applies: Callable = lambda issue: True
    inapplicable: str = ""

    def available(self, issue: Issue) -> bool:
        return issue.status in self.sources and self.applies(issue)

    def allowed(self, user, issue: Issue) -> bool:
        """May this user start it on this issue, whatever its state?"""
        return self.role(user) and (self.rule is None or self.rule(user, issue))

    def allows(self, user, issue: Issue) -> bool:
        return self.available(issue) and self.allowed(user, issue)


def _log_transition(transition: Transition, issue: Issue, from_status: str, by):
    """Log the transition once its transaction has committed (ids only)."""
    fields = {
        "issue": issue.pk,
        "transition": transition.name,
        "from": from_status,
        "to": transition.target or from_status,
        "actor": by.pk if by else None,
    }
    transaction.on_commit(lambda: logger.info("issue transition", extra=fields))


def _begin(issue: Issue, name: str, by, comment: str = "") -> Issue:
    """Lock the issue row and check the transition may start: its state,
    the actor's permission and a required comment."""
    transition = TRANSITIONS[name]
    current = (
        Issue.objects.select_for_update(of=("self",))
        .select_related("series")
        .get(pk=issue.pk)
    )
    if current.status not in transition.sources:
        raise InvalidTransition(
            _("The issue is now “%(status)s”; this action needs “%(expected)s”.")
            % {
                "status": current.get_status_display(),
                "expected": "、".join(
                    str(Status(state).label) for state in transition.sources
                ),
            }
        )
    if not transition.applies(current):
        raise InvalidTransition(str(transition.inapplicable))
    if by is None:
        raise PermissionDenied(_("Your role does not allow this action."))
    if not transition.allowed(by, current):
        raise PermissionDenied(policy.refusal(name, by, current))
    if transition.comment_required and not comment.strip():
        raise InvalidTransition(str(transition.comment_required))
    return current


def _move(
    issue: Issue,
    current: Issue,
    name: str,
    by,
    comment: str = "",
    notes=(),
    **fields,
) -> Issue:
    """Conditional UPDATE from the state read under lock, then the event
    and its comments on articles (``notes``: (article, comment) pairs).

    The ``status=`` filter is what makes two concurrent transitions safe even
    where row locks do not exist: the second one updates no row.
    """
    transition = TRANSITIONS[name]
    now = timezone.now()
    target = transition.target or current.status
    updated = Issue.objects.filter(pk=current.pk, status=current.status).update(
        status=target, updated_at=now, **fields
    )
    if updated != 1:
        raise InvalidTransition(_("Someone else changed this issue at the same time."))
    event = IssueEvent.objects.create(
        issue=current,
        from_status=current.status,
        to_status=target,
        actor=by,
        comment=comment.strip(),
        created_at=now,
    )
    IssueEventNote.objects.bulk_create(
        IssueEventNote(
            event=event, article=article, article_title=article.title, comment=text
        )
        for article, text in notes
    )
    _log_transition(transition, current, current.status, by)
    if transition.public:
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
    current = _begin(issue, "submit", by, comment)
    problems = submission_problems(current)
    if problems:
        raise InvalidTransition(*problems)
    # What the reviewer will compare with the previous submission.
    records.record(current, by=by, reason=Revision.Reason.SUBMITTED)
    _move(
        issue,
        current,
        "submit",
        by,
        comment,
        submitted_by=by,
        submitted_at=timezone.now(),
    )
    transaction.on_commit(lambda: notifications.submitted(issue))
    return issue


def _article_notes(current: Issue, notes) -> list[tuple]:
    """(article, comment) for each non-empty comment of ``notes``, a mapping
    of article ids to comments, in the issue's order; refused when one names
    an article that is not in the issue."""
    wanted = {int(pk): text.strip() for pk, text in (notes or {}).items()}
    wanted = {pk: text for pk, text in wanted.items() if text}
    if not wanted:
        return []
    articles = list(current.articles.filter(pk__in=wanted).order_by("position"))
    if len(articles) != len(wanted):
        raise InvalidTransition(
            _("A comment names an article that is no longer in this issue.")
        )
    return [(article, wanted[article.pk]) for article in articles]


@transaction.atomic
def return_to_draft(issue: Issue, *, by, comment: str, notes=None) -> Issue:
    """Send an issue in review back to its editor; the reason is required,
    and ``notes`` (article id → comment) may point at articles."""
    current = _begin(issue, "return", by, comment)
    pointed = _article_notes(current, notes)
    _move(issue, current, "return", by, comment, notes=pointed)
    transaction.on_commit(
        lambda: notifications.returned(issue, comment.strip(), pointed, by)
    )
    return issue


@transaction.atomic
def send_back(issue: Issue, *, by, comment: str, notes=None) -> Issue:
    """Send an approved issue back to draft before sign-off; the reason is
    required and ``notes`` may point at articles. The approval lapses, and
    so does a schedule: it must be reviewed and signed off again."""
    current = _begin(issue, "send_back", by, comment)
    pointed = _article_notes(current, notes)
    cancelled = _("Scheduled publication cancelled.") if current.publish_at else ""
    _move(
        issue,
        current,
        "send_back",
        by,
        " ".join(filter(None, [comment.strip(), cancelled])),
        notes=pointed,
        approved_by=None,
        approved_at=None,
        publish_at=None,
        scheduled_by=None,
    )
    transaction.on_commit(
        lambda: notifications.returned(issue, comment.strip(), pointed, by)
    )
    return issue


@transaction.atomic
def approve(issue: Issue, *, by, comment: str = "") -> Issue:
    """Approve an issue in review; never by the person who submitted it."""
    current = _begin(issue, "approve", by, comment)
    return _move(
        issue,
        current,
        "approve",
        by,
        comment,
        approved_by=by,
        approved_at=timezone.now(),
    )


@transaction.atomic
def publish(issue: Issue, *, by, comment: str = "") -> Issue:
    """Sign off an approved issue now: it gets its number (the next free
    one when the editor left it empty) and its masthead date."""
    current = _begin(issue, "publish", by, comment)
    return _sign_off(issue, current, by, comment)


def unnamed_signatories(issue: Issue) -> list[str]:
    """Why the footer of ``issue`` cannot be printed: the roles it would
    sign whose accounts have no full name (a login name is never printed)."""
    if not issue.series.show_signatures:
        return []
    return [
        _("The %(role)s, account “%(login)s”, has no full name.")
        % {"role": role, "login": user.get_username()}
        for role, attribute in edition.SIGNATORIES
        if (user := getattr(issue, attribute)) is not None and not full_name(user)
    ]


def _sign_off(issue: Issue, current: Issue, by, comment: str) -> Issue:
    """Number, date and record the issue, then publish it: what it prints
    is captured now and shown from then on (issues.edition)."""
    now = timezone.now()
    issue_date = current.issue_date or timezone.localdate(now)
    current.issue_date = issue_date
    current.published_by, current.published_at = by, now
    if problems := unnamed_signatories(current):
        raise InvalidTransition(
            *problems,
            _("An administrator enters the names under Users; then publish again."),
        )
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
        "publish",
        by,
        comment,
        number=number,
        issue_date=issue_date,
        published_by=by,
        published_at=now,
        publish_at=None,
        record=edition.capture(current),
    )
    records.record(issue, by=by, reason=Revision.Reason.PUBLISHED)
    transaction.on_commit(lambda: notifications.published(issue))
    return issue


@transaction.atomic
def schedule(issue: Issue, *, by, at: datetime, comment: str = "") -> Issue:
    """Set an approved issue to be published at a future time by the
    ``publish_scheduled`` command. Recorded as an event that keeps the
    status ``approved``."""
    current = _begin(issue, "schedule", by, comment)
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
    return _move(
        issue,
        current,
        "schedule",
        by,
        " ".join(filter(None, [note, comment.strip()])),
        publish_at=at,
        scheduled_by=by,
    )


@transaction.atomic
def cancel_schedule(issue: Issue, *, by, comment: str = "") -> Issue:
    """Keep an approved issue from going out at its scheduled time."""
    current = _begin(issue, "cancel_schedule", by, comment)
    return _move(
        issue,
        current,
        "cancel_schedule",
        by,
        " ".join(filter(None, [_("Scheduled publication cancelled."), comment])),
        publish_at=None,
        scheduled_by=None,
    )


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
            scheduler = current.scheduled_by
            if scheduler is None or not TRANSITIONS["publish"].allowed(
                scheduler, current
            ):
                # Whoever scheduled it may no longer sign it off (role taken
                # away, account deactivated): it stays approved, unscheduled.
                reason = _(
                    "Whoever scheduled this issue may no longer publish it; the "
                    "scheduled publication was cancelled."
                )
                at = current.publish_at
                _move(
                    current,
                    current,
                    "cancel_schedule",
                    None,
                    reason,
                    publish_at=None,
                    scheduled_by=None,
                )
                failed[current] = reason
                transaction.on_commit(
                    lambda issue=current, reason=reason, at=at: (
                        notifications.schedule_cancelled(issue, reason, at)
                    )
                )
                continue
            try:
                with transaction.atomic():
                    _sign_off(
                        current,
                        current,
                        scheduler,
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
    current = _begin(issue, "withdraw", by, comment)
    return _move(issue, current, "withdraw", by, comment)


@transaction.atomic
def reopen(issue: Issue, *, by, comment: str = "") -> Issue:
    """Bring a withdrawn issue back to draft, keeping its number."""
    current = _begin(issue, "reopen", by, comment)
    # A draft again: it shows its series and sources as they are now, and
    # is recorded afresh when it is signed off again.
    return _move(
        issue,
        current,
        "reopen",
        by,
        comment,
        submitted_by=None,
        submitted_at=None,
        approved_by=None,
        approved_at=None,
        record={},
    )


def _scheduled(issue: Issue) -> bool:
    return issue.publish_at is not None


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            name="submit",
            label=gettext_lazy("Submit for review"),
            sources=(Status.DRAFT,),
            target=Status.IN_REVIEW,
            role=policy.is_editor,
            who=gettext_lazy("an editor"),
            bulk=gettext_lazy("Submit selected issues for review"),
        ),
        Transition(
            name="return",
            label=gettext_lazy("Return to draft"),
            sources=(Status.IN_REVIEW,),
            target=Status.DRAFT,
            role=policy.is_reviewer,
            who=gettext_lazy("a reviewer"),
            comment_required=gettext_lazy(
                "Say what must change: a comment is required."
            ),
            article_notes=True,
        ),
        Transition(
            name="approve",
            label=gettext_lazy("Approve"),
            sources=(Status.IN_REVIEW,),
            target=Status.APPROVED,
            role=policy.is_reviewer,
            who=gettext_lazy("a reviewer"),
            rule=policy.can_approve,
            bulk=gettext_lazy("Approve selected issues"),
        ),
        Transition(
            name="publish",
            label=gettext_lazy("Publish or schedule"),
            sources=(Status.APPROVED,),
            target=Status.PUBLISHED,
            role=policy.is_publisher,
            who=gettext_lazy("a publisher"),
            rule=policy.can_publish,
            public=True,
            later="schedule",
            bulk=gettext_lazy("Publish selected issues now"),
        ),
        Transition(
            name="schedule",
            label=gettext_lazy("Schedule publication"),
            sources=(Status.APPROVED,),
            target=None,
            role=policy.is_publisher,
            who=gettext_lazy("a publisher"),
            rule=policy.can_publish,
            offered=False,
        ),
        Transition(
            name="cancel_schedule",
            label=gettext_lazy("Cancel scheduled publication"),
            sources=(Status.APPROVED,),
            target=None,
            role=policy.is_publisher,
            who=gettext_lazy("a publisher"),
            applies=_scheduled,
            inapplicable=gettext_lazy("The issue is not scheduled."),
        ),
        Transition(
            name="send_back",
            label=gettext_lazy("Send back to draft"),
            sources=(Status.APPROVED,),
            target=Status.DRAFT,
            role=policy.is_publisher,
            who=gettext_lazy("a publisher"),
            comment_required=gettext_lazy(
                "Say why it goes back and what must change: a comment is required."
            ),
            article_notes=True,
        ),
        Transition(
            name="withdraw",
            label=gettext_lazy("Withdraw"),
            sources=(Status.PUBLISHED,),
            target=Status.WITHDRAWN,
            role=policy.is_publisher,
            who=gettext_lazy("a publisher"),
            comment_required=gettext_lazy("Give the reason for withdrawing the issue."),
            public=True,
        ),
        Transition(
            name="reopen",
            label=gettext_lazy("Reopen as draft"),
            sources=(Status.WITHDRAWN,),
            target=Status.DRAFT,
            role=policy.can_reopen,
            who=gettext_lazy("an editor or a publisher"),
        ),
    ]
}

ACTIONS = {
    "submit": submit,
    "return": return_to_draft,
    "approve": approve,
    "publish": publish,
    "schedule": schedule,
    "cancel_schedule": cancel_schedule,
    "send_back": send_back,
    "withdraw": withdraw,
    "reopen": reopen,
}


def offered(user, issue: Issue) -> list[Transition]:
    """The transitions this user may start on this issue now, as buttons."""
    return [t for t in TRANSITIONS.values() if t.offered and t.allows(user, issue)]


def perform(name: str, issue: Issue, **kwargs) -> Issue:
    """Carry out the transition called ``name``."""
    return ACTIONS[name](issue, **kwargs)


def way_to_draft(status: str) -> list[Transition]:
    """The fewest transitions that bring an issue in ``status`` back to
    draft, where it can change (in review: return; approved: send back;
    published: withdraw, then reopen); empty for a draft."""
    paths = {status: []}
    queue = [status]
    while queue:
        state = queue.pop(0)
        if state == Status.DRAFT:
            return paths[state]
        for transition in TRANSITIONS.values():
            target = transition.target
            if state in transition.sources and target and target not in paths:
                paths[target] = [*paths[state], transition]
                queue.append(target)
    return []


def way_to_change(user, issue: Issue) -> str:
    """How a locked issue can be changed, in words: who does what, and
    whether this user can take the first step."""
    steps = way_to_draft(issue.status)
    if not steps:
        return ""
    way = _(", then ").join(
        _("%(who)s uses “%(action)s”") % {"who": t.who, "action": t.label}
        for t in steps
    )
    if steps[0].allows(user, issue):
        return _(
            "To change it: %(way)s. You can do it with the “%(action)s” button above."
        ) % {"way": way, "action": steps[0].label}
    return _("To change it: %(way)s.") % {"way": way}

"""Revisions of articles and issues: record, list, compare, restore.

A revision is a JSON snapshot of what an editor can change. An issue's
snapshot includes its articles, so comparing two issue revisions shows
articles added, removed, moved and edited — what a reviewer needs to see
since the last submission.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from articles import models as article_models
from articles.models import Article, Source
from issues import models as issue_models
from issues.models import Issue, IssueEvent
from issues.revisions.diff import (
    Budget,
    ParagraphDiff,
    coarsest,
    diff_text,
    is_changed,
)
from issues.revisions.models import Revision

ARTICLE_FIELDS = article_models.CONTENT_FIELDS
ISSUE_FIELDS = issue_models.CONTENT_FIELDS


def plain(value):
    """A field value as JSON data: dates as ISO text, a source by its name."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Source):
        return value.name
    return value


def _value(obj, name: str):
    return plain(getattr(obj, name))


def snapshot(obj) -> dict:
    """What an editor can change in an article or an issue, as JSON data."""
    if isinstance(obj, Article):
        data = {name: _value(obj, name) for name in ARTICLE_FIELDS}
        data["citation"] = obj.citation
        data["placement"] = f"{obj.issue} {obj.position}" if obj.issue_id else ""
        return data
    data = {name: _value(obj, name) for name in ISSUE_FIELDS}
    data["articles"] = [
        {"id": article.pk, "position": article.position, **snapshot(article)}
        for article in obj.articles.select_related("source", "issue__series").order_by(
            "position"
        )
    ]
    return data


def record(obj, *, by, reason: str = Revision.Reason.SAVED, note: str = "") -> Revision:
    """Keep the current state of ``obj`` as a new revision."""
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_version=obj.version,
        data=snapshot(obj),
        reason=reason,
        note=note,
        author=by if by and by.is_authenticated else None,
    )


def record_change(obj, *, by) -> Revision | None:
    """Keep the state of ``obj`` after a save, unless it is what the latest
    revision already holds: saving without a change adds no version."""
    previous = Revision.objects.of(obj).only("data").first()
    if previous is not None and previous.data == snapshot(obj):
        return None
    return record(obj, by=by)


def latest(obj) -> Revision | None:
    return Revision.objects.of(obj).select_related("author").first()


def number(obj, revision: Revision) -> int:
    """The revision's place among the object's revisions, oldest first: what
    it is called (版本 N). Revisions are never deleted, so it never changes,
    and unlike the row's version, which a transition or a move leaves as it
    is, no two revisions of one object share it."""
    return (
        Revision.objects.of(obj)
        .filter(
            Q(created_at__lt=revision.created_at)
            | Q(created_at=revision.created_at, pk__lte=revision.pk)
        )
        .count()
    )


def restored_fields(obj) -> list[str]:
    """What restoring a revision puts back: the content fields only."""
    return ARTICLE_FIELDS if isinstance(obj, Article) else ISSUE_FIELDS


def restores_something(obj, data: dict, current: dict | None = None) -> bool:
    """Whether restoring the snapshot ``data`` would change ``obj`` (whose
    snapshot is ``current``, when already taken): not for the current
    version."""
    current = snapshot(obj) if current is None else current
    return any(data.get(name) != current.get(name) for name in restored_fields(obj))


@dataclass
class HistoryEntry:
    """A line of an object's history: a saved revision or a workflow event."""

    at: object
    by: object
    label: str
    revision: Revision | None = None
    event: IssueEvent | None = None
    # A revision's number (see ``number``); whether it holds exactly the
    # current state, and whether restoring it would change anything.
    number: int | None = None
    current: bool = False
    restorable: bool = False


def history(obj, revisions) -> list[HistoryEntry]:
    """Revisions (a page of them) with the workflow events of the same span
    interleaved, newest first."""
    current = snapshot(obj)
    # The page is newest first: its first revision is the (count - start +
    # 1)th oldest.
    newest = revisions.paginator.count - revisions.start_index() + 1
    entries = [
        HistoryEntry(
            r.created_at,
            r.author,
            r.get_reason_display(),
            revision=r,
            number=newest - index,
            current=r.data == current,
            restorable=restores_something(obj, r.data, current),
        )
        for index, r in enumerate(revisions)
    ]
    issue = obj if isinstance(obj, Issue) else obj.issue
    if issue is not None and entries:
        span = {"created_at__lte": entries[0].at, "created_at__gte": entries[-1].at}
        if revisions.number == 1:
            span.pop("created_at__lte")
        if not revisions.has_next():
            span.pop("created_at__gte")
        events = issue.events.filter(**span).select_related("actor")
        for event in events.prefetch_related("notes"):
            entries.append(
                HistoryEntry(event.created_at, event.actor, event.label, event=event)
            )
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


@dataclass
class FieldChange:
    label: str
    paragraphs: list[ParagraphDiff]

    @property
    def compared_by(self) -> str:
        return coarsest(self.paragraphs)


@dataclass
class ArticleChange:
    """How one article differs between two issue revisions."""

    title: str
    status: str  # added, removed, moved, edited, unchanged
    old_position: int | None = None
    new_position: int | None = None
    fields: list[FieldChange] = field(default_factory=list)


def field_label(model, name: str) -> str:
    if name == "citation":
        return _("citation line")
    if name == "placement":
        return _("place")
    return str(model._meta.get_field(name).verbose_name)


def compare_fields(
    model, old: dict, new: dict, names, budget: Budget | None = None
) -> list[FieldChange]:
    """Field-by-field differences of two snapshots, changed fields only,
    all within one budget of work."""
    budget = Budget() if budget is None else budget
    changes = []
    for name in names:
        paragraphs = diff_text(
            _text(model, name, old.get(name)),
            _text(model, name, new.get(name)),
            budget,
        )
        if is_changed(paragraphs):
            changes.append(FieldChange(field_label(model, name), paragraphs))
    return changes


def _text(model, name: str, value) -> str:
    """A stored value as the editor knows it: a choice by its label
    (增刊, not supplement)."""
    if value is None:
        return ""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # the citation line and the placement
        return str(value)
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    return str(value)


ARTICLE_COMPARED = [*ARTICLE_FIELDS, "citation", "placement"]


def compare_articles(old: dict, new: dict) -> list[FieldChange]:
    return compare_fields(Article, old, new, ARTICLE_COMPARED)


def compare_issues(
    old: dict, new: dict
) -> tuple[list[FieldChange], list[ArticleChange]]:
    """Issue fields that changed, and every article added, removed, moved
    or edited between two issue snapshots, all within one budget of work."""
    budget = Budget()
    fields = compare_fields(Issue, old, new, ISSUE_FIELDS, budget)
    before = {a["id"]: a for a in old.get("articles", [])}
    after = {a["id"]: a for a in new.get("articles", [])}
    articles = []
    for article in new.get("articles", []):
        previous = before.get(article["id"])
        if previous is None:
            changes = compare_fields(Article, {}, article, ARTICLE_FIELDS, budget)
            articles.append(
                ArticleChange(
                    article["title"], "added", None, article["position"], changes
                )
            )
            continue
        changes = compare_fields(Article, previous, article, ARTICLE_FIELDS, budget)
        moved = previous["position"] != article["position"]
        status = "edited" if changes else "moved" if moved else "unchanged"
        articles.append(
            ArticleChange(
                article["title"],
                status,
                previous["position"],
                article["position"],
                changes,
            )
        )
    for article in old.get("articles", []):
        if article["id"] not in after:
            articles.append(
                ArticleChange(article["title"], "removed", article["position"], None)
            )
    return fields, articles


def previous_submission(issue: Issue) -> Revision | None:
    """The snapshot taken when the issue was last submitted before the
    current submission, else when it was last published."""
    submitted = Revision.objects.of(issue).filter(reason=Revision.Reason.SUBMITTED)
    earlier = submitted[1:2].first() if issue.status == Issue.Status.IN_REVIEW else None
    return (
        earlier
        or Revision.objects.of(issue).filter(reason=Revision.Reason.PUBLISHED).first()
    )


@transaction.atomic
def restore(obj, revision: Revision, *, by):
    """Put the content of an earlier revision back, as a new revision.

    Only content is restored: an article keeps its place, an issue its
    articles (each article has its own history) and its workflow state.
    """
    issue = obj if isinstance(obj, Issue) else obj.issue
    if issue is not None:
        issue.check_editable()
    data = revision.data
    if not restores_something(obj, data):
        raise ValidationError(
            _("This version holds the current content: there is nothing to restore."),
            code="unchanged",
        )
    for name in restored_fields(obj):
        value = data.get(name)
        if name == "source":
            value = Source.objects.by_name(value) if value else None
        elif name.endswith("date") and value:
            value = date.fromisoformat(value)
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return record(
        obj,
        by=by,
        reason=Revision.Reason.RESTORED,
        note=_("restored from version %(version)s")
        % {"version": number(obj, revision)},
    )

"""Who may read a series, and the handling mark it prints: changed only as a
signed-off act.

Making a series public opens every issue it has published to anonymous
readers at once (pages, feeds, sitemap, search, PDF); making it internal
closes them to all but logged-in readers. So only those
``policy.can_change_visibility`` allows change either field, always with a
reason, and each change is recorded as a SeriesEvent in the transaction that
makes it; cached pages are retired once it commits. The series admin shows
both fields read-only and links to the confirmation page that calls
``change``.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from articles.text import single_line
from issues import policy
from issues.models import Issue, Series, SeriesEvent

logger = logging.getLogger(__name__)

FIELDS = ("visibility", "handling_mark")


def normalised(visibility: str, handling_mark: str) -> dict[str, str]:
    """The new values, cleaned as the series' own fields clean them (a known
    visibility, the length and no classified marking); raises
    ValidationError keyed by field."""
    values = {"visibility": visibility, "handling_mark": single_line(handling_mark)}
    errors = {}
    for name, value in values.items():
        try:
            values[name] = Series._meta.get_field(name).clean(value, None)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    return values


def values_of(series: Series) -> dict[str, str]:
    return {name: getattr(series, name) for name in FIELDS}


def changes(old: dict[str, str], new: dict[str, str]) -> dict[str, tuple[str, str]]:
    """(old, new) of each field that changes."""
    return {name: (old[name], new[name]) for name in FIELDS if old[name] != new[name]}


def exposure(series: Series) -> tuple[int, int]:
    """How many published issues the series has, and articles in them: what
    a change of its visibility opens or closes."""
    return (
        Issue.objects.published().filter(series=series).count(),
        Article.objects.published().filter(issue__series=series).count(),
    )


@transaction.atomic
def change(
    series: Series,
    *,
    by,
    visibility: str,
    handling_mark: str,
    reason: str,
    expected: dict[str, str] | None = None,
) -> list[SeriesEvent]:
    """Set the series' visibility and handling mark, recording each change
    with who, when and why. ``expected`` holds the values the user decided
    on: if someone changed them meanwhile, nothing is written."""
    if by is None or not policy.can_change_visibility(by):
        raise PermissionDenied(
            _(
                "Only a publisher or an administrator may change who can read "
                "a series or its handling mark."
            )
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the change."), code="reason")
    values = normalised(visibility, handling_mark)
    current = Series.objects.select_for_update().get(pk=series.pk)
    if expected is not None and values_of(current) != expected:
        raise ValidationError(
            _(
                "Someone else changed this series' visibility or handling mark "
                "meanwhile; check the current values and decide again."
            ),
            code="stale",
        )
    changed = changes(values_of(current), values)
    if not changed:
        raise ValidationError(
            _("Neither the visibility nor the handling mark would change."),
            code="unchanged",
        )
    for name, (_old, new) in changed.items():
        setattr(current, name, new)
        setattr(series, name, new)
    # Series are InvalidatesPages: saving retires cached pages after commit.
    current.save(update_fields=list(changed))
    now = timezone.now()
    events = SeriesEvent.objects.bulk_create(
        SeriesEvent(
            series=current,
            field=name,
            old_value=old,
            new_value=new,
            actor=by,
            reason=reason,
            created_at=now,
        )
        for name, (old, new) in changed.items()
    )
    fields = {"series": current.pk, "fields": list(changed), "actor": by.pk}
    transaction.on_commit(lambda: logger.info("series visibility", extra=fields))
    return events

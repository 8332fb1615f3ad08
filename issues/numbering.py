"""Issue numbers: the next free number of a sequence, allocated under a lock.

A sequence is one series, one kind (regular, 增刊, 特刊 count separately)
and, for series that restart each year, one year.
"""

from django.db import transaction
from django.db.models import Max

from issues.models import Issue, Series


def next_free_number(series: Series, kind: str, number_year: int) -> int:
    """The number after the highest one taken in the sequence, drafts with
    a fixed number included. A suggestion only: nothing is reserved."""
    highest = Issue.objects.filter(
        series=series, kind=kind, number_year=number_year
    ).aggregate(highest=Max("number"))["highest"]
    return (highest or 0) + 1


@transaction.atomic
def assign_number(issue: Issue) -> int:
    """Give an issue without a number the next free one of its sequence.

    The series row is locked first (SELECT ... FOR UPDATE on PostgreSQL; a
    write transaction on SQLite), so two sign-offs in the same series are
    serialised and cannot both take the same number.
    """
    issue.lock_series()
    issue.number_year = issue.compute_number_year()
    if issue.number is None:
        issue.number = next_free_number(issue.series, issue.kind, issue.number_year)
    Issue.objects.filter(pk=issue.pk).update(
        number=issue.number, number_year=issue.number_year
    )
    return issue.number

"""What waits for whom on the admin index.

An editor sees the issues returned to them (with the comment), their own
drafts and what is scheduled; a reviewer, how many issues wait for review; a
publisher, how many approved issues wait for sign-off and whether scheduled
ones are overdue. Which lists a user gets follows their roles
(issues.policy); each list costs a fixed number of queries, however many
issues there are.
"""

from datetime import timedelta

from django.db.models import Prefetch
from django.utils import timezone

from issues import policy
from issues.models import Issue, IssueEvent

# Rows of each list on the index; the rest are a click away in the list.
SHOWN = 10
# Scheduled issues still waiting this long after their time mean the
# publish_scheduled cron job is not running.
OVERDUE_AFTER = timedelta(minutes=10)


def work_for(user) -> dict:
    """The index's lists and counts for ``user``, by role."""
    work = {}
    if policy.is_editor(user):
        own = (
            Issue.objects.filter(status=Issue.Status.DRAFT)
            .worked_on_by(user)
            .with_return_state()
            .select_related("series")
            .order_by("-updated_at", "-pk")
        )
        latest = IssueEvent.objects.select_related("actor").prefetch_related("notes")
        work["returned"] = list(
            own.filter(returned=True).prefetch_related(
                # Only the latest event: the return.
                Prefetch(
                    "events",
                    queryset=latest.order_by("-created_at", "-pk")[:1],
                    to_attr="latest_events",
                )
            )[:SHOWN]
        )
        work["drafts"] = list(own.filter(returned=False)[:SHOWN])
        work["scheduled"] = list(
            Issue.objects.scheduled().select_related("series")[:SHOWN]
        )
    if policy.is_reviewer(user):
        work["in_review"] = Issue.objects.filter(status=Issue.Status.IN_REVIEW).count()
    if policy.is_publisher(user):
        approved = Issue.objects.filter(status=Issue.Status.APPROVED)
        work["approved"] = approved.filter(publish_at__isnull=True).count()
        work["overdue"] = approved.filter(
            publish_at__lt=timezone.now() - OVERDUE_AFTER
        ).count()
    return work

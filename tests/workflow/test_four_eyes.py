"""Four eyes binds the content, three people sign off where a series asks,
and a schedule is re-checked when it falls due."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse

from issues import workflow
from issues.models import IssueEvent
from issues.revisions import records
from tests.factories import ArticleFactory, IssueFactory, SeriesFactory, UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def both():
    """Holds 编辑 and 审核, as small offices often do."""
    return UserFactory(username="both", groups=["编辑", "审核"], is_staff=True)


def draft(series=None):
    issue = IssueFactory(number=None, **({"series": series} if series else {}))
    article = ArticleFactory(issue=issue, position=1)
    return issue, article


def test_whoever_rewrote_an_article_cannot_approve_after_a_colleague_submits(
    both, editor, reviewer
):
    issue, article = draft()
    article.body = "改写后的正文。"
    article.save()
    records.record(article, by=both)
    workflow.submit(issue, by=editor)
    with pytest.raises(PermissionDenied, match="另一位审核人"):
        workflow.approve(issue, by=both)
    assert not IssueEvent.objects.filter(issue=issue, to_status="approved").exists()
    workflow.approve(issue, by=reviewer)
    assert issue.status == "approved"


def test_a_change_to_the_issue_itself_counts_too(both, editor):
    issue, _article = draft()
    records.record(issue, by=both)
    workflow.submit(issue, by=editor)
    with pytest.raises(PermissionDenied):
        workflow.approve(issue, by=both)


def test_changes_before_the_last_return_no_longer_bind(both, editor, reviewer):
    issue, article = draft()
    records.record(article, by=both)
    workflow.submit(issue, by=editor)
    workflow.return_to_draft(issue, by=reviewer, comment="请核对引文")
    records.record(article, by=editor)
    workflow.submit(issue, by=editor)
    workflow.approve(issue, by=both)
    assert issue.approved_by == both


def test_the_admin_explains_why_the_approve_button_is_missing(both, editor, client_as):
    issue, article = draft()
    records.record(article, by=both)
    workflow.submit(issue, by=editor)
    page = client_as(both).get(reverse("admin:issues_issue_change", args=[issue.pk]))
    transitions = [name for name, *_rest in page.context["workflow"]["transitions"]]
    assert "approve" not in transitions and "return" in transitions
    assert "另一位审核人" in page.content.decode()


def test_three_people_sign_off_where_the_series_asks(editor, reviewer, superuser):
    series = SeriesFactory(distinct_signoff=True)
    issue, _article = draft(series)
    workflow.submit(issue, by=editor)
    workflow.approve(issue, by=superuser)
    with pytest.raises(PermissionDenied, match="三人"):
        workflow.publish(issue, by=superuser)
    publisher = UserFactory(username="signer", groups=["签发"], is_staff=True)
    workflow.publish(issue, by=publisher)
    assert issue.status == "published"


def test_by_default_the_reviewer_may_also_publish(editor, superuser):
    issue, _article = draft()
    workflow.submit(issue, by=editor)
    workflow.approve(issue, by=superuser)
    workflow.publish(issue, by=superuser)
    assert issue.published_by == superuser


@pytest.mark.parametrize("lapse", ["role", "account"])
def test_a_schedule_whose_scheduler_lost_the_right_is_cancelled(
    lapse, editor, reviewer, publisher, django_capture_on_commit_callbacks
):
    other = UserFactory(username="publisher2", groups=["签发"], is_staff=True)
    issue, _article = draft()
    workflow.submit(issue, by=editor)
    workflow.approve(issue, by=reviewer)
    when = datetime.datetime(2030, 5, 1, 8, 0, tzinfo=SHANGHAI)
    with time_machine.travel(when - datetime.timedelta(hours=1)):
        workflow.schedule(issue, by=publisher, at=when)
    if lapse == "role":
        publisher.groups.clear()
    else:
        publisher.is_active = False
        publisher.save()
    with (
        time_machine.travel(when + datetime.timedelta(minutes=1)),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(CommandError),
    ):
        call_command("publish_scheduled", stdout=io.StringIO(), stderr=io.StringIO())
    issue.refresh_from_db()
    assert (issue.status, issue.publish_at, issue.scheduled_by) == (
        "approved",
        None,
        None,
    )
    last = IssueEvent.objects.filter(issue=issue).latest("pk")
    assert (last.from_status, last.to_status, last.actor) == (
        "approved",
        "approved",
        None,
    )
    assert "取消" in last.comment
    assert [m.to for m in mail.outbox] == [[other.email]]
    assert "2030-05-01 08:00" in mail.outbox[0].body

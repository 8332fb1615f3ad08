import datetime
import io
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from issues import workflow
from issues.models import Issue, IssueEvent
from tests.factories import ArticleFactory, IssueFactory, SeriesFactory, UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
ROLES = ["anonymous", "reader", "editor", "reviewer", "publisher", "superuser"]
STATES = ["draft", "in_review", "approved", "published", "withdrawn"]


def make_user(role):
    if role == "anonymous":
        return AnonymousUser()
    groups = {"editor": ["编辑"], "reviewer": ["审核"], "publisher": ["签发"]}.get(
        role, []
    )
    return UserFactory(
        username=f"{role}-user",
        groups=groups,
        is_staff=role != "reader",
        is_superuser=role == "superuser",
    )


def issue_in(state):
    """A complete issue in a state, submitted by someone else (four eyes)."""
    trait = {} if state == "draft" else {state: True}
    issue = IssueFactory(
        number=None if state in {"draft", "in_review", "approved"} else 7, **trait
    )
    ArticleFactory(issue=issue, position=1)
    return issue


def run(transition, issue, user):
    future = datetime.datetime(2099, 1, 1, 9, 0, tzinfo=SHANGHAI)
    actions = {
        "submit": lambda: workflow.submit(issue, by=user),
        "return": lambda: workflow.return_to_draft(issue, by=user, comment="标题有误"),
        "approve": lambda: workflow.approve(issue, by=user),
        "publish": lambda: workflow.publish(issue, by=user),
        "schedule": lambda: workflow.schedule(issue, by=user, at=future),
        "send_back": lambda: workflow.send_back(issue, by=user, comment="再核对"),
        "withdraw": lambda: workflow.withdraw(issue, by=user, comment="内容需更正"),
        "reopen": lambda: workflow.reopen(issue, by=user),
    }
    actions[transition]()


# Written out, not derived from the permission rules: (transition, state) →
# roles that succeed. Everything else must be refused.
ALLOWED = {
    ("submit", "draft"): {"editor", "superuser"},
    ("return", "in_review"): {"reviewer", "superuser"},
    ("approve", "in_review"): {"reviewer", "superuser"},
    ("publish", "approved"): {"publisher", "superuser"},
    ("schedule", "approved"): {"publisher", "superuser"},
    ("send_back", "approved"): {"publisher", "superuser"},
    ("withdraw", "published"): {"publisher", "superuser"},
    ("reopen", "withdrawn"): {"editor", "publisher", "superuser"},
}
RESULT = {
    "submit": "in_review",
    "return": "draft",
    "approve": "approved",
    "publish": "published",
    "schedule": "approved",
    "send_back": "draft",
    "withdraw": "withdrawn",
    "reopen": "draft",
}


@pytest.mark.parametrize(
    ("transition", "state", "role"),
    list(itertools.product(RESULT, STATES, ROLES)),
)
def test_permission_matrix(transition, state, role):
    issue = issue_in(state)
    user = make_user(role)
    before = IssueEvent.objects.count()
    if role in ALLOWED.get((transition, state), set()):
        run(transition, issue, user)
        issue.refresh_from_db()
        assert issue.status == RESULT[transition]
        assert IssueEvent.objects.count() == before + 1
    else:
        with pytest.raises((PermissionDenied, workflow.InvalidTransition)):
            run(transition, issue, user)
        issue.refresh_from_db()
        assert issue.status == state
        assert IssueEvent.objects.count() == before


def test_submission_lists_every_problem_in_chinese(editor):
    issue = IssueFactory(number=None)
    with pytest.raises(workflow.InvalidTransition) as empty:
        workflow.submit(issue, by=editor)
    assert empty.value.messages == ["本期还没有文章。"]
    ArticleFactory(issue=issue, position=1, title="无出处", source=None)
    ArticleFactory(issue=issue, position=2, title="无正文", body=" ")
    with pytest.raises(workflow.InvalidTransition) as incomplete:
        workflow.submit(issue, by=editor)
    assert incomplete.value.messages == [
        "《无出处》缺少：出处。",
        "《无正文》缺少：正文。",
    ]
    issue.refresh_from_db()
    assert issue.status == "draft"


def test_a_regular_number_used_by_a_special_issue_is_still_free(editor):
    series = SeriesFactory()
    IssueFactory(series=series, number=5, kind="special")
    issue = IssueFactory(series=series, number=5)
    ArticleFactory(issue=issue, position=1)
    # A regular number is free although a special issue uses it.
    workflow.submit(issue, by=editor)
    assert issue.status == "in_review"


def test_four_eyes_even_with_both_roles():
    both = UserFactory(username="both", groups=["编辑", "审核"], is_staff=True)
    issue = issue_in("draft")
    workflow.submit(issue, by=both)
    with pytest.raises(PermissionDenied, match="双人审核"):
        workflow.approve(issue, by=both)
    other = make_user("reviewer")
    workflow.approve(issue, by=other)
    assert (issue.status, issue.approved_by) == ("approved", other)


def test_return_requires_a_comment(reviewer):
    issue = issue_in("in_review")
    with pytest.raises(workflow.InvalidTransition, match="退回意见"):
        workflow.return_to_draft(issue, by=reviewer, comment="  ")
    workflow.return_to_draft(issue, by=reviewer, comment="请补充出处")
    event = issue.events.get()
    assert (event.from_status, event.to_status, event.actor, event.comment) == (
        "in_review",
        "draft",
        reviewer,
        "请补充出处",
    )


def test_publication_assigns_the_next_free_number_and_the_sign_off_date(publisher):
    series = SeriesFactory()
    IssueFactory(series=series, number=75, published=True)
    abandoned = IssueFactory(series=series, number=None)  # noqa: F841 (leaves no gap)
    issue = IssueFactory(series=series, number=None, issue_date=None, approved=True)
    ArticleFactory(issue=issue, position=1)
    with time_machine.travel(datetime.datetime(2024, 3, 1, 23, 30, tzinfo=SHANGHAI)):
        workflow.publish(issue, by=publisher)
    assert issue.number == 76
    assert issue.issue_date == datetime.date(2024, 3, 1)  # Beijing date, not UTC
    assert issue.masthead_date_label == "2024年3月1日"
    assert (issue.published_by, issue.status) == (publisher, "published")


@pytest.mark.parametrize("printed", [True, False])
def test_a_footer_is_signed_only_with_full_names(publisher, printed):
    issue = issue_in("approved")
    issue.series.show_signatures = printed
    issue.series.save()
    unnamed = issue.submitted_by
    unnamed.first_name = ""
    unnamed.save()
    if not printed:
        workflow.publish(issue, by=publisher)
        assert (issue.status, issue.record["signatures"]) == ("published", [])
        return
    with pytest.raises(workflow.InvalidTransition) as refused:
        workflow.publish(issue, by=publisher)
    assert refused.value.messages[0] == (
        f"编辑（账户“{unnamed.username}”）尚未填写姓名。"
    )
    issue.refresh_from_db()
    assert (issue.status, issue.number, issue.record) == ("approved", None, {})


def test_a_fixed_masthead_date_is_kept(publisher):
    issue = issue_in("approved")
    issue.issue_date = datetime.date(2023, 7, 23)
    issue.save()
    workflow.publish(issue, by=publisher)
    assert issue.issue_date == datetime.date(2023, 7, 23)


def test_yearly_series_numbers_restart(publisher):
    series = SeriesFactory(numbering="yearly")
    IssueFactory(
        series=series, number=12, issue_date=datetime.date(2023, 12, 20), published=True
    )
    issue = IssueFactory(series=series, number=None, issue_date=None, approved=True)
    ArticleFactory(issue=issue, position=1)
    with time_machine.travel(datetime.datetime(2024, 1, 5, 10, tzinfo=SHANGHAI)):
        workflow.publish(issue, by=publisher)
    assert (issue.number_year, issue.number) == (2024, 1)


def test_withdraw_needs_a_reason_then_reopen_keeps_the_number(publisher, editor):
    issue = issue_in("published")
    with pytest.raises(workflow.InvalidTransition, match="撤回原因"):
        workflow.withdraw(issue, by=publisher, comment="")
    workflow.withdraw(issue, by=publisher, comment="引文有误")
    assert issue.status == "withdrawn"
    workflow.reopen(issue, by=editor)
    assert (issue.status, issue.number, issue.submitted_by) == ("draft", 7, None)
    article = issue.articles.get()
    article.title = "更正后的标题"
    article.full_clean()
    article.save()
    workflow.submit(issue, by=editor)
    assert issue.status == "in_review"


def test_stale_instance_cannot_transition_twice(reviewer, publisher):
    issue = issue_in("in_review")
    stale = Issue.objects.get(pk=issue.pk)
    workflow.approve(issue, by=reviewer)
    with pytest.raises(workflow.InvalidTransition, match="当前状态为“已审核”"):
        workflow.return_to_draft(stale, by=reviewer, comment="晚了一步")
    assert IssueEvent.objects.filter(issue=issue).count() == 1


def schedule_for(issue, publisher, when):
    with time_machine.travel(when - datetime.timedelta(hours=1)):
        workflow.schedule(issue, by=publisher, at=when)


def test_scheduled_issue_goes_out_when_its_time_comes(publisher):
    issue = issue_in("approved")
    when = datetime.datetime(2030, 5, 1, 8, 0, tzinfo=SHANGHAI)
    schedule_for(issue, publisher, when)
    assert (issue.status, issue.publish_at, issue.scheduled_by) == (
        "approved",
        when,
        publisher,
    )
    out = io.StringIO()
    with time_machine.travel(when - datetime.timedelta(minutes=1)):
        call_command("publish_scheduled", stdout=out)
    issue.refresh_from_db()
    assert issue.status == "approved"
    with time_machine.travel(when + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled", stdout=out)
        call_command("publish_scheduled", stdout=out)  # idempotent
    issue.refresh_from_db()
    assert (issue.status, issue.published_by, issue.publish_at) == (
        "published",
        publisher,
        None,
    )
    assert out.getvalue().count("已发布") == 1
    assert issue.record["signatures"][-1] == ["签发", publisher.first_name]
    assert [e.to_status for e in issue.events.order_by("created_at")] == [
        "approved",
        "published",
    ]


def test_schedule_must_be_in_the_future(publisher):
    issue = issue_in("approved")
    with pytest.raises(workflow.InvalidTransition, match="晚于现在"):
        workflow.schedule(
            issue, by=publisher, at=datetime.datetime(2000, 1, 1, tzinfo=SHANGHAI)
        )


def test_schedule_refuses_a_number_taken_in_the_year_it_goes_out(publisher):
    series = SeriesFactory(numbering="yearly")
    with time_machine.travel(datetime.datetime(2029, 12, 30, tzinfo=SHANGHAI)):
        issue = IssueFactory(series=series, number=1, issue_date=None, approved=True)
        IssueFactory(
            series=series,
            number=1,
            issue_date=datetime.date(2030, 1, 1),
            published=True,
        )
        with pytest.raises(workflow.InvalidTransition, match="期号已被本刊使用"):
            workflow.schedule(
                issue,
                by=publisher,
                at=datetime.datetime(2030, 1, 2, 8, tzinfo=SHANGHAI),
            )
    issue.refresh_from_db()
    assert issue.publish_at is None


def test_cancelled_schedule_does_not_publish(publisher):
    issue = issue_in("approved")
    when = datetime.datetime(2030, 5, 1, 8, 0, tzinfo=SHANGHAI)
    schedule_for(issue, publisher, when)
    workflow.cancel_schedule(issue, by=publisher)
    with time_machine.travel(when + datetime.timedelta(hours=1)):
        call_command("publish_scheduled", stdout=io.StringIO())
    issue.refresh_from_db()
    assert (issue.status, issue.publish_at) == ("approved", None)


def test_failed_scheduled_publication_is_loud(
    publisher, django_capture_on_commit_callbacks
):
    # A yearly series: number 1 fixed in December counts in the new year once
    # the issue goes out in January, where another issue already has it.
    series = SeriesFactory(numbering="yearly")
    with time_machine.travel(datetime.datetime(2029, 12, 30, tzinfo=SHANGHAI)):
        issue = IssueFactory(series=series, number=1, issue_date=None, approved=True)
    ArticleFactory(issue=issue, position=1)
    when = datetime.datetime(2030, 1, 2, 8, 0, tzinfo=SHANGHAI)
    schedule_for(issue, publisher, when)
    IssueFactory(
        series=series, number=1, issue_date=datetime.date(2030, 1, 1), published=True
    )
    with (
        time_machine.travel(when + datetime.timedelta(minutes=1)),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(CommandError, match="1 期定时发布失败"),
    ):
        call_command("publish_scheduled", stdout=io.StringIO(), stderr=io.StringIO())
    issue.refresh_from_db()
    assert issue.status == "approved"
    assert [m.to for m in mail.outbox] == [[publisher.email]]
    assert "期号1已被本刊使用" in mail.outbox[0].body


def test_notifications_reach_the_right_people(
    editor, reviewer, publisher, django_capture_on_commit_callbacks
):
    other_reviewer = UserFactory(username="reviewer2", groups=["审核"], is_staff=True)
    issue = issue_in("draft")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(issue, by=editor)
    assert sorted(mail.outbox[0].to) == sorted([reviewer.email, other_reviewer.email])
    assert mail.outbox[0].subject == f"【待审核】{issue}"
    assert editor.first_name in mail.outbox[0].body
    assert editor.username not in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_to_draft(issue, by=reviewer, comment="第二段引文请核对")
    assert mail.outbox[1].to == [editor.email]
    assert "第二段引文请核对" in mail.outbox[1].body
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(issue, by=editor)
        workflow.approve(issue, by=reviewer)
        workflow.publish(issue, by=publisher)
    published = mail.outbox[-1]
    assert published.to == [editor.email]
    assert published.subject == f"【已发布】{issue}"
    assert settings.SITE_URL + issue.get_absolute_url() in published.body


def test_links_in_mail_use_the_configured_site_address(
    settings, editor, reviewer, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://bulletin.example.cn"
    issue = issue_in("draft")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(issue, by=editor)
        workflow.return_to_draft(issue, by=reviewer, comment="请核对出处")
    change = f"https://bulletin.example.cn/admin/issues/issue/{issue.pk}/change/"
    for message in mail.outbox:
        assert change in message.body
        assert "127.0.0.1" not in message.body


def test_no_mail_when_a_transition_is_rolled_back(
    editor, django_capture_on_commit_callbacks
):
    issue = IssueFactory(number=None)  # no article: submission refused
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(workflow.InvalidTransition),
    ):
        workflow.submit(issue, by=editor)
    assert mail.outbox == []


def test_superusers_who_may_act_are_told_and_a_submitter_is_not(
    editor, reviewer, superuser, django_capture_on_commit_callbacks
):
    both = UserFactory(username="both", groups=["编辑", "审核"], is_staff=True)
    issue = issue_in("draft")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(issue, by=both)
    assert sorted(mail.outbox[0].to) == sorted([reviewer.email, superuser.email])

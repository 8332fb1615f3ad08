"""Sending an issue back to draft — from review (return) or from sign-off
(send back) — with a comment, and comments pointing at articles that stay
open until the issue is submitted again."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from issues import workflow
from issues.models import Issue, IssueEvent, IssueEventNote
from tests.factories import ArticleFactory, IssueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(editor, reviewer):
    issue = IssueFactory(number=None)
    ArticleFactory(issue=issue, position=1, title="京蒙协作再上新台阶")
    ArticleFactory(issue=issue, position=2, title="两地签署协议")
    workflow.submit(issue, by=editor)
    workflow.approve(issue, by=reviewer)
    return issue


def test_publisher_sends_an_approved_issue_back_with_a_comment(
    approved, editor, publisher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.send_back(approved, by=publisher, comment="第二篇来源有误")
    approved.refresh_from_db()
    assert (approved.status, approved.approved_by, approved.approved_at) == (
        "draft",
        None,
        None,
    )
    event = approved.events.first()
    assert (event.from_status, event.to_status, event.actor, event.comment) == (
        "approved",
        "draft",
        publisher,
        "第二篇来源有误",
    )
    assert mail.outbox[-1].to == [editor.email]
    assert "第二篇来源有误" in mail.outbox[-1].body


def test_a_scheduled_issue_sent_back_loses_its_schedule(approved, publisher):
    at = datetime.datetime(2099, 1, 1, 8, tzinfo=datetime.UTC)
    workflow.schedule(approved, by=publisher, at=at)
    workflow.send_back(approved, by=publisher, comment="暂缓")
    approved.refresh_from_db()
    assert (approved.status, approved.publish_at, approved.scheduled_by) == (
        "draft",
        None,
        None,
    )
    assert "已取消定时发布" in approved.events.first().comment


def test_sending_back_needs_a_comment_and_a_publisher(approved, reviewer, publisher):
    with pytest.raises(workflow.InvalidTransition):
        workflow.send_back(approved, by=publisher, comment="  ")
    with pytest.raises(PermissionDenied):
        workflow.send_back(approved, by=reviewer, comment="改")
    approved.refresh_from_db()
    assert approved.status == "approved"


def test_return_keeps_a_comment_on_each_article_pointed_at(
    editor, reviewer, django_capture_on_commit_callbacks
):
    issue = IssueFactory(number=None)
    first = ArticleFactory(issue=issue, position=1, title="京蒙协作再上新台阶")
    second = ArticleFactory(issue=issue, position=2, title="两地签署协议")
    workflow.submit(issue, by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_to_draft(
            issue,
            by=reviewer,
            comment="请按意见修改",
            notes={second.pk: "第二段引文请核对", first.pk: "  "},
        )
    event = issue.events.first()
    assert [(n.article, n.article_title, n.comment) for n in event.notes.all()] == [
        (second, "两地签署协议", "第二段引文请核对")
    ]
    assert list(IssueEventNote.objects.open()) == list(event.notes.all())
    assert "《两地签署协议》：第二段引文请核对" in mail.outbox[-1].body
    # Submitting again closes the comments; the record keeps them.
    workflow.submit(issue, by=editor)
    assert not IssueEventNote.objects.open().exists()
    assert event.notes.count() == 1


def test_a_comment_on_an_article_outside_the_issue_writes_nothing(editor, reviewer):
    issue = IssueFactory(number=None)
    ArticleFactory(issue=issue, position=1)
    elsewhere = ArticleFactory()
    workflow.submit(issue, by=editor)
    with pytest.raises(workflow.InvalidTransition):
        workflow.return_to_draft(
            issue, by=reviewer, comment="改", notes={elsewhere.pk: "不在本期"}
        )
    issue.refresh_from_db()
    assert issue.status == "in_review"
    assert IssueEvent.objects.filter(issue=issue).count() == 1
    assert not IssueEventNote.objects.exists()


@pytest.mark.parametrize(
    ("status", "way"),
    [
        ("draft", []),
        ("in_review", ["return"]),
        ("approved", ["send_back"]),
        ("published", ["withdraw", "reopen"]),
        ("withdrawn", ["reopen"]),
    ],
)
def test_the_way_back_to_draft_comes_from_the_table(status, way):
    assert [t.name for t in workflow.way_to_draft(Issue.Status(status))] == way

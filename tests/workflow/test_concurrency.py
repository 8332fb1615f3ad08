"""Races that only real concurrent connections can show (PostgreSQL)."""

import datetime
import io
import threading
import time

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from issues import workflow
from issues.admin.issues import IssueAdmin
from issues.models import Issue
from tests.factories import ArticleFactory, IssueFactory, SeriesFactory, UserFactory
from tests.html import flatten, form_data
from tests.utils import requires_postgresql

# serialized_rollback restores the roles the data migration created, which
# transactional tests otherwise flush away.
pytestmark = [
    requires_postgresql,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_together(*calls):
    """Start the calls at the same moment in threads; return their results."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_issues_saved_at_once_with_the_same_number(monkeypatch):
    """One wins; the other gets a Chinese form error, never a 500."""
    series = SeriesFactory()
    editors = [
        UserFactory(username=f"editor{i}", groups=["编辑"], is_staff=True)
        for i in (1, 2)
    ]
    url = reverse("admin:issues_issue_add")
    clients = []
    for editor in editors:
        client = Client(raise_request_exception=False)
        client.force_login(editor)
        data = flatten(form_data(client.get(url), "issue_form"))
        data.update(series=series.pk, kind="regular", number="76")
        clients.append((client, data))

    # Widen the window between validation and INSERT so that, without the
    # series lock, both requests would pass validation.
    original_save = IssueAdmin.save_model

    def slow_save(self, *args, **kwargs):
        time.sleep(0.5)
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(IssueAdmin, "save_model", slow_save)
    responses = run_together(*(lambda c=c, d=d: c.post(url, d) for c, d in clients))

    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert "该期号已被本刊使用" in refused.content.decode()
    assert Issue.objects.filter(series=series, number=76).count() == 1


def attempt(action, issue_pk, **kwargs):
    """Run a transition on a fresh instance; True if it succeeded."""
    try:
        action(Issue.objects.get(pk=issue_pk), **kwargs)
    except (workflow.InvalidTransition, PermissionDenied):
        return False
    return True


def test_two_reviewers_deciding_at_once_cannot_both_succeed():
    issue = IssueFactory(number=None, in_review=True)
    ArticleFactory(issue=issue, position=1)
    first = UserFactory(username="reviewer1", groups=["审核"], is_staff=True)
    second = UserFactory(username="reviewer2", groups=["审核"], is_staff=True)
    results = run_together(
        lambda: attempt(workflow.approve, issue.pk, by=first),
        lambda: attempt(
            workflow.return_to_draft, issue.pk, by=second, comment="不同意"
        ),
    )
    assert sorted(results) == [False, True]
    issue.refresh_from_db()
    assert issue.events.count() == 1
    assert issue.status == issue.events.get().to_status


def test_concurrent_sign_offs_in_one_series_get_distinct_numbers():
    series = SeriesFactory()
    publisher = UserFactory(username="publisher1", groups=["签发"], is_staff=True)
    issues = []
    for _ in range(2):
        issue = IssueFactory(series=series, number=None, approved=True)
        ArticleFactory(issue=issue, position=1)
        issues.append(issue)
    results = run_together(
        *(lambda pk=i.pk: attempt(workflow.publish, pk, by=publisher) for i in issues)
    )
    assert results == [True, True]
    assert sorted(
        Issue.objects.filter(series=series).values_list("number", flat=True)
    ) == [1, 2]


def test_two_copies_of_publish_scheduled_publish_each_issue_once():

    series = SeriesFactory()
    publisher = UserFactory(username="publisher2", groups=["签发"], is_staff=True)
    when = timezone.now() + datetime.timedelta(hours=1)
    for _ in range(6):
        issue = IssueFactory(series=series, number=None, approved=True)
        ArticleFactory(issue=issue, position=1)
        workflow.schedule(issue, by=publisher, at=when)
    outputs = [io.StringIO(), io.StringIO()]
    with time_machine.travel(when + datetime.timedelta(minutes=1)):
        run_together(
            *(
                lambda out=out: call_command("publish_scheduled", stdout=out)
                for out in outputs
            )
        )
    published = Issue.objects.filter(series=series, status="published")
    assert published.count() == 6
    assert sorted(published.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert sum(out.getvalue().count("已发布") for out in outputs) == 6
    assert all(i.events.filter(to_status="published").count() == 1 for i in published)


def test_two_saves_of_the_same_version_cannot_both_succeed():
    from articles.models import Article
    from bulletin_cms.concurrency import EditConflict

    article = ArticleFactory(title="原标题")

    def save(title):
        copy = Article.objects.get(pk=article.pk)
        copy.title = title
        time.sleep(0.2)  # both have read version 1 before either writes
        try:
            copy.save()
        except EditConflict:
            return False
        return True

    results = run_together(lambda: save("甲的标题"), lambda: save("乙的标题"))
    assert sorted(results) == [False, True]
    article.refresh_from_db()
    assert article.version == 2
    assert article.title == ("甲的标题" if results[0] else "乙的标题")

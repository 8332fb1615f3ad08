"""One declaration per transition drives the workflow, the admin and the
page cache."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from bulletin_cms.invalidation import GENERATION_KEY
from issues import workflow
from issues.models import Issue, IssueEvent
from tests.factories import ArticleFactory, IssueFactory

pytestmark = pytest.mark.django_db


def generation():
    return cache.get(GENERATION_KEY)


@pytest.fixture
def primed():
    cache.set(GENERATION_KEY, 5, timeout=None)


def test_every_transition_names_a_known_state_and_an_action():
    states = set(Issue.Status.values)
    for name, transition in workflow.TRANSITIONS.items():
        assert transition.name == name
        assert set(transition.sources) <= states
        assert transition.target is None or transition.target in states
        assert name in workflow.ACTIONS


def test_only_publishing_and_withdrawing_retire_cached_pages(
    primed, editor, reviewer, publisher, django_capture_on_commit_callbacks
):
    issue = IssueFactory(number=None)
    ArticleFactory(issue=issue, position=1)
    steps = [
        (workflow.submit, editor, {}, False),
        (workflow.return_to_draft, reviewer, {"comment": "改"}, False),
        (workflow.submit, editor, {}, False),
        (workflow.approve, reviewer, {}, False),
        (workflow.send_back, publisher, {"comment": "再改"}, False),
        (workflow.submit, editor, {}, False),
        (workflow.approve, reviewer, {}, False),
        (
            workflow.schedule,
            publisher,
            {"at": timezone.now() + timezone.timedelta(days=1)},
            False,
        ),
        (workflow.cancel_schedule, publisher, {}, False),
        (workflow.publish, publisher, {}, True),
        (workflow.withdraw, publisher, {"comment": "更正"}, True),
        (workflow.reopen, editor, {}, False),
    ]
    for action, by, kwargs, public in steps:
        before = generation()
        with django_capture_on_commit_callbacks(execute=True):
            action(issue, by=by, **kwargs)
        assert (generation() != before) is public, action.__name__


def test_scheduling_and_cancelling_write_their_events_like_any_transition(
    reviewer, publisher
):
    issue = IssueFactory(status=Issue.Status.APPROVED, approved_by=reviewer)
    at = timezone.now() + timezone.timedelta(hours=3)
    workflow.schedule(issue, by=publisher, at=at)
    workflow.cancel_schedule(issue, by=publisher, comment="延后")
    events = list(IssueEvent.objects.filter(issue=issue).order_by("pk"))
    assert [(e.from_status, e.to_status, e.actor) for e in events] == [
        ("approved", "approved", publisher),
        ("approved", "approved", publisher),
    ]
    assert "延后" in events[1].comment
    issue.refresh_from_db()
    assert issue.publish_at is None and issue.scheduled_by is None


def test_bulk_actions_are_the_table_s_for_the_role(client_as, editor, publisher):
    url = reverse("admin:issues_issue_changelist")
    offered = {
        user.username: set(
            client_as(user).get(url).context["action_form"].fields["action"].choices
        )
        for user in (editor, publisher)
    }
    names = {
        user: {name for name, _label in choices} for user, choices in offered.items()
    }
    assert "submit_selected" in names["editor"]
    assert "publish_selected" not in names["editor"]
    assert "publish_selected" in names["publisher"]
    assert "submit_selected" not in names["publisher"]

"""Changing who may read a series, or its handling mark, is signed off:
publishers and administrators only, with a reason, recorded with the change
in one transaction, cached pages retired after commit."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError

from bulletin_cms.invalidation import GENERATION_KEY
from issues import visibility
from issues.models import Series, SeriesEvent
from tests.factories import ArticleFactory, IssueFactory, SeriesFactory

pytestmark = pytest.mark.django_db

INTERNAL, PUBLIC = Series.Visibility.INTERNAL, Series.Visibility.PUBLIC


@pytest.fixture
def series():
    return SeriesFactory(name="内部参阅", slug="nbcy", visibility=INTERNAL)


def make_public(series, by, **kwargs):
    arguments = {
        "visibility": PUBLIC,
        "handling_mark": series.handling_mark,
        "reason": "经领导小组同意，面向社会公开",
        **kwargs,
    }
    return visibility.change(series, by=by, **arguments)


def unchanged(series) -> bool:
    series.refresh_from_db()
    return series.visibility == INTERNAL and not SeriesEvent.objects.exists()


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_editors_and_reviewers_cannot_change_visibility(request, series, role):
    with pytest.raises(PermissionDenied, match="签发人或管理员"):
        make_public(series, request.getfixturevalue(role))
    assert unchanged(series)


def test_nobody_changes_visibility_anonymously(series):
    with pytest.raises(PermissionDenied):
        make_public(series, None)
    assert unchanged(series)


@pytest.mark.parametrize("role", ["publisher", "superuser"])
def test_publishers_and_administrators_change_it_and_it_is_recorded(
    request, series, role
):
    actor = request.getfixturevalue(role)
    [event] = make_public(series, actor, reason="  经领导小组同意，面向社会公开\n")
    series.refresh_from_db()
    assert series.visibility == PUBLIC
    event.refresh_from_db()
    assert (
        event.series,
        event.field,
        event.old_value,
        event.new_value,
        event.actor,
        event.reason,
    ) == (series, "visibility", INTERNAL, PUBLIC, actor, "经领导小组同意，面向社会公开")
    assert (event.old_display, event.new_display) == ("内部（读者须登录）", "公开")
    assert event.created_at is not None


@pytest.mark.parametrize("reason", ["", "  \n　"])
def test_a_reason_is_required(series, publisher, reason):
    with pytest.raises(ValidationError, match="请说明更改的原因"):
        make_public(series, publisher, reason=reason)
    assert unchanged(series)


def test_each_changed_field_is_its_own_event(series, publisher):
    events = make_public(series, publisher, handling_mark="内部资料")
    assert [(e.field, e.old_value, e.new_value) for e in events] == [
        ("visibility", INTERNAL, PUBLIC),
        ("handling_mark", "", "内部资料"),
    ]
    assert [e.old_display for e in events] == ["内部（读者须登录）", "（无）"]
    assert SeriesEvent.objects.filter(series=series).count() == 2


def test_the_handling_mark_alone_is_a_change_too(series, publisher):
    [event] = make_public(
        series, publisher, visibility=INTERNAL, handling_mark="内部资料"
    )
    assert (event.field, event.new_value) == ("handling_mark", "内部资料")


def test_a_classified_mark_is_refused(series, publisher):
    with pytest.raises(ValidationError, match="不得处理涉密内容"):
        make_public(series, publisher, handling_mark="秘密★1年")
    assert unchanged(series)


def test_nothing_to_change_is_refused(series, publisher):
    with pytest.raises(ValidationError, match="都没有变化"):
        make_public(series, publisher, visibility=INTERNAL)
    assert unchanged(series)


def test_a_change_made_meanwhile_is_not_overwritten(series, publisher):
    expected = visibility.values_of(series)
    Series.objects.filter(pk=series.pk).update(handling_mark="内部资料")
    with pytest.raises(ValidationError, match="其他人刚刚更改"):
        make_public(series, publisher, expected=expected)
    series.refresh_from_db()
    assert series.visibility == INTERNAL
    assert not SeriesEvent.objects.exists()


def test_change_and_record_are_one_transaction(series, publisher, monkeypatch):
    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(SeriesEvent.objects, "bulk_create", fail)
    with pytest.raises(DatabaseError):
        make_public(series, publisher)
    assert unchanged(series)


def test_cached_pages_are_retired_after_commit(
    series, publisher, django_capture_on_commit_callbacks
):
    cache.set(GENERATION_KEY, 5, timeout=None)
    with django_capture_on_commit_callbacks() as callbacks:
        make_public(series, publisher)
        assert cache.get(GENERATION_KEY) == 5
    for callback in callbacks:
        callback()
    assert cache.get(GENERATION_KEY) == 6


def test_exposure_counts_published_issues_and_their_articles(series):
    issues = [
        IssueFactory(series=series, number=number, **{status: True})
        for number, status in ((1, "published"), (2, "published"), (3, "withdrawn"))
    ]
    for issue in issues:
        ArticleFactory(issue=issue, position=1)
    ArticleFactory(issue=issues[0], position=2)
    ArticleFactory(issue=IssueFactory(series=series, number=4), position=1)
    ArticleFactory(issue=IssueFactory(published=True), position=1)  # another series
    assert visibility.exposure(series) == (2, 3)

"""The access policy as pure functions: stand-in users and issues, no
database."""

from dataclasses import dataclass, field

import pytest

from issues import policy


@dataclass
class User:
    pk: int = 1
    perms: set = field(default_factory=set)
    is_authenticated: bool = True
    is_active: bool = True

    def has_perm(self, perm):
        return self.is_active and perm in self.perms


@dataclass
class Issue:
    status: str = "draft"
    submitted_by_id: int | None = None
    published_at: object = None
    changed_by: set = field(default_factory=set)

    def changed_by_ids(self):
        return self.changed_by


@dataclass
class Series:
    visibility: str = "public"


EDITOR = {policy.EDIT, policy.SUBMIT, "issues.add_issue", "articles.add_article"}
ANONYMOUS = User(pk=None, is_authenticated=False)


def test_internal_series_are_read_only_by_logged_in_users():
    internal = Series(visibility="internal")
    assert policy.can_read_series(ANONYMOUS, Series())
    assert not policy.can_read_series(ANONYMOUS, internal)
    assert policy.can_read_series(User(), internal)


def test_the_readable_filter_says_the_same_as_the_rule():
    assert str(policy.readable_series(ANONYMOUS, "series__")) == str(
        policy.indexable_series("series__")
    )
    assert not policy.readable_series(User(), "series__")


@pytest.mark.parametrize("status", ["in_review", "approved", "published", "withdrawn"])
def test_only_drafts_are_edited(status):
    editor = User(perms=EDITOR)
    assert policy.can_edit(editor, Issue())
    assert not policy.can_edit(editor, Issue(status=status))
    assert not policy.can_edit_article(editor, Issue(status=status))
    assert policy.can_edit_article(editor, None)


def test_four_eyes_refuses_whoever_submitted():
    reviewer = User(pk=7, perms={policy.REVIEW})
    assert policy.can_approve(reviewer, Issue(status="in_review", submitted_by_id=8))
    assert not policy.can_approve(
        reviewer, Issue(status="in_review", submitted_by_id=7)
    )
    assert not policy.can_approve(
        reviewer, Issue(status="in_review", submitted_by_id=8, changed_by={7})
    )


def test_roles_come_from_permissions_and_lapse_with_the_account():
    publisher = User(perms={policy.PUBLISH})
    assert policy.is_publisher(publisher)
    assert not policy.is_reviewer(publisher)
    assert policy.can_reopen(publisher)
    publisher.is_active = False
    assert not policy.is_publisher(publisher)


def test_published_drafts_are_never_deleted():
    editor = User(perms={*EDITOR, "issues.delete_issue"})
    assert policy.can_delete(editor, Issue())
    assert not policy.can_delete(editor, Issue(published_at="2024-01-01"))


def test_import_needs_both_add_permissions():
    assert policy.can_import(User(perms=EDITOR))
    assert not policy.can_import(User(perms={"issues.add_issue"}))


def test_visibility_is_changed_by_publishers_only():
    """Not by an editor, even one who may change series, nor a reviewer."""
    editor = User(perms={*EDITOR, "issues.change_series"})
    assert not policy.can_change_visibility(editor)
    assert not policy.can_change_visibility(User(perms={policy.REVIEW}))
    publisher = User(perms={policy.PUBLISH})
    assert policy.can_change_visibility(publisher)
    publisher.is_active = False
    assert not policy.can_change_visibility(publisher)
    assert not policy.can_change_visibility(ANONYMOUS)

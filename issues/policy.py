"""Who may see or do what: the one place that decides.

Every rule is written here once and asked by everything else: the workflow
before each transition, the admin for its buttons, forms, lists and
``has_*_permission`` methods, the reading site and its feeds and sitemap
for internal series, the notifications for whom to tell, the admin index
for its counts. The functions depend only on ``user.has_perm`` and the
instance (no model imports, so models may ask them too). Roles are groups
holding these permissions (see the ``create_roles`` migration): 编辑 edits
and submits, 审核 reviews, 签发 publishes; superusers hold every permission.

Which state an issue must be in for a transition is the workflow's table
(``issues.workflow.TRANSITIONS``); this module says who may start it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from issues.models import Issue, Series

    User = AbstractBaseUser | AnonymousUser

DRAFT, PUBLISHED = "draft", "published"
PUBLIC = "public"

# The permission behind each role, as the roles migration grants them.
EDIT, SUBMIT, REVIEW, PUBLISH = (
    "issues.change_issue",
    "issues.submit_issue",
    "issues.review_issue",
    "issues.publish_issue",
)


# Reading


def can_read_series(user: User, series: Series) -> bool:
    """Public series are open to everyone, internal ones to logged-in users."""
    return series.visibility == PUBLIC or user.is_authenticated


def readable_series(user: User, prefix: str = "") -> Q:
    """``can_read_series`` as a filter on a series reached through
    ``prefix`` (``"series__"`` from an issue, ``"issue__series__"`` from an
    article)."""
    if user.is_authenticated:
        return Q()
    return Q(**{f"{prefix}visibility": PUBLIC})


def indexable_series(prefix: str = "") -> Q:
    """What feeds of all series and the sitemap may list: what anyone may
    read, never an internal series."""
    return Q(**{f"{prefix}visibility": PUBLIC})


def can_preview(user: User, issue: Issue | None = None) -> bool:
    """See unpublished issues, their previews and their history."""
    return user.is_active and user.has_perm("issues.preview_issue")


def can_view_history(user: User) -> bool:
    """Whoever may see issues in the admin sees their workflow timeline."""
    return user.has_perm("issues.view_issue")


# Editing


def can_edit(user: User, issue: Issue) -> bool:
    """Change the issue or its articles: editors, and only in draft."""
    return issue.status == DRAFT and user.has_perm(EDIT)


def can_edit_article(user: User, issue: Issue | None) -> bool:
    """An article in the pool is open to whoever may change articles at all;
    one placed in an issue follows its issue."""
    return issue is None or can_edit(user, issue)


def can_delete(user: User, issue: Issue) -> bool:
    """Only drafts that never went out may be deleted: a number once
    published stays accounted for."""
    return (
        issue.status == DRAFT
        and issue.published_at is None
        and user.has_perm("issues.delete_issue")
    )


def can_import(user: User) -> bool:
    """Import text, Word and PDF files as draft issues or pool articles:
    whoever may add both (editors)."""
    return user.has_perm("issues.add_issue") and user.has_perm("articles.add_article")


# Roles, for what is offered before an issue is chosen (bulk actions, the
# index's counts, whom to notify).


def is_editor(user: User) -> bool:
    return user.has_perm(SUBMIT)


def is_reviewer(user: User) -> bool:
    return user.has_perm(REVIEW)


def is_publisher(user: User) -> bool:
    return user.has_perm(PUBLISH)


# Series


def can_change_visibility(user: User) -> bool:
    """Make a series public or internal, or change its handling mark: this
    decides who reads what was signed off, so it is a sign-off too —
    publishers and administrators, never an editor alone."""
    return is_publisher(user)


# Transitions: who may start each one (the workflow checks the state). A
# transition's role decides unless it names a rule for the issue at hand.


def can_reopen(user: User) -> bool:
    """Bring a withdrawn issue back to draft for correction: its editors or
    its publishers."""
    return is_editor(user) or is_publisher(user)


def submitted_it(user: User, issue: Issue) -> bool:
    """Four eyes: whoever submitted an issue may not approve it."""
    return issue.submitted_by_id is not None and issue.submitted_by_id == user.pk


def changed_it(user: User, issue: Issue) -> bool:
    """Four eyes on the content: whoever changed the issue or one of its
    articles since it was last returned or approved may not approve it."""
    return user.pk is not None and user.pk in issue.changed_by_ids()


def can_approve(user: User, issue: Issue) -> bool:
    """Reviewers approve, but never an issue they submitted or changed."""
    return (
        is_reviewer(user)
        and not submitted_it(user, issue)
        and not changed_it(user, issue)
    )


def signed_before(user: User, issue: Issue) -> bool:
    """In a series where three people sign off, whoever submitted or
    approved the issue may not also publish it."""
    return issue.series.distinct_signoff and user.pk in {
        issue.submitted_by_id,
        issue.approved_by_id,
    }


def can_publish(user: User, issue: Issue) -> bool:
    """Publish now or schedule: publishers, save the issue's own editor or
    reviewer where the series asks for three people."""
    return is_publisher(user) and not signed_before(user, issue)


def refusal(name: str, user: User, issue: Issue) -> str:
    """Why this user may not start the transition ``name`` on this issue."""
    if name == "approve" and is_reviewer(user):
        if submitted_it(user, issue):
            return _("Whoever submitted an issue cannot approve it.")
        if changed_it(user, issue):
            return _(
                "You changed this issue since it was last returned or approved: "
                "another reviewer must approve it."
            )
    if name in {"publish", "schedule"} and signed_before(user, issue):
        return _(
            "This series asks for three people: whoever submitted or approved "
            "an issue cannot also publish it."
        )
    return _("Your role does not allow this action.")

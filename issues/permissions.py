"""Who may do what to an issue: the one place that decides.

Every function depends only on ``user.has_perm`` and the instance, so the
workflow, the admin, the views and the templates ask the same question and
get the same answer. Roles are groups holding these permissions (see the
``create_roles`` migration): 编辑 submit, 审核 review, 签发 publish.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from issues.models import Issue, Series

    User = AbstractBaseUser | AnonymousUser

DRAFT, IN_REVIEW, APPROVED, PUBLISHED, WITHDRAWN = (
    "draft",
    "in_review",
    "approved",
    "published",
    "withdrawn",
)


def can_edit(user: User, issue: Issue) -> bool:
    """Change the issue or its articles: editors, and only in draft."""
    return issue.status == DRAFT and user.has_perm("issues.change_issue")


def can_submit(user: User, issue: Issue) -> bool:
    return issue.status == DRAFT and user.has_perm("issues.submit_issue")


def can_return(user: User, issue: Issue) -> bool:
    return issue.status == IN_REVIEW and user.has_perm("issues.review_issue")


def can_approve(user: User, issue: Issue) -> bool:
    """Reviewers approve, but never an issue they submitted (four eyes)."""
    return (
        issue.status == IN_REVIEW
        and user.has_perm("issues.review_issue")
        and issue.submitted_by_id != user.pk
    )


def can_publish(user: User, issue: Issue) -> bool:
    """Publish now or schedule: publishers, once the issue is approved."""
    return issue.status == APPROVED and user.has_perm("issues.publish_issue")


def can_cancel_schedule(user: User, issue: Issue) -> bool:
    return can_publish(user, issue) and issue.publish_at is not None


def can_withdraw(user: User, issue: Issue) -> bool:
    return issue.status == PUBLISHED and user.has_perm("issues.publish_issue")


def can_reopen(user: User, issue: Issue) -> bool:
    """Bring a withdrawn issue back to draft for correction."""
    return issue.status == WITHDRAWN and (
        user.has_perm("issues.submit_issue") or user.has_perm("issues.publish_issue")
    )


def can_delete(user: User, issue: Issue) -> bool:
    """Only drafts that never went out may be deleted: a number once
    published stays accounted for."""
    return (
        issue.status == DRAFT
        and issue.published_at is None
        and user.has_perm("issues.delete_issue")
    )


def can_preview(user: User, issue: Issue | None = None) -> bool:
    """See unpublished issues, their previews and their history."""
    return user.is_active and user.has_perm("issues.preview_issue")


def can_import(user: User) -> bool:
    """Import text, Word and PDF files as draft issues or pool articles:
    whoever may add both (editors)."""
    return user.has_perm("issues.add_issue") and user.has_perm("articles.add_article")


def can_read_series(user: User, series: Series) -> bool:
    """Public series are open to everyone, internal ones to logged-in users."""
    return series.visibility == "public" or user.is_authenticated


TRANSITIONS = {
    "submit": can_submit,
    "return": can_return,
    "approve": can_approve,
    "publish": can_publish,
    "cancel_schedule": can_cancel_schedule,
    "withdraw": can_withdraw,
    "reopen": can_reopen,
}


def allowed_transitions(user: User, issue: Issue) -> list[str]:
    """Names of the transitions this user may start on this issue now."""
    return [name for name, check in TRANSITIONS.items() if check(user, issue)]

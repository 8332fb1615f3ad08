"""The admin index shows each person their work; a locked issue says how
it can be changed, for its state and the reader's role."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from issues import workflow
from tests.factories import ArticleFactory, IssueFactory, UserFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def complete(**fields):
    issue = IssueFactory(number=None, **fields)
    ArticleFactory(issue=issue, position=1, title="京蒙协作再上新台阶")
    return issue


def returned(editor, reviewer, comment="请核对引文出处"):
    issue = complete(created_by=editor)
    workflow.submit(issue, by=editor)
    article = issue.articles.get()
    workflow.return_to_draft(
        issue, by=reviewer, comment=comment, notes={article.pk: "第二段有错字"}
    )
    return issue


def scheduled(editor, reviewer, publisher, hours=3):
    issue = complete()
    workflow.submit(issue, by=editor)
    workflow.approve(issue, by=reviewer)
    workflow.schedule(
        issue, by=publisher, at=timezone.now() + datetime.timedelta(hours=hours)
    )
    return issue


def test_editor_sees_returns_with_the_comment_drafts_and_the_schedule(
    client_as, editor, reviewer, publisher
):
    back = returned(editor, reviewer)
    mine = IssueFactory(number=12, created_by=editor)
    theirs = IssueFactory(number=13, created_by=UserFactory(username="other"))
    out = scheduled(editor, reviewer, publisher)
    page = client_as(editor).get(INDEX)
    returns = page.context["work"]["returned"]
    assert returns == [back]
    assertContains(page, "退回给您的期")
    assertContains(page, "请核对引文出处")
    assertContains(page, "《京蒙协作再上新台阶》：第二段有错字")
    assert page.context["work"]["drafts"] == [mine]
    assertNotContains(page, reverse("admin:issues_issue_change", args=[theirs.pk]))
    assert page.context["work"]["scheduled"] == [out]
    when = timezone.localtime(out.publish_at).strftime("%Y-%m-%d %H:%M")
    assertContains(page, f"将于 {when}（北京时间）发布")
    # A reviewer's count is not an editor's business.
    assertNotContains(page, "待审核的期")


def test_a_return_answered_by_submitting_again_leaves_the_list(
    client_as, editor, reviewer
):
    back = returned(editor, reviewer)
    workflow.submit(back, by=editor)
    page = client_as(editor).get(INDEX)
    assert page.context["work"]["returned"] == []
    assertContains(page, "没有退回给您的期")


def test_an_issue_sent_back_by_the_publisher_is_returned_work(
    client_as, editor, reviewer, publisher
):
    issue = complete(created_by=editor)
    workflow.submit(issue, by=editor)
    workflow.approve(issue, by=reviewer)
    workflow.send_back(issue, by=publisher, comment="编者按需要重写")
    page = client_as(editor).get(INDEX)
    assert page.context["work"]["returned"] == [issue]
    assertContains(page, "编者按需要重写")


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("reviewer", ["待审核的期"], ["退回给您的期", "待签发"]),
        ("publisher", ["已审核、待签发的期"], ["退回给您的期", "待审核的期"]),
    ],
)
def test_reviewer_and_publisher_see_what_waits_for_them(
    request, client_as, role, shown, hidden
):
    complete(in_review=True)
    page = client_as(request.getfixturevalue(role)).get(INDEX)
    for text in shown:
        assertContains(page, text)
    for text in hidden:
        assertNotContains(page, text)


def test_editor_index_query_budget_does_not_grow(
    client_as, editor, reviewer, publisher, django_assert_max_num_queries
):
    returned(editor, reviewer)
    IssueFactory(number=50, created_by=editor)
    scheduled(editor, reviewer, publisher)
    client = client_as(editor)
    client.get(INDEX)
    with django_assert_max_num_queries(20) as few:
        assert client.get(INDEX).status_code == 200
    budget = len(few)
    for number in range(8):
        returned(editor, reviewer, comment=f"意见{number}")
        IssueFactory(number=60 + number, created_by=editor)
        scheduled(editor, reviewer, publisher, hours=number + 4)
    with django_assert_max_num_queries(budget):
        page = client.get(INDEX)
    assert len(page.context["work"]["returned"]) == 9


def test_superuser_index_query_budget_does_not_grow(
    client_as, superuser, editor, reviewer, publisher, django_assert_max_num_queries
):
    returned(superuser, reviewer)
    complete(in_review=True)
    scheduled(editor, reviewer, publisher)
    client = client_as(superuser)
    client.get(INDEX)
    with django_assert_max_num_queries(25) as few:
        assert client.get(INDEX).status_code == 200
    budget = len(few)
    for number in range(5):
        returned(superuser, reviewer)
        complete(in_review=True, created_by=superuser)
        scheduled(editor, reviewer, publisher, hours=number + 4)
    with django_assert_max_num_queries(budget):
        client.get(INDEX)


# The read-only notice names the real way to change a locked issue.
WAYS = {
    "in_review": "如需修改，须由审核人员执行“退回修改”。",
    "approved": "如需修改，须由签发人员执行“退回草稿”。",
    "published": (
        "如需修改，须由签发人员执行“撤回”，再由编辑或签发人员执行“重新打开为草稿”。"
    ),
    "withdrawn": "如需修改，须由编辑或签发人员执行“重新打开为草稿”。",
}


@pytest.mark.parametrize(
    ("state", "role", "can"),
    [
        ("in_review", "editor", None),
        ("in_review", "reviewer", "退回修改"),
        ("approved", "editor", None),
        ("approved", "publisher", "退回草稿"),
        ("published", "editor", None),
        ("published", "publisher", "撤回"),
        ("withdrawn", "editor", "重新打开为草稿"),
    ],
)
def test_read_only_notice_names_the_way_to_change_it(
    request, client_as, state, role, can
):
    issue = IssueFactory(number=5, **{state: True})
    article = ArticleFactory(issue=issue, position=1)
    client = client_as(request.getfixturevalue(role))
    for url in (
        reverse("admin:issues_issue_change", args=[issue.pk]),
        reverse("admin:articles_article_change", args=[article.pk]),
    ):
        page = client.get(url)
        assertContains(page, "内容对所有人只读")
        assertContains(page, WAYS[state])
        if can:
            assertContains(page, f"您可以点击上方的“{can}”按钮办理")
        else:
            assertNotContains(page, "您可以点击上方")

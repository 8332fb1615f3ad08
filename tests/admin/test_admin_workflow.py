import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from issues.models import Issue
from tests.factories import ArticleFactory, IssueFactory, UserFactory

pytestmark = pytest.mark.django_db


def complete_issue(**traits):
    issue = IssueFactory(
        number=None if traits.get("published") is None else 9, **traits
    )
    ArticleFactory(issue=issue, position=1)
    return issue


def transition_url(issue, name):
    return reverse("admin:issues_issue_transition", args=[issue.pk, name])


def change_url(issue):
    return reverse("admin:issues_issue_change", args=[issue.pk])


@pytest.mark.parametrize(
    ("role", "state", "shown", "hidden"),
    [
        ("editor", "draft", ["submit"], ["approve", "publish"]),
        ("reviewer", "in_review", ["return", "approve"], ["submit", "publish"]),
        ("publisher", "approved", ["publish"], ["approve", "withdraw"]),
        ("publisher", "published", ["withdraw"], ["publish", "reopen"]),
        ("editor", "withdrawn", ["reopen"], ["withdraw"]),
        ("editor", "in_review", [], ["approve", "return", "submit"]),
    ],
)
def test_issue_page_shows_only_the_buttons_the_role_allows(
    request, client_as, role, state, shown, hidden
):
    user = request.getfixturevalue(role)
    issue = complete_issue(**({} if state == "draft" else {state: True}))
    page = client_as(user).get(change_url(issue))
    assert page.status_code == 200
    for name in shown:
        assertContains(page, transition_url(issue, name))
    for name in hidden:
        assertNotContains(page, transition_url(issue, name))


def test_full_review_cycle_through_the_admin(client_as, editor, reviewer, publisher):
    issue = complete_issue()
    client = client_as(editor)
    assert client.get(transition_url(issue, "submit")).status_code == 200
    response = client.post(
        transition_url(issue, "submit"), {"comment": ""}, follow=True
    )
    assertContains(response, "提交审核——已完成")
    issue.refresh_from_db()
    assert issue.status == "in_review"

    client = client_as(reviewer)
    page = client.get(
        reverse("admin:issues_issue_changelist") + "?status__exact=in_review"
    )
    assertContains(page, str(issue))
    assertContains(client.get(reverse("admin:index")), "待审核的期")
    refused = client.post(transition_url(issue, "return"), {"comment": ""})
    assert refused.status_code == 200  # the form asks for the comment
    assertContains(refused, "这个字段是必填项")
    client.post(transition_url(issue, "return"), {"comment": "请核对出处"})
    issue.refresh_from_db()
    assert issue.status == "draft"
    timeline = client_as(editor).get(change_url(issue))
    assertContains(timeline, "请核对出处")

    client_as(editor).post(transition_url(issue, "submit"), {"comment": ""})
    client_as(reviewer).post(transition_url(issue, "approve"), {"comment": ""})
    when = timezone.localtime() + datetime.timedelta(days=1)
    client_as(publisher).post(
        transition_url(issue, "publish"),
        {
            "when": "later",
            "publish_at_0": when.strftime("%Y-%m-%d"),
            "publish_at_1": when.strftime("%H:%M"),
            "comment": "",
        },
    )
    issue.refresh_from_db()
    assert (
        issue.status,
        timezone.localtime(issue.publish_at).strftime("%Y-%m-%d %H:%M"),
    ) == (
        "approved",
        when.strftime("%Y-%m-%d %H:%M"),
    )
    assertContains(client_as(publisher).get(change_url(issue)), "北京时间")
    client_as(publisher).post(
        transition_url(issue, "publish"), {"when": "now", "comment": ""}
    )
    issue.refresh_from_db()
    assert (issue.status, issue.number) == ("published", 1)


def test_crafted_post_by_the_wrong_role_changes_nothing(client_as, editor):
    issue = complete_issue(in_review=True)
    response = client_as(editor).post(
        transition_url(issue, "approve"), {"comment": ""}, follow=True
    )
    assertContains(response, "您的角色无权执行此操作")
    issue.refresh_from_db()
    assert issue.status == "in_review"


def test_reader_cannot_reach_the_admin_transition(client_as, reader):
    issue = complete_issue(in_review=True)
    response = client_as(reader).post(transition_url(issue, "approve"), {"comment": ""})
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    issue.refresh_from_db()
    assert issue.status == "in_review"


def test_four_eyes_is_explained_on_the_page():
    both = UserFactory(username="both", groups=["编辑", "审核"], is_staff=True)
    issue = complete_issue(in_review=True, submitted_by=both)
    from django.test import Client

    client = Client()
    client.force_login(both)
    page = client.get(change_url(issue))
    assertContains(page, "须由另一位审核人审核通过")
    assertNotContains(page, transition_url(issue, "approve"))


def test_bulk_approve_reports_each_issue(client_as, reviewer):
    ready = [complete_issue(in_review=True) for _ in range(2)]
    draft = complete_issue()
    response = client_as(reviewer).post(
        reverse("admin:issues_issue_changelist"),
        {
            "action": "approve_selected",
            "_selected_action": [i.pk for i in [*ready, draft]],
        },
        follow=True,
    )
    assertContains(response, "审核通过：已完成 2 期")
    assertContains(response, "此操作要求状态为“待审核”")
    assert set(Issue.objects.filter(status="approved")) == set(ready)


def test_bulk_actions_follow_the_role(client_as, editor, publisher):
    complete_issue()
    url = reverse("admin:issues_issue_changelist")
    editor_page = client_as(editor).get(url)
    assertContains(editor_page, 'value="submit_selected"')
    assertNotContains(editor_page, 'value="publish_selected"')
    publisher_page = client_as(publisher).get(url)
    assertContains(publisher_page, 'value="publish_selected"')
    assertNotContains(publisher_page, 'value="approve_selected"')


def test_published_issue_cannot_be_deleted_in_bulk(client_as, editor):
    issue = complete_issue(published=True)
    response = client_as(editor).post(
        reverse("admin:issues_issue_changelist"),
        {"action": "delete_selected", "_selected_action": [issue.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert Issue.objects.filter(pk=issue.pk).exists()


def test_superuser_manages_accounts_and_roles(client_as, superuser):
    client = client_as(superuser)
    user = UserFactory(username="newcomer")
    page = client.get(reverse("admin:auth_user_change", args=[user.pk]))
    assertContains(page, "编辑")
    assertContains(page, "签发")


def test_reviewer_points_at_articles_and_the_editor_sees_each_comment(
    client_as, editor, reviewer
):
    issue = IssueFactory(number=None)
    first = ArticleFactory(issue=issue, position=1, title="京蒙协作再上新台阶")
    second = ArticleFactory(issue=issue, position=2, title="两地签署协议")
    client_as(editor).post(transition_url(issue, "submit"), {"comment": ""})
    client = client_as(reviewer)
    form = client.get(transition_url(issue, "return"))
    assertContains(form, "对各篇文章的意见（可选）")
    assertContains(form, f'name="note_{first.pk}"')
    assertContains(form, "2. 两地签署协议")
    response = client.post(
        transition_url(issue, "return"),
        {
            "comment": "请按意见修改",
            f"note_{first.pk}": "",
            f"note_{second.pk}": "第二段引文请核对",
        },
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == "draft"

    client = client_as(editor)
    second_page = client.get(reverse("admin:articles_article_change", args=[second.pk]))
    assertContains(second_page, "本期退回时对本文的意见")
    assertContains(second_page, "第二段引文请核对")
    first_page = client.get(reverse("admin:articles_article_change", args=[first.pk]))
    assertNotContains(first_page, "本期退回时对本文的意见")
    issue_page = client.get(change_url(issue))
    assertContains(issue_page, "退回意见")  # the column next to the articles
    # Next to the article, and in the timeline.
    assertContains(issue_page, "第二段引文请核对", count=2)
    assertContains(issue_page, "《两地签署协议》：第二段引文请核对")

    client.post(transition_url(issue, "submit"), {"comment": ""})
    second_page = client.get(reverse("admin:articles_article_change", args=[second.pk]))
    assertNotContains(second_page, "第二段引文请核对")
    # The workflow record keeps it.
    assertContains(client.get(change_url(issue)), "《两地签署协议》：第二段引文请核对")


def test_an_overlong_comment_on_an_article_is_refused_before_anything_is_written(
    client_as, reviewer
):
    issue = complete_issue(in_review=True)
    article = issue.articles.get()
    response = client_as(reviewer).post(
        transition_url(issue, "return"),
        {"comment": "改", f"note_{article.pk}": "长" * 2001},
    )
    assert response.status_code == 200
    assertContains(response, "2000")
    issue.refresh_from_db()
    assert issue.status == "in_review"


def test_publisher_sends_an_approved_issue_back_from_its_page(
    client_as, editor, publisher, reviewer
):
    issue = complete_issue(approved=True)
    assertNotContains(
        client_as(reviewer).get(change_url(issue)), transition_url(issue, "send_back")
    )
    client = client_as(publisher)
    page = client.get(change_url(issue))
    assertContains(page, transition_url(issue, "send_back"))
    assertContains(page, "退回草稿")
    form = client.get(transition_url(issue, "send_back"))
    assertContains(form, f'name="note_{issue.articles.get().pk}"')
    refused = client.post(transition_url(issue, "send_back"), {"comment": ""})
    assertContains(refused, "这个字段是必填项")
    done = client.post(
        transition_url(issue, "send_back"), {"comment": "标题需要再斟酌"}, follow=True
    )
    assertContains(done, "退回草稿——已完成")
    issue.refresh_from_db()
    assert issue.status == "draft"
    assertContains(client_as(editor).get(change_url(issue)), "标题需要再斟酌")

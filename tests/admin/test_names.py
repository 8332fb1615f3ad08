"""The desk names people by their full names: accounts must have one, and
the workflow record, history and lists show it rather than a login name."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from issues import workflow
from tests.factories import ArticleFactory, IssueFactory, SourceFactory, UserFactory
from tests.html import flatten, form_data

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def named(db):
    """Staff whose login names look nothing like their names."""
    return {
        "editor": UserFactory(
            username="zxm2023", first_name="张晓梅", groups=["编辑"], is_staff=True
        ),
        "reviewer": UserFactory(
            username="lwh-audit", first_name="李文华", groups=["审核"], is_staff=True
        ),
        # Entered before the admin asked for one 姓名: 姓 and 名 apart.
        "publisher": UserFactory(
            username="wzg.sign",
            first_name="志刚",
            last_name="王",
            groups=["签发"],
            is_staff=True,
        ),
    }


def add_user(client, **fields):
    url = reverse("admin:auth_user_add")
    data = flatten(form_data(client.get(url), "user_form"))
    data.update(
        username="newcomer",
        usable_password="true",
        password1="Quite-a-long-passphrase-2023",
        password2="Quite-a-long-passphrase-2023",
        **fields,
    )
    return client.post(url, data)


def test_an_account_cannot_be_created_without_a_full_name(client_as, superuser):
    response = add_user(client_as(superuser), full_name="  ")
    assert response.status_code == 200
    assertContains(response, "这个字段是必填项。")
    assert not User.objects.filter(username="newcomer").exists()


def test_the_full_name_is_kept_as_one_name(client_as, superuser):
    response = add_user(client_as(superuser), full_name="王志刚")
    assert response.status_code == 302, response.content.decode()
    user = User.objects.get(username="newcomer")
    assert (user.first_name, user.last_name) == ("王志刚", "")


def test_editing_an_account_joins_a_split_name(client_as, superuser, named):
    client = client_as(superuser)
    url = reverse("admin:auth_user_change", args=[named["publisher"].pk])
    data = flatten(form_data(client.get(url), "user_form"))
    assert data["full_name"] == "王志刚"
    assert client.post(url, data).status_code == 302
    named["publisher"].refresh_from_db()
    assert (named["publisher"].first_name, named["publisher"].last_name) == (
        "王志刚",
        "",
    )
    data["full_name"] = ""
    assertContains(client.post(url, data), "这个字段是必填项。")


def test_the_account_list_shows_full_names(client_as, superuser, named):
    response = client_as(superuser).get(reverse("admin:auth_user_changelist"))
    assertContains(response, '<td class="field-name">王志刚</td>', html=True)
    assertContains(response, "张晓梅")


def test_the_workflow_record_and_history_name_people(client_as, named):
    issue = IssueFactory(number=None, created_by=named["editor"])
    ArticleFactory(issue=issue, position=1, source=SourceFactory())
    workflow.submit(issue, by=named["editor"])
    workflow.return_to_draft(issue, by=named["reviewer"], comment="请核对引文")
    workflow.submit(issue, by=named["editor"])
    workflow.approve(issue, by=named["reviewer"])
    workflow.publish(issue, by=named["publisher"])
    client = client_as(named["publisher"])
    pages = [
        client.get(reverse("admin:issues_issue_change", args=[issue.pk])),
        client.get(reverse("admin:issues_issue_history", args=[issue.pk])),
    ]
    for page in pages:
        assert page.status_code == 200
        for name in ("张晓梅", "李文华", "王志刚"):
            assertContains(page, name)
        for login in ("zxm2023", "lwh-audit", "wzg.sign"):
            assertNotContains(page, login)


def test_the_admin_greets_staff_by_full_name(client_as, named):
    page = client_as(named["publisher"]).get(reverse("admin:index"))
    assertContains(page, "<strong>王志刚</strong>", html=True)
    assertNotContains(page, "wzg.sign")

"""The reading site names people by their full names and never shows a
login name."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from issues import workflow
from tests.factories import ArticleFactory, IssueFactory, SeriesFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGINS = ("zxm2023", "lwh-audit", "wzg.sign")


@pytest.fixture
def signed_issue():
    editor = UserFactory(
        username=LOGINS[0], first_name="张晓梅", groups=["编辑"], is_staff=True
    )
    reviewer = UserFactory(
        username=LOGINS[1], first_name="李文华", groups=["审核"], is_staff=True
    )
    publisher = UserFactory(
        username=LOGINS[2],
        first_name="志刚",
        last_name="王",
        groups=["签发"],
        is_staff=True,
    )
    series = SeriesFactory(name="学习参考", slug="xxck", show_signatures=True)
    issue = IssueFactory(series=series, number=None, created_by=editor)
    ArticleFactory(issue=issue, position=1)
    workflow.submit(issue, by=editor)
    workflow.approve(issue, by=reviewer)
    workflow.publish(issue, by=publisher)
    return issue


def test_the_footer_signs_with_full_names(client, signed_issue):
    response = client.get(signed_issue.get_absolute_url())
    assertContains(response, "<span>编辑：张晓梅</span>", html=True)
    assertContains(response, "<span>签发：王志刚</span>", html=True)


def test_no_public_page_shows_a_login_name(client, signed_issue):
    article = signed_issue.articles.get()
    urls = [
        "/",
        signed_issue.series.get_absolute_url(),
        signed_issue.get_absolute_url(),
        article.get_absolute_url(),
        reverse("issues:search") + "?q=内蒙古",
        reverse("issues:feed"),
        reverse("issues:series-feed", args=["xxck"]),
        reverse("issues:sitemap"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        for login in LOGINS:
            assertNotContains(response, login)


@pytest.mark.parametrize(
    ("first_name", "greeting"), [("赵丽娜", "当前登录：赵丽娜。"), ("", "您已登录。")]
)
def test_the_account_page_never_shows_the_login_name(client_as, first_name, greeting):
    reader = UserFactory(username="zhaoln", first_name=first_name)
    response = client_as(reader).get(reverse("account"))
    assertContains(response, greeting)
    assertNotContains(response, "zhaoln")

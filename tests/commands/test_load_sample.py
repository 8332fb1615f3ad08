import io
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from bulletin_cms.people import full_name
from issues.models import Issue, IssueEvent

pytestmark = pytest.mark.django_db

EXPECTED = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / "issues/sample/xuexi-cankao-76.expected.json"
    ).read_text(encoding="utf-8")
)


def load(settings, debug=True) -> str:
    settings.DEBUG = debug
    out = io.StringIO()
    call_command("load_sample", stdout=out)
    return out.getvalue()


def test_sample_issue_matches_the_expected_parse_field_by_field(settings):
    load(settings)
    issue = Issue.objects.select_related("series").get()
    assert issue.status == Issue.Status.PUBLISHED
    assert {
        "name": issue.series.name,
        "banner": issue.series.banner,
        "office": issue.series.office,
    } == EXPECTED["series"]
    assert {
        "number": issue.number,
        "number_last": None,
        "total_number": issue.total_number,
        "kind": issue.kind,
        "date": issue.issue_date.isoformat(),
        "editors_note": issue.editors_note,
    } == EXPECTED["issue"]
    articles = list(issue.articles.select_related("source").order_by("position"))
    assert len(articles) == len(EXPECTED["articles"])
    for article, expected in zip(articles, EXPECTED["articles"], strict=True):
        assert article.title == expected["title"]
        assert article.subtitle == expected["subtitle"]
        assert article.byline == expected["byline"]
        assert article.body.split("\n\n") == expected["paragraphs"]
        assert {
            "name": article.source.name,
            "date": article.source_date.isoformat(),
            "page": article.source_page,
            "url": article.source_url,
        } == expected["source"]
        assert article.citation == expected["citation"]


def test_sample_went_through_the_workflow_with_the_demo_roles(settings):
    load(settings)
    events = IssueEvent.objects.order_by("created_at", "pk")
    assert [(e.from_status, e.to_status, e.actor.username) for e in events] == [
        ("draft", "in_review", "editor"),
        ("in_review", "approved", "reviewer"),
        ("approved", "published", "publisher"),
    ]


def test_running_twice_changes_nothing(settings):
    load(settings)
    second = load(settings)
    assert "已存在" in second
    assert Issue.objects.count() == 1
    assert Article.objects.count() == 1
    assert IssueEvent.objects.count() == 3
    assert get_user_model().objects.count() == 5


def logs_in(client, username, password) -> bool:
    client.post(reverse("login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


def test_demo_logins_are_printed_and_work_only_in_development(settings, client):
    output = load(settings, debug=True)
    assert "editor-demo-2023" in output
    assert logs_in(client, "editor", "editor-demo-2023")
    client.logout()
    get_user_model().objects.all().delete()
    Issue.objects.all().delete()
    quiet = load(settings, debug=False)
    assert "demo-2023" not in quiet
    assert not logs_in(client, "editor", "editor-demo-2023")


def test_demo_accounts_hold_their_roles(settings):
    load(settings)
    users = {u.username: u for u in get_user_model().objects.all()}
    assert users["admin"].is_superuser
    assert users["editor"].has_perm("issues.submit_issue")
    assert users["reviewer"].has_perm("issues.review_issue")
    assert users["publisher"].has_perm("issues.publish_issue")
    assert not users["reader"].is_staff and not users["reader"].get_all_permissions()


def test_demo_accounts_carry_chinese_full_names(settings):
    load(settings)
    names = {u.username: full_name(u) for u in get_user_model().objects.all()}
    assert names == {
        "admin": "周建国",
        "editor": "张晓梅",
        "reviewer": "李文华",
        "publisher": "王志刚",
        "reader": "赵丽娜",
    }

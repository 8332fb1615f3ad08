"""Response headers, the Content-Security-Policy and its deploy check."""

import pytest
from django.contrib import admin
from django.db import connection
from django.db.models import CharField, TextField
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from issues.checks import content_security_policy_check

pytestmark = pytest.mark.django_db


def csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/admin/login/", "/robots.txt", "/nowhere/"]
)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    policy = csp(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_admin_pages_carry_the_policy(client_as, superuser, published_issue):
    client = client_as(superuser)
    for url in (
        "/admin/",
        f"/admin/issues/issue/{published_issue.pk}/change/",
        "/admin/issues/series/add/",
        "/admin/articles/article/add/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert csp(response)["script-src"] == ["'self'"], url


def test_reading_site_and_admin_pages_have_no_inline_script_or_style(
    client, client_as, superuser, published_issue, draft_issue
):
    """The policy forbids them: a page that needed one would break."""
    article = draft_issue.articles.get()
    pages = [client.get("/"), client.get(published_issue.get_absolute_url())]
    admin = client_as(superuser)
    for url in (
        f"/admin/issues/issue/{published_issue.pk}/change/",
        f"/admin/issues/issue/{draft_issue.pk}/change/",
        f"/admin/issues/issue/{draft_issue.pk}/history/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/issues/issue/import/",
        "/admin/issues/series/add/",
        f"/preview/{draft_issue.pk}/",
    ):
        response = admin.get(url)
        assert response.status_code == 200, url
        pages.append(response)
    for response in pages:
        html = response.content.decode()
        assert "<script>" not in html
        assert "<style" not in html
        assert " style=" not in html
        assert " onclick=" not in html


def test_session_cookie_is_httponly_and_samesite(client, reader):
    response = client.post(
        "/accounts/login/", {"username": "reader", "password": "secret-pass-123"}
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_policy_check_passes_with_the_shipped_policy():
    assert content_security_policy_check(None) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"MIDDLEWARE": []}, "issues.W002"),
        (
            {"CONTENT_SECURITY_POLICY": {"script-src": ["'self'", "'unsafe-inline'"]}},
            "issues.W003",
        ),
    ],
)
def test_policy_check_warns_when_scripts_are_not_restricted(change, expected):
    with override_settings(**change):
        assert [w.id for w in content_security_policy_check(None)] == [expected]


def text_field(model) -> str:
    """A text column of the model, for a lookup the database must scan."""
    return next(
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, CharField | TextField) and not field.is_relation
    )


@pytest.mark.parametrize("lookup", ["regex", "iregex", "search"])
def test_admin_lists_refuse_expensive_lookups_in_the_query_string(
    client_as, superuser, settings, lookup
):
    """A regular expression from the address could hold a worker for
    minutes (on SQLite it runs in Python's re): every admin list answers
    400, as for any disallowed lookup, before the database sees it."""
    settings.DEBUG = False
    client = client_as(superuser)
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        key = f"{text_field(model)}__{lookup}"
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {key: "(x+x+)+y-marker"})
        assert response.status_code == 400, (url, key, response.status_code)
        assertContains(response, "请求有误", status_code=400)
        assert not any("marker" in query["sql"] for query in queries), url
    # Ordinary filters still work.
    url = reverse("admin:issues_series_changelist")
    assert client.get(url, {"name__icontains": "学习"}).status_code == 200

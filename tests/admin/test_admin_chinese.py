"""Every admin page, as every role, speaks Chinese: no run of Latin letters
a user can see, outside the names and codes of tests/chinese.py.

The pages are the crawl's (tests/admin/desk.py) with real objects, so lists
are full and forms filled, plus what only a form or an action shows: the
import preview, comparisons with changes, a refused filter's message and
the account pages (password change and reset) that use the admin's look.
"""

import logging
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from issues.models import Issue
from issues.revisions.models import Revision
from tests.admin import desk as crawl
from tests.admin.test_import_admin import SAMPLE_TEXT
from tests.chinese import english
from tests.html import visible_texts

pytestmark = pytest.mark.django_db

# Data the fixtures hold, shown as recorded: login names, what axes records
# of a login (a browser's description of itself, the form it sent).
DATA = [
    *crawl.USERNAMES.values(),
    crawl.OTHER_EDITOR,
    crawl.USER_AGENT,
    *crawl.LOGIN_RECORD.values(),
    "<unknown>",  # what axes records of a login without a browser (force_login)
]


def extra_pages(desk) -> list[str]:
    """Pages the crawl does not reach by address alone."""
    draft = desk.issues["draft"]
    article = draft.articles.get()
    oldest = {
        obj: Revision.objects.of(obj).order_by("created_at").first().pk
        for obj in (draft, article)
    }
    return [
        # Comparisons with changes in them: a kind, a title, articles.
        reverse("admin:issues_issue_compare", args=[draft.pk])
        + f"?old={oldest[draft]}",
        reverse("admin:articles_article_compare", args=[article.pk])
        + f"?old={oldest[article]}",
        reverse("admin:issues_issue_compare", args=[desk.issues["in_review"].pk])
        + "?old=previous-submission",
        # Lists filtered and searched, and a refused filter's message.
        reverse("admin:issues_issue_changelist") + "?status__exact=approved",
        reverse("admin:articles_article_changelist") + "?pool=yes&q=京津冀",
        reverse("admin:issues_issue_changelist") + "?year=abc",
        # The account pages, which use the admin's templates.
        "/accounts/",
        "/accounts/password_change/",
        "/accounts/password_change/done/",
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/MQ/bad-token/",
        "/accounts/reset/done/",
    ]


def findings(url: str, response) -> list[str]:
    if "text/html" not in response.get("Content-Type", ""):
        return []
    found = []
    for text in visible_texts(response.content.decode()):
        if words := english(text, DATA):
            found.append(f"{url}: {' '.join(words)}  ←  {text[:120]!r}")
    return found


@pytest.mark.parametrize("role", crawl.ROLES)
def test_every_admin_page_is_in_chinese(role):
    desk = crawl.build()
    client = Client(HTTP_USER_AGENT=crawl.USER_AGENT)
    client.force_login(desk.users[role])
    queue = [page.url for page in crawl.pages(desk) if page.method == "get"]
    queue += extra_pages(desk)
    seen, found = set(), []
    logging.disable(logging.WARNING)  # refusals; the crawl test reads them
    try:
        for url in queue:
            response = client.get(url)
            found += findings(url, response)
            if response.status_code == 302:
                # Each place a redirect leads to, once (the login page
                # is where every admin address sends a reader).
                target = response["Location"]
                if urlsplit(target).path not in seen:
                    seen.add(urlsplit(target).path)
                    queue.append(target)
        # The import preview: every field of a recognised bulletin.
        if role in {"editor", "superuser"}:
            url = reverse("admin:issues_issue_import")
            found += findings(url, client.post(url, {"text": SAMPLE_TEXT}))
    finally:
        logging.disable(logging.NOTSET)
    assert Issue.objects.exists()
    unique = sorted(set(found))
    assert unique == [], f"{len(unique)} English texts:\n" + "\n".join(unique)

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from bulletin_cms.env import parse_cache_url
from issues import workflow
from issues.models import Issue
from tests.factories import ArticleFactory, IssueFactory, SourceFactory, UserFactory
from tests.utils import requires_postgresql

ROOT = Path(__file__).resolve().parents[2]


def published_issue():
    issue = IssueFactory(published=True, number=9)
    ArticleFactory(
        issue=issue,
        position=1,
        title="缓存中的文章",
        source=SourceFactory(name="北京日报"),
    )
    return issue


@pytest.mark.django_db
def test_second_request_is_served_from_cache(client, django_assert_num_queries):
    issue = published_issue()
    url = issue.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(0):
        response = client.get(url)
    assert "缓存中的文章" in response.content.decode()
    assert response.has_header("ETag")


@pytest.mark.django_db
def test_unchanged_page_answers_304(client):
    issue = published_issue()
    url = issue.get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304


@pytest.mark.django_db
def test_withdrawal_takes_the_page_down_at_once(
    client, publisher, django_capture_on_commit_callbacks
):
    issue = published_issue()
    url = issue.get_absolute_url()
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(issue, by=publisher, comment="更正")
    assert client.get(url).status_code == 404
    assert "缓存中的文章" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_renaming_a_source_or_series_refreshes_the_pages_showing_them(
    client, django_capture_on_commit_callbacks
):
    # The archive shows the series and its sources (the filter) as they are
    # now; published issues show their record (test_published_record.py).
    issue = published_issue()
    url = issue.series.get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        source = issue.articles.get().source
        source.name = "人民日报"
        source.save()
    assert "人民日报" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        issue.series.office = "新的编印单位"
        issue.series.save()
    assert "新的编印单位" in client.get(url).content.decode()


@pytest.mark.django_db
def test_anonymous_and_logged_in_readers_never_share_an_entry(client, reader):
    issue = IssueFactory(
        published=True, series__visibility="internal", series__name="内部参阅"
    )
    ArticleFactory(issue=issue, position=1)
    client.force_login(reader)
    assert "内部参阅" in client.get("/").content.decode()
    client.logout()
    assert "内部参阅" not in client.get("/").content.decode()
    assert client.get(issue.get_absolute_url()).status_code == 302


@pytest.mark.django_db
@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
)
def test_pages_are_served_uncached_when_the_cache_is_down(client, caplog):
    issue = published_issue()
    for _ in range(2):
        response = client.get(issue.get_absolute_url())
        assert response.status_code == 200
    assert "page cache unavailable" in caplog.text


READER = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "bulletin_cms.settings"
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
response = Client().get(sys.argv[1])
print(response.status_code, "缓存中的文章" in response.content.decode())
"""


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_processes_share_the_cache_through_redis(settings, client):
    """A withdrawal in one process retires the page another process cached."""
    redis_url = "redis://127.0.0.1:6379/15"
    settings.CACHES = {"default": parse_cache_url(redis_url)}
    cache.clear()
    publisher = UserFactory(username="publisher-x", groups=["签发"], is_staff=True)
    issue = published_issue()
    url = issue.get_absolute_url()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DEBUG": "1",
        "CACHE_URL": redis_url,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    }

    def read_in_other_process() -> str:
        result = subprocess.run(
            [sys.executable, "-c", READER, url],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert client.get(url).status_code == 200  # this process caches the page
    # A change that bypasses invalidation: only a shared cache explains the
    # other process still serving the old title.
    issue.articles.update(title="改过的标题")
    assert read_in_other_process() == "200 True"
    workflow.withdraw(Issue.objects.get(pk=issue.pk), by=publisher, comment="更正")
    assert read_in_other_process() == "404 False"
    cache.clear()

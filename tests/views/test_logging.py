"""Structured logs: one line per request, one per transition, no personal
data or secrets."""

import json
import logging
from urllib.parse import unquote

import pytest
from django.conf import settings

from bulletin_cms.log import JsonFormatter
from issues import workflow
from tests.factories import ArticleFactory, IssueFactory

pytestmark = pytest.mark.django_db


def records(caplog, logger: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == logger]


def test_each_request_is_logged_with_user_id_status_and_duration(
    client_as, reader, published_issue, caplog
):
    caplog.set_level(logging.INFO, "bulletin.requests")
    url = published_issue.get_absolute_url()
    client_as(reader).get(url, {"q": "搜索词"})
    (record,) = records(caplog, "bulletin.requests")
    assert (record.method, record.path, record.status, record.user) == (
        "GET",
        unquote(url),
        200,
        reader.pk,
    )
    assert record.duration_ms >= 0
    assert "搜索词" not in caplog.text


def test_anonymous_requests_and_errors_are_logged_too(client, caplog):
    caplog.set_level(logging.INFO, "bulletin.requests")
    client.get("/没有/")
    (record,) = records(caplog, "bulletin.requests")
    assert (record.status, record.user) == (404, "anonymous")


def test_a_failed_login_logs_neither_password_nor_name_nor_address(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.post(
        "/accounts/login/",
        {"username": "zhang.san@example.cn", "password": "Pa55-word-secret"},
        REMOTE_ADDR="198.51.100.23",
    )
    assert caplog.records
    for secret in ("Pa55-word-secret", "zhang.san", "198.51.100.23"):
        assert secret not in caplog.text


def test_password_reset_tokens_are_kept_out_of_the_log(client, caplog):
    caplog.set_level(logging.INFO, "bulletin.requests")
    client.get("/accounts/reset/MQ/c4rsz2-0123456789abcdef/")
    (record,) = records(caplog, "bulletin.requests")
    assert record.path == "/accounts/reset/[redacted]/[redacted]/"


def test_transitions_are_logged_after_commit(
    publisher, django_capture_on_commit_callbacks, caplog
):
    issue = IssueFactory(approved=True)
    ArticleFactory(issue=issue, position=1)
    caplog.set_level(logging.INFO, "issues.workflow")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.publish(issue, by=publisher)
    assert not records(caplog, "issues.workflow")  # nothing before commit
    for callback in callbacks:
        callback()
    (record,) = records(caplog, "issues.workflow")
    assert (record.issue, record.__dict__["from"], record.to, record.actor) == (
        issue.pk,
        "approved",
        "published",
        publisher.pk,
    )


def test_log_lines_are_json_without_the_request_object(rf):
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/x/",), None
    )
    record.request = rf.get("/x/?token=abc", HTTP_COOKIE="sessionid=s3cr3t")
    record.status_code = 404
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["message"] == "Not Found: /x/"
    assert entry["status_code"] == 404
    assert "request" not in entry
    assert "s3cr3t" not in line and "abc" not in line
    assert settings.SECRET_KEY not in line

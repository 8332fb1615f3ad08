"""Error pages, and what the site does when the database or cache fails."""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connection, connections
from django.test import override_settings
from pytest_django.asserts import assertContains

from issues import workflow
from tests.factories import ArticleFactory, IssueFactory, UserFactory
from tests.utils import requires_postgresql

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CACHE_DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def production(settings, client):
    """DEBUG off, and errors answered by the handlers instead of raised."""
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


def assert_short_chinese_page(response, status: int, heading: str):
    assert response.status_code == status
    html = response.content.decode()
    assert heading in html
    assert '<html lang="zh-CN">' in html
    assert "Traceback" not in html
    assert "Error" not in html


def test_unknown_address_answers_the_chinese_404_page(production):
    assert_short_chinese_page(production.get("/没有这个刊物/"), 404, "页面不存在")


def test_draft_issue_answers_the_same_404_page(production, draft_issue):
    response = production.get(f"/{draft_issue.series.slug}/{draft_issue.number}/")
    assert_short_chinese_page(response, 404, "页面不存在")


def test_forbidden_admin_page_answers_the_chinese_403_page(production, draft_issue):
    staff = UserFactory(username="staff-without-roles", is_staff=True)
    production.force_login(staff)
    response = production.get(
        f"/admin/issues/issue/{draft_issue.pk}/transition/submit/"
    )
    assert_short_chinese_page(response, 403, "无权访问")


def test_expired_form_answers_the_chinese_csrf_page(production, settings):
    production.handler.enforce_csrf_checks = True
    response = production.post("/accounts/login/", {"username": "x", "password": "y"})
    assert_short_chinese_page(response, 403, "表单已过期")


def test_unknown_host_answers_the_chinese_400_page(production):
    response = production.get("/", HTTP_HOST="evil.example")
    assert_short_chinese_page(response, 400, "请求有误")


def test_unexpected_failure_answers_the_chinese_500_page(production):
    with mock.patch(
        "issues.views.HomeView.get_context_data",
        side_effect=RuntimeError("boom: internal detail"),
    ):
        response = production.get("/")
    assert_short_chinese_page(response, 500, "服务器出错")
    assert "boom" not in response.content.decode()


def database_down():
    return mock.patch.object(
        connections["default"],
        "cursor",
        side_effect=OperationalError("connection to server refused"),
    )


def test_database_outage_answers_503_and_recovers(production, published_issue):
    url = published_issue.get_absolute_url()
    with database_down():
        page = production.get(url)
        health = production.get("/healthz")
    assert_short_chinese_page(page, 503, "暂时无法使用")
    assert page["Retry-After"] == "30"
    assert "refused" not in page.content.decode()
    assert health.status_code == 503
    assert health.json()["database"] == "unavailable"
    assertContains(production.get(url), published_issue.articles.get().title)
    assert production.get("/healthz").json()["database"] == "ok"


def test_database_outage_in_the_admin_answers_503(production, editor):
    production.force_login(editor)
    with database_down():
        response = production.get("/admin/issues/issue/")
    assert_short_chinese_page(response, 503, "暂时无法使用")


def assert_security_headers(response):
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "failing",
    [
        "issues.views.HomeView.get_context_data",
        # The outermost middleware, above the ones that add the headers.
        "bulletin_cms.middleware.loggable_path",
    ],
)
def test_the_500_page_carries_the_security_headers(production, failing):
    with mock.patch(failing, side_effect=RuntimeError("boom")):
        response = production.get("/")
    assert_short_chinese_page(response, 500, "服务器出错")
    assert_security_headers(response)


def test_the_503_answers_carry_the_security_headers_and_retry_after(
    production, published_issue
):
    with database_down():
        health = production.get("/healthz")
        page = production.get(published_issue.get_absolute_url())
    for response in (health, page):
        assert response.status_code == 503
        assert_security_headers(response)
        assert response["Retry-After"] == "30"


@override_settings(CACHES=CACHE_DOWN)
def test_cache_outage_is_reported_by_healthz_but_pages_still_work(
    production, published_issue
):
    health = production.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "database": "ok", "cache": "unavailable"}
    assert production.get(published_issue.get_absolute_url()).status_code == 200


@override_settings(CACHES=CACHE_DOWN)
def test_transitions_succeed_and_log_when_the_cache_cannot_be_invalidated(
    publisher, published_issue, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(published_issue, by=publisher, comment="更正")
    published_issue.refresh_from_db()
    assert published_issue.status == "withdrawn"
    assert "could not invalidate the page cache" in caplog.text


class Switch:
    """A TCP relay to the database that can be cut (every connection closed,
    new ones refused) and restored on the same port."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.sockets: list[socket.socket] = []
        self.port = 0
        self.restore()

    def restore(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.port = self.listener.getsockname()[1]
        self.listener.listen()
        threading.Thread(target=self.accept, args=(self.listener,), daemon=True).start()

    def accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pump, args=(a, b), daemon=True).start()

    @staticmethod
    def pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def cut(self):
        # shutdown() wakes the thread blocked in accept(); close() alone
        # would leave it accepting.
        with contextlib.suppress(OSError):  # already cut
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.sockets.clear()


SERVER = """
import django
django.setup()
from django.conf import settings
# Static files need no manifest here: the test does not run collectstatic.
settings.STORAGES = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
from wsgiref.simple_server import WSGIRequestHandler, make_server
from django.core.wsgi import get_wsgi_application

class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass

server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=Quiet)
print(server.server_port, flush=True)
server.serve_forever()
"""


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@requires_postgresql
def test_real_database_outage_and_recovery_in_a_production_server():
    """A server with production settings whose database connection is cut
    answers 503 with the Chinese page, reports it on /healthz, and serves
    again by itself once the database is back."""
    db = connection.settings_dict
    switch = Switch(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
    env = {
        **{k: v for k, v in os.environ.items() if k != "DEBUG"},
        "DJANGO_SETTINGS_MODULE": "bulletin_cms.settings",
        "DEBUG": "0",
        "SECRET_KEY": "outage-test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "CACHE_URL": "dummy://",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{switch.port}/{db['NAME']}",
    }
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{server.stdout.readline().strip()}"
        assert fetch(base + "/")[0] == 200
        assert fetch(base + "/healthz")[0] == 200

        switch.cut()
        status, html = fetch(base + "/")
        assert status == 503
        assert "暂时无法使用" in html and "Traceback" not in html
        status, body = fetch(base + "/healthz")
        assert (status, '"database": "unavailable"' in body) == (503, True)

        switch.restore()
        # The broken connection was dropped after the failed request: the
        # very next one connects afresh.
        assert fetch(base + "/")[0] == 200
        assert fetch(base + "/healthz")[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
        switch.cut()


def test_a_mail_server_that_is_down_does_not_fail_the_publication(
    production, settings, publisher, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    issue = IssueFactory(
        approved=True, created_by=UserFactory(email="zhang@example.cn")
    )
    ArticleFactory(issue=issue, position=1)
    production.force_login(publisher)
    with django_capture_on_commit_callbacks(execute=True):
        response = production.post(
            f"/admin/issues/issue/{issue.pk}/transition/publish/",
            {"comment": "", "when": "now"},
        )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == "published"
    (record,) = [r for r in caplog.records if r.message == "notification not sent"]
    assert record.issue == issue.pk
    assert "zhang@example.cn" not in caplog.text

"""Load test: public pages under 64 connections while editors work.

    .venv/bin/python bench/load_test.py [--duration 60] [--connections 64]

Creates a throwaway PostgreSQL database (bulletin_loadtest), loads 3 series
× 100 published issues × 8 articles of ~3,000 characters (bench/dataset.py)
plus, in a series of its own, approved issues waiting for sign-off and a
draft whose articles an editor keeps changing. It starts gunicorn (3 sync
workers, production settings, Redis cache db 13) on 127.0.0.1:8771, runs
wrk alone for ``--baseline`` seconds for comparison, then for ``--duration``
seconds runs at once:

- wrk with ``--connections`` connections rotating over the home page, the
  archives and issue and article pages;
- an editor who logs in to the admin and saves articles through their
  change form over and over (session cookie and CSRF token like a browser),
  each save appending a numbered line to the body;
- a publisher who publishes one approved issue per second through the
  admin transition page.

Afterwards it checks that wrk saw no error and no socket error, the server
logged no 5xx, every save the editor counted is in the database (the lines
are counted back, and so are the versions and revisions the saves made),
and every issue the publisher published is published.
Results go to bench/results/load_test.json; the exit status is 1 if any
check fails. Every step is bounded in time.
"""

import argparse
import http.client
import json
import logging
import os
import secrets
import subprocess
import sys
import tempfile
import threading
from http.cookies import SimpleCookie
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from harness import (  # noqa: E402
    RESULTS,
    collect_static,
    fresh_database,
    production_env,
    run,
    start_gunicorn,
    wait_for,
    wrk_figures,
)

DB = "bulletin_loadtest"
PORT = 8771
HOST = f"127.0.0.1:{PORT}"
ENV = {**production_env(DB, "redis://127.0.0.1:6379/13"), "LOG_LEVEL": "INFO"}
PASSWORD = secrets.token_urlsafe(16)
SAVE_MARK = "压力测试保存"
HTTP_TIMEOUT = 30


def prepare(approved: int) -> dict:
    """Accounts, a draft for the editor and approved issues for the
    publisher; return what the clients need."""
    import django

    django.setup()
    logging.getLogger("issues").setLevel(logging.WARNING)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from articles.models import Article, Source
    from issues import workflow
    from issues.models import Issue, Series

    User = get_user_model()
    users = {}
    for name, group in (
        ("editor", "编辑"),
        ("reviewer", "审核"),
        ("publisher", "签发"),
    ):
        user = User.objects.create_user(name, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        users[name] = user
    series = Series.objects.create(
        name="签发测试",
        slug="qianfa",
        office="北京教育科学研究院主题教育领导小组办公室",
    )
    source = Source.objects.by_name("北京日报")
    draft = Issue.objects.create(series=series, created_by=users["editor"])
    for position in range(1, 6):
        Article.objects.create(
            issue=draft,
            position=position,
            title=f"编辑中的文章{position}",
            body="第一段。",
            source=source,
        )
    waiting = []
    for n in range(approved):
        issue = Issue.objects.create(series=series, created_by=users["editor"])
        Article.objects.create(
            issue=issue, position=1, title=f"待签发{n}", body="正文。", source=source
        )
        workflow.submit(issue, by=users["editor"])
        workflow.approve(issue, by=users["reviewer"])
        waiting.append(issue.pk)
    published = Issue.objects.published().exclude(series=series)
    paths = ["/"] + [s.get_absolute_url() for s in Series.objects.exclude(pk=series.pk)]
    for issue in published.order_by("-issue_date")[:40]:
        paths.append(issue.get_absolute_url())
        paths.append(f"{issue.get_absolute_url()}{1 + issue.pk % 8}/")
    return {
        "articles": list(draft.articles.values_list("pk", flat=True)),
        "approved": waiting,
        "paths": paths,
    }


class Browser:
    """Just enough of a browser for the admin: cookies, CSRF token and the
    headers an HTTPS proxy would add."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields=None):
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=HTTP_TIMEOUT)
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"
        try:
            connection.request(method, quote(path, safe="/?=&%"), body, headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return SimpleNamespace(
            status=response.status,
            location=response.headers.get("Location", ""),
            content=content,
        )

    def form(self, path: str, form_id=None) -> dict:
        from tests.html import flatten, form_data

        page = self.request("GET", path)
        if page.status != 200:
            raise RuntimeError(f"GET {path}: {page.status}")
        return flatten(form_data(page, form_id))

    def log_in(self, username: str) -> None:
        fields = self.form("/admin/login/", "login-form")
        fields.update(username=username, password=PASSWORD)
        response = self.request("POST", "/admin/login/", fields)
        if response.status != 302:
            raise RuntimeError(f"{username} could not log in ({response.status})")


def editor(article_ids, stop: threading.Event, tally: dict) -> None:
    """Save the draft's articles in turn until told to stop."""
    browser = Browser()
    browser.log_in("editor")
    while not stop.is_set():
        for pk in article_ids:
            if stop.is_set():
                break
            path = f"/admin/articles/article/{pk}/change/"
            try:
                fields = browser.form(path, "article_form")
                count = tally["saved"].get(pk, 0) + 1
                fields["body"] += f"\n\n{SAVE_MARK}第{count}次。"
                fields["_save"] = "保存"
                response = browser.request("POST", path, fields)
            except (OSError, RuntimeError, http.client.HTTPException) as error:
                tally["errors"].append(f"article {pk}: {error}")
                continue
            if response.status == 302 and "/change/" not in response.location:
                tally["saved"][pk] = count
            else:
                tally["errors"].append(f"article {pk}: {response.status}")


def publisher(issue_ids, stop: threading.Event, tally: dict) -> None:
    """Publish one approved issue per second until told to stop."""
    browser = Browser()
    browser.log_in("publisher")
    for pk in issue_ids:
        if stop.wait(1):
            break
        path = f"/admin/issues/issue/{pk}/transition/publish/"
        try:
            fields = browser.form(path)
            fields.update(comment="", when="now")
            response = browser.request("POST", path, fields)
        except (OSError, RuntimeError, http.client.HTTPException) as error:
            tally["errors"].append(f"issue {pk}: {error}")
            continue
        if response.status == 302:
            tally["published"].append(pk)
        else:
            tally["errors"].append(f"issue {pk}: {response.status}")


LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def wrk(paths, duration: int, connections: int) -> dict:
    lua = LUA % ", ".join(json.dumps(quote(p, safe="/")) for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            script.name,
            f"http://{HOST}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    ).stdout
    os.unlink(script.name)
    return wrk_figures(output)


def verify(plan: dict, tally: dict) -> dict:
    """What the database holds against what the clients counted."""
    from articles.models import Article
    from issues.models import Issue
    from issues.revisions.models import Revision

    articles = Article.objects.filter(pk__in=plan["articles"])
    found = {
        pk: body.count(SAVE_MARK) for pk, body in articles.values_list("pk", "body")
    }
    published = Issue.objects.filter(pk__in=tally["published"]).published().count()
    return {
        "saves_counted": sum(tally["saved"].values()),
        "saves_found": sum(found.values()),
        # Each save also bumps the article's version and records a revision.
        "versions_added": sum(
            version - 1 for version in articles.values_list("version", flat=True)
        ),
        "revisions_found": Revision.objects.filter(
            object_id__in=plan["articles"],
            content_type__model="article",
            reason=Revision.Reason.SAVED,
        ).count(),
        "saves_match_per_article": all(
            found[pk] == tally["saved"].get(pk, 0) for pk in plan["articles"]
        ),
        "publishes_counted": len(tally["published"]),
        "published_found": published,
    }


def server_statuses(log: Path) -> dict:
    """Responses by status class, from the server's own request log."""
    counts = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("logger") == "bulletin.requests":
            key = f"{entry['status'] // 100}xx"
            counts[key] = counts.get(key, 0) + 1
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--baseline",
        type=int,
        default=20,
        help="seconds of wrk alone first, for comparison (0: none)",
    )
    options = parser.parse_args()
    os.environ.update(ENV)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bulletin_cms.settings"

    fresh_database(DB, ENV, series=3, issues=100, articles=8)
    collect_static(ENV)
    run("redis-cli", "-n", "13", "flushdb", stdout=subprocess.DEVNULL)
    plan = prepare(approved=options.duration + 10)

    RESULTS.mkdir(exist_ok=True)
    out = RESULTS
    log = out / "load_test_server.log"
    with log.open("w") as server_log:
        server = start_gunicorn(ENV, PORT, server_log, workers=options.workers)
    results = {
        "duration_s": options.duration,
        "connections": options.connections,
        "workers": options.workers,
        "load_average_before": os.getloadavg(),
    }
    try:
        wait_for(f"http://{HOST}/healthz")
        if options.baseline:
            results["wrk_alone"] = wrk(
                plan["paths"], options.baseline, options.connections
            )
        stop = threading.Event()
        tally = {"saved": {}, "published": [], "errors": []}
        clients = [
            threading.Thread(target=editor, args=(plan["articles"], stop, tally)),
            threading.Thread(target=publisher, args=(plan["approved"], stop, tally)),
        ]
        for client in clients:
            client.start()
        try:
            load = wrk(plan["paths"], options.duration, options.connections)
        finally:
            stop.set()
            for client in clients:
                client.join(timeout=HTTP_TIMEOUT + 5)
    finally:
        server.terminate()
        server.wait(timeout=30)

    from django.db import connections

    connections.close_all()
    results |= {
        "load_average_after": os.getloadavg(),
        "wrk": load,
        "writes": verify(plan, tally),
        "client_errors": tally["errors"],
        "server_responses": server_statuses(log),
    }
    (out / "load_test.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False)
    )
    print(json.dumps(results, indent=2, ensure_ascii=False))
    writes = results["writes"]
    passed = (
        load["errors"] == 0
        and not load["socket_errors"]
        and not tally["errors"]
        and "5xx" not in results["server_responses"]
        and writes["saves_counted"]
        == writes["saves_found"]
        == writes["versions_added"]
        == writes["revisions_found"]
        > 0
        and writes["saves_match_per_article"]
        and writes["publishes_counted"] == writes["published_found"] > 0
    )
    print("PASSED" if passed else "FAILED")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()

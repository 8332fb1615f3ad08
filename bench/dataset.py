"""Benchmark data for the reading site, and an in-process render timing.

    python bench/dataset.py --series 3 --issues 200 --articles 8
    python bench/dataset.py --render     # prints JSON timings of the issue page

Articles are ~3,000 characters of text drawn deterministically from the
sample bulletin's sentences. The issue timed is the newest one of the first
series, which gets 10 articles.
"""

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bulletin_cms.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Source  # noqa: E402
from issues.models import Issue, Series  # noqa: E402

SAMPLE = ROOT / "issues" / "sample" / "xuexi-cankao-76.txt"
SOURCES = ["北京日报", "人民日报", "光明日报", "经济日报", "求是", "学习时报", "新华社"]


def sentences() -> list[str]:
    text = re.sub(r"\s+", "", SAMPLE.read_text(encoding="utf-8"))
    return [s for s in re.findall(r"[^。！？]+[。！？]", text) if len(s) > 8]


def body(rng: random.Random, pool: list[str], size: int = 3000) -> str:
    paragraphs, length = [], 0
    while length < size:
        paragraph = "".join(rng.choice(pool) for _ in range(rng.randint(3, 7)))
        paragraphs.append(paragraph)
        length += len(paragraph)
    return "\n\n".join(paragraphs)


@transaction.atomic
def build(series_count: int, issues: int, articles: int) -> None:
    rng = random.Random(76)
    pool = sentences()
    sources = [Source.objects.by_name(name) for name in SOURCES]
    now = timezone.now()
    for s in range(series_count):
        series = Series.objects.create(
            name=f"学习参考{s + 1}",
            slug=f"xxck{s + 1}",
            banner="学习贯彻习近平新时代中国特色社会主义思想主题教育",
            office="北京教育科学研究院主题教育领导小组办公室",
        )
        batch = [
            Issue(
                series=series,
                number=n,
                issue_date=date(2023, 1, 1) + timedelta(days=n),
                status=Issue.Status.PUBLISHED,
                published_at=now - timedelta(days=issues - n),
            )
            for n in range(1, issues + 1)
        ]
        Issue.objects.bulk_create(batch)
        rows = []
        for issue in Issue.objects.filter(series=series):
            count = 10 if (s == 0 and issue.number == issues) else articles
            for position in range(1, count + 1):
                rows.append(
                    Article(
                        issue=issue,
                        position=position,
                        title=rng.choice(pool)[:28].rstrip("，。"),
                        byline="本报讯（记者 祁梦竹）",
                        body=body(rng, pool),
                        source=rng.choice(sources),
                        source_date=issue.issue_date,
                        source_page=f"第{rng.randint(1, 8)}版",
                    )
                )
        Article.objects.bulk_create(rows, batch_size=500)


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
)
def render_timing(rounds: int = 200) -> dict:
    issue = Issue.objects.published().order_by("series__name", "-number").first()
    path = issue.get_absolute_url()
    client = Client(SERVER_NAME="127.0.0.1")  # a host ALLOWED_HOSTS accepts
    assert client.get(path).status_code == 200  # warm-up: templates compiled
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    with tempfile.NamedTemporaryFile("wb", suffix=".html", delete=False) as html:
        html.write(response.content)
    return {
        "issue_path": path,
        "archive_path": issue.series.get_absolute_url(),
        "articles": issue.articles.count(),
        "issue_bytes": len(response.content),
        "median_ms": statistics.median(times),
        "p95_ms": statistics.quantiles(times, n=20)[18],
        "queries": len(queries),
        "html_file": html.name,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--series", type=int, default=3)
    parser.add_argument("--issues", type=int, default=200)
    parser.add_argument("--articles", type=int, default=8)
    parser.add_argument("--render", action="store_true")
    options = parser.parse_args()
    if options.render:
        print(json.dumps(render_timing()))
    else:
        start = datetime.now()
        build(options.series, options.issues, options.articles)
        print(
            f"loaded in {(datetime.now() - start).total_seconds():.0f} s",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()

"""Benchmark of the Chinese full-text search on PostgreSQL.

    .venv/bin/python bench/search_bench.py [--articles 100000] [--repeat 5] [--keep]

Creates a throwaway database (bulletin_search_bench), migrates it and loads
``--articles`` articles of ~3,000 characters in published issues of three
series (one internal) dated over ten years, 8–10 articles an issue. The text
is deterministic: the sample bulletin's sentences mixed with sentences made
of Chinese personal names, places and common words, plus a few rare terms
planted in a known number of articles. Then it measures:

- indexing: search.rebuild on a sample with the search table's indexes in
  place (the path of the migrations and of rebuild_search_index), and the
  whole corpus through search.index in parallel with those indexes dropped,
  then built again; the size of the index against the size of the text;
- 50 queries in-process (time.perf_counter, warm-up first): matching only
  (count of matches), and the first page as the search view builds it
  (ranked_ids, 20 articles, highlighted title and excerpt), by relevance and
  by date, grouped into 1-character and longer queries; the first page of
  three common queries within one year (the year filter);
- the same queries over HTTP: /search/?q=… on gunicorn (2 workers,
  production settings, Redis; search pages are never cached), sequentially,
  then a short run of concurrent clients;
- recall: for every query, the articles the index matches (all articles, no
  candidate cap) against a scan of the texts in Python.

Prints one JSON document; progress goes to stderr. The database is dropped
at the end unless --keep; --reuse runs the query phases on a kept one.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote, urlencode

from harness import (
    collect_static,
    fresh_database,
    production_env,
    psql,
    run,
    start_gunicorn,
    wait_for,
)

DB = "bulletin_search_bench"
PORT = 8772
# Redis as in production. Search pages are never cached, so every request
# runs the search; the filter choices are kept there.
ENV = production_env(DB, "redis://127.0.0.1:6379/13")
# dataset.py sets Django up on import, so the database must be chosen first.
os.environ.update(ENV)
os.environ["DJANGO_SETTINGS_MODULE"] = "bulletin_cms.settings"

from dataset import SOURCES, sentences  # noqa: E402
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402

from articles import search  # noqa: E402
from articles.models import Article, Source  # noqa: E402
from articles.search import tokens  # noqa: E402
from articles.search.backends import TABLE  # noqa: E402
from articles.search.query import parse  # noqa: E402
from issues.models import Issue, Series  # noqa: E402

try:
    from articles.search.snippets import excerpt, highlight
except ImportError:  # the first page is then timed without its snippets
    excerpt = highlight = None

SEED = 20240723
PAGE = 20
FIRST_DAY = date(2015, 1, 1)
DAYS = 3652
SERIES = [
    # name, slug, visibility, share of the issues
    ("学习参考", "xxck", Series.Visibility.PUBLIC, 0.45),
    ("理论动态", "lldt", Series.Visibility.PUBLIC, 0.35),
    ("内部参阅", "nbcy", Series.Visibility.INTERNAL, 0.20),
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江"
    "尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力宁峰斌林晶颖琳"
    "海波鹏飞浩宇欣怡嘉俊昊博子梦竹晓春雪振国庆志永新利东亮"
)
# Most common first: drawn with Zipf-like weights, so the first are in
# nearly every article and the last in about 2% of them.
WORDS_TEXT = (
    "发展工作建设推进加强坚持实施推动服务教育创新改革治理人民群众干部基层产业"
    "经济社会文化生态科技人才乡村振兴城市农业企业项目资金市场安全制度机制体系"
    "能力水平质量效率协同合作交流对接帮扶支援调研学习落实部署会议研究规划政策"
    "措施任务目标成效经验做法问题困难需求民生就业医疗养老住房交通环境保护资源"
    "能源数字智能平台网络数据技术标准品牌特色优势潜力活力动力合力责任担当作风"
    "纪律监督考核评价宣传理念思想理论实践精神使命初心党建组织党员支部阵地队伍"
    "培训课程学校教师学生课堂教材校园家庭社区街道村民农民牧民职工青年妇女儿童"
    "老人志愿公益文明法治诚信和谐稳定开放共享绿色低碳节能减排水源草原森林湿地"
    "沙漠防沙治沙种植养殖加工物流电商旅游餐饮消费投资贸易金融税收财政预算审计"
    "统计档案信访应急消防防汛抗旱卫生健康体育赛事演出展览图书出版媒体新闻报道"
    "舆论宣讲讲座论坛峰会研讨座谈考察慰问走访调查试点示范推广总结提升优化完善"
    "健全深化拓展巩固扩大增强提高促进保障维护防范化解应对攻坚突破转型升级融合"
    "联动统筹协调"
)
# Every word has two characters.
WORDS = [WORDS_TEXT[i : i + 2] for i in range(0, len(WORDS_TEXT), 2)]
PLACES_TEXT = (
    "北京、内蒙古、海淀区、朝阳区、丰台区、房山区、平谷区、通州区、延庆区、"
    "密云区、怀柔区、门头沟区、乌兰察布、赤峰、通辽、呼和浩特、包头、"
    "鄂尔多斯、兴安盟、锡林郭勒、河北、天津、雄安新区、张家口、承德、保定、"
    "新疆、和田、西藏、拉萨、青海、玉树、湖北、十堰、巴东、四川、什邡"
)
PLACES = PLACES_TEXT.split("、")
# {n} a name, {w} a word, {p} a place, {y}{m}{d} a date, {k} a number.
TEMPLATES = [
    "{n}表示，要{w}{w}，{w}{w}，推动{w}{w}。",
    "{y}年{m}月{d}日，{n}到{p}调研{w}{w}工作。",
    "{p}{w}{w}取得新进展，{w}{w}、{w}{w}成效明显。",
    "{n}、{n}、{n}参加{w}{w}座谈。",
    "{p}坚持{w}{w}，{w}{w}{w}，{w}{w}。",
    "{n}强调，{w}{w}是{w}{w}的{w}{w}，必须{w}{w}。",
    "截至{y}年底，{p}累计{w}{w}项目{k}个，带动{w}{w}{k}万人。",
    "{p}地区生产总值（GDP）增长{m}.{d}%，{w}{w}稳中有进。",
]
# The last template is drawn this often, so that GDP is in about a fifth of
# the articles rather than in every one.
GDP_SHARE = 0.003
TITLES = [
    "{p}{w}{w}工作取得新成效",
    "{n}：以{w}{w}推动{w}{w}",
    "{p}深化{w}{w}{w}{w}",
    "{n}在{p}调研{w}{w}工作",
]
# Rare terms, each planted in a known number of articles.
PLANTED = {
    "覃韵澜": (7, "{t}同志介绍了{p}{w}{w}的做法。"),
    "鲍澍": (3, "{p}的{t}参加了座谈。"),
    "5G": (30, "{p}加快{t}基站建设，{w}{w}不断提升。"),
    "北斗导航": (40, "{p}推广{t}在{w}{w}中的应用。"),
    "元宇宙": (12, "{t}等新技术走进{p}课堂。"),
}

QUERIES = [
    # one character
    *["的", "京", "尹", "鄂", "覃", "澍"],
    # two characters, common to rare
    *["京蒙", "协作", "尹力", "代表", "发展", "教育", "乡村", "干部", "调研", "草原"],
    *["民生", "使命", "湿地", "协调", "王伟", "李娜", "鲍澍", "量子", "帮扶"],
    # three characters
    *["内蒙古", "习近平", "新时代", "马铃薯", "门头沟", "兴安盟", "覃韵澜"],
    *["张晓明", "元宇宙", "察右前"],
    # four or more, phrases
    *["东西部协作", "乡村振兴", "主题教育", "京蒙协作", "高质量发展"],
    *["中国式现代化", "习近平新时代中国特色社会主义思想", "鄂尔多斯"],
    *["北斗导航", "量子计算"],
    # several words
    *["京蒙 协作", "尹力 调研", "乡村 振兴 人才"],
    # digits and Latin letters
    *["2023年", "5G", "GDP"],
]
YEAR = 2020


def log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def summary(samples: list[float]) -> dict:
    """p50/p95/max (ms) of a list of timings in ms."""
    if not samples:
        return {"n": 0}
    p95 = (
        statistics.quantiles(samples, n=20, method="inclusive")[18]
        if len(samples) > 1
        else samples[0]
    )
    return {
        "n": len(samples),
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(max(samples), 2),
    }


# Data ----------------------------------------------------------------------


class Writer:
    """Deterministic text: sample sentences mixed with generated ones."""

    SLOT = re.compile(r"\{(\w)\}")

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.pool = sentences()
        self.word_weights = self.cumulative(len(WORDS), 2.5, 10)
        self.place_weights = self.cumulative(len(PLACES), 1.0)
        self.templates = [self.SLOT.split(t) for t in TEMPLATES]
        self.gdp = self.templates.pop()
        self.titles = [self.SLOT.split(t) for t in TITLES]

    @staticmethod
    def cumulative(count: int, exponent: float, offset: int = 0) -> list[float]:
        total, weights = 0.0, []
        for rank in range(1, count + 1):
            total += (rank + offset) ** -exponent
            weights.append(total)
        return weights

    def name(self) -> str:
        rng = self.rng
        given = "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
        return rng.choice(SURNAMES) + given

    def slot(self, kind: str) -> str:
        rng = self.rng
        if kind == "n":
            return self.name()
        if kind == "w":
            return rng.choices(WORDS, cum_weights=self.word_weights)[0]
        if kind == "p":
            return rng.choices(PLACES, cum_weights=self.place_weights)[0]
        if kind == "y":
            return str(rng.randint(2015, 2024))
        if kind == "m":
            return str(rng.randint(1, 12))
        if kind == "d":
            return str(rng.randint(1, 28))
        if kind == "k":
            return str(rng.randint(2, 300))
        raise ValueError(kind)

    def fill(self, parts: list[str], **fixed) -> str:
        # re.split with one group alternates literal text and slot names.
        return "".join(
            part if i % 2 == 0 else fixed.get(part) or self.slot(part)
            for i, part in enumerate(parts)
        )

    def sentence(self) -> str:
        draw = self.rng.random()
        if draw < 0.55:
            return self.rng.choice(self.pool)
        if draw < 0.55 + GDP_SHARE:
            return self.fill(self.gdp)
        return self.fill(self.rng.choice(self.templates))

    def body(self, planted: list[str], size: int = 3000) -> str:
        paragraphs, length = [], 0
        while length < size:
            paragraph = "".join(self.sentence() for _ in range(self.rng.randint(3, 7)))
            paragraphs.append(paragraph)
            length += len(paragraph)
        for term in planted:
            parts = self.SLOT.split(PLANTED[term][1])
            at = self.rng.randrange(len(paragraphs))
            paragraphs[at] += self.fill(parts, t=term)
        return "\n\n".join(paragraphs)

    def title(self) -> str:
        if self.rng.random() < 0.5:
            return self.rng.choice(self.pool)[:28].rstrip("，。、")
        return self.fill(self.rng.choice(self.titles))

    def byline(self) -> str:
        choice = self.rng.random()
        if choice < 0.4:
            return f"本报讯（记者 {self.name()}）"
        if choice < 0.7:
            place, month, day = self.slot("p"), self.slot("m"), self.slot("d")
            return (
                f"新华社{place}{month}月{day}日电（记者 {self.name()} {self.name()}）"
            )
        return ""


@transaction.atomic
def load(count: int) -> dict:
    """Series, published issues and ``count`` articles, with bulk_create."""
    rng = random.Random(SEED)
    writer = Writer(rng)
    sources = [Source.objects.by_name(name) for name in SOURCES]
    series = [
        Series.objects.create(
            name=name,
            slug=slug,
            visibility=visibility,
            office="北京教育科学研究院主题教育领导小组办公室",
        )
        for name, slug, visibility, _share in SERIES
    ]
    lengths, total = [], 0
    while total < count:
        lengths.append(rng.randint(8, 10))
        total += lengths[-1]
    lengths[-1] -= total - count
    picks = rng.choices(series, weights=[share for *_, share in SERIES], k=len(lengths))
    numbers = dict.fromkeys([s.pk for s in series], 0)
    issues = []
    for i, chosen in enumerate(picks):
        numbers[chosen.pk] += 1
        day = FIRST_DAY + timedelta(days=i * DAYS // len(lengths))
        issues.append(
            Issue(
                series=chosen,
                number=numbers[chosen.pk],
                issue_date=day,
                status=Issue.Status.PUBLISHED,
                published_at=datetime(day.year, day.month, day.day, 9, tzinfo=UTC),
            )
        )
    Issue.objects.bulk_create(issues, batch_size=2000)

    planted = {}
    for term, (times, _template) in PLANTED.items():
        for index in rng.sample(range(count), min(times, count)):
            planted.setdefault(index, []).append(term)
    rows, index = [], 0
    for issue, size in zip(issues, lengths, strict=True):
        for position in range(1, size + 1):
            rows.append(
                Article(
                    issue=issue,
                    position=position,
                    title=writer.title(),
                    subtitle=f"——{writer.fill(writer.titles[0])}纪实"
                    if rng.random() < 0.2
                    else "",
                    byline=writer.byline(),
                    body=writer.body(planted.get(index, [])),
                    source=rng.choice(sources),
                    source_date=issue.issue_date,
                    source_page=f"第{rng.randint(1, 8)}版",
                )
            )
            index += 1
            if len(rows) == 1000:
                Article.objects.bulk_create(rows)
                rows = []
                if index % 20000 == 0:
                    log(f"loaded {index} articles")
    Article.objects.bulk_create(rows)
    return {
        "issues": len(issues),
        "issues_per_series": {s.name: numbers[s.pk] for s in series},
        "planted": {term: min(times, count) for term, (times, _) in PLANTED.items()},
    }


# Indexing ------------------------------------------------------------------


def secondary_indexes() -> list[tuple[str, str]]:
    """Name and definition of every index of the search table but its
    primary key, as the migrations made them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) "
            "FROM pg_index WHERE indrelid = %s::regclass AND NOT indisprimary "
            "ORDER BY 1",
            [TABLE],
        )
        return cursor.fetchall()


def index_range(bounds: tuple[int, int]) -> int:
    """Index the articles with lo <= pk < hi in a process of its own."""
    lo, hi = bounds
    done, batch = 0, []
    with transaction.atomic():
        articles = (
            Article.objects.filter(pk__gte=lo, pk__lt=hi)
            .only("pk", "title", "subtitle", "byline", "body")
            .order_by("pk")
        )
        for article in articles.iterator(chunk_size=500):
            batch.append(article)
            if len(batch) == 500:
                search.index(batch)
                done += len(batch)
                batch = []
        search.index(batch)
        done += len(batch)
    connection.close()
    return done


def build_index(count: int, options) -> dict:
    figures = {}
    sample = min(options.rebuild_sample, count)
    if sample:
        # The path of the migrations and of rebuild_search_index, indexes
        # maintained row by row; a sample only, as it is the slow one.
        last = Article.objects.order_by("pk").values_list("pk", flat=True)[sample - 1]
        start = time.perf_counter()
        for _done in search.rebuild(
            Article.objects.filter(pk__lte=last).order_by("pk")
        ):
            pass
        seconds = time.perf_counter() - start
        figures["rebuild_sample_with_indexes"] = {
            "articles": sample,
            "seconds": round(seconds, 2),
            "articles_per_s": round(sample / seconds, 1),
        }
        log(f"rebuild of {sample} with the indexes in place: {seconds:.1f} s")

    indexes = secondary_indexes()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE}")
        # Built once at the end, an index costs a fraction of its upkeep
        # row by row.
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
        cursor.execute(f"SELECT min(id), max(id) FROM {Article._meta.db_table}")
        lo, hi = cursor.fetchone()
    workers = options.index_workers
    step = (hi - lo + workers) // workers
    ranges = [(lo + i * step, lo + (i + 1) * step) for i in range(workers)]
    # Each process opens its own connection: none may be inherited.
    connections.close_all()
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        indexed = sum(pool.map(index_range, ranges))
    fill = time.perf_counter() - start
    log(f"filled {indexed} rows in {fill:.1f} s")

    built = {}
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = %s", [options.maintenance_work_mem])
        for name, definition in indexes:
            start = time.perf_counter()
            cursor.execute(definition)
            built[name] = round(time.perf_counter() - start, 2)
            log(f"{name} built in {built[name]} s")
        cursor.execute("RESET maintenance_work_mem")
    build = sum(built.values())

    start = time.perf_counter()
    with connection.cursor() as cursor:
        for table in (TABLE, "articles_article", "issues_issue", "issues_series"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    vacuum = time.perf_counter() - start
    figures["bulk"] = {
        "articles": indexed,
        "workers": workers,
        "fill_seconds": round(fill, 2),
        "fill_articles_per_s": round(indexed / fill, 1),
        "create_index_seconds": built,
        "maintenance_work_mem": options.maintenance_work_mem,
        "total_seconds": round(fill + build, 2),
        "articles_per_s": round(indexed / (fill + build), 1),
        "vacuum_analyze_seconds": round(vacuum, 2),
    }
    return figures


def sizes() -> dict:
    mb = 1024 * 1024
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT pg_total_relation_size('{TABLE}'),
                       pg_relation_size('{TABLE}'),
                       pg_indexes_size('{TABLE}'),
                       pg_total_relation_size('articles_article'),
                       (SELECT sum(octet_length(body)) FROM articles_article),
                       (SELECT sum(octet_length(title) + octet_length(subtitle)
                                   + octet_length(byline) + octet_length(body))
                        FROM articles_article),
                       (SELECT sum(char_length(body)) FROM articles_article),
                       (SELECT count(*) FROM articles_article)"""
        )
        total, heap, indexes, articles, body, text, chars, count = cursor.fetchone()
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) "
            "FROM pg_index WHERE indrelid = %s::regclass ORDER BY 1",
            [TABLE],
        )
        each = {name: round(size / mb, 1) for name, size in cursor.fetchall()}
    return {
        "articles": count,
        "search_table_total_mb": round(total / mb, 1),
        "search_table_heap_mb": round(heap / mb, 1),
        "search_table_toast_mb": round((total - heap - indexes) / mb, 1),
        "search_indexes_mb": each,
        "body_text_mb": round(body / mb, 1),
        "all_text_mb": round(text / mb, 1),
        "articles_table_total_mb": round(articles / mb, 1),
        "search_total_over_body_text": round(total / body, 2),
        "search_indexes_over_body_text": round(indexes / body, 2),
        "mean_body_chars": round(chars / count),
    }


# Queries in-process -------------------------------------------------------


def readable_articles():
    readable = Issue.objects.readable_by(AnonymousUser())
    return Article.objects.filter(issue__in=readable).order_by(
        "-issue__issue_date", "-pk"
    )


def group_of(terms) -> str:
    return "1 char" if all(len(term.text) == 1 for term in terms) else "2+ chars"


def first_page(articles, terms, by_date: bool = False, year=None) -> int:
    """What the search view does for the first page; the number of
    candidates."""
    ids = search.ranked_ids(articles, terms, by_date=by_date, year=year)
    page = ids[:PAGE]
    found = Article.objects.select_related("issue__series", "source").in_bulk(page)
    if highlight is not None:
        for pk in page:
            article = found[pk]
            highlight(article.title, terms)
            excerpt(f"{article.byline} {article.body}", terms)
    return len(ids)


def timed(function, repeat: int, budget: float) -> list[float]:
    """Times in ms of ``repeat`` calls after a warm-up, fewer (at least two)
    if they take longer than ``budget`` seconds."""
    function()
    times = []
    deadline = time.perf_counter() + budget
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(ms(time.perf_counter() - start))
        if len(times) >= 2 and time.perf_counter() > deadline:
            break
    return times


def in_process(options) -> dict:
    articles = readable_articles()
    samples = {}
    per_query = []
    for text in QUERIES:
        terms = parse(text)
        group = group_of(terms)
        matches = search.matching(articles, terms).count()
        row = {"q": text, "group": group, "terms": [t.text for t in terms]}
        row["readable_matches"] = matches
        for kind, function in (
            ("match", lambda t=terms: search.matching(articles, t).count()),
            ("top20", lambda t=terms: first_page(articles, t)),
            ("top20_by_date", lambda t=terms: first_page(articles, t, True)),
        ):
            times = timed(function, options.repeat, options.budget)
            samples.setdefault(kind, {}).setdefault(group, []).extend(times)
            row[f"{kind}_p50_ms"] = round(statistics.median(times), 2)
        per_query.append(row)
        log(
            f"{text}: {matches} matches, match {row['match_p50_ms']} ms, "
            f"top20 {row['top20_p50_ms']} ms"
        )
    return {
        "snippets": highlight is not None,
        "groups": {
            kind: {group: summary(times) for group, times in groups.items()}
            for kind, groups in samples.items()
        },
        "queries": per_query,
    }


def year_filtered(options) -> dict:
    """The first page of common queries within one year, as the year filter
    of the search page narrows it."""
    figures = {}
    articles = readable_articles().filter(issue__issue_date__year=YEAR)
    for text in ("的", "京蒙", "乡村振兴"):
        terms = parse(text)
        times = timed(
            lambda t=terms: first_page(articles, t, year=YEAR), options.repeat, 10
        )
        figures[text] = summary(times)
    return figures


# HTTP ----------------------------------------------------------------------


def get(path: str) -> tuple[int, float]:
    """Status and time in ms of one GET."""
    client = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    start = time.perf_counter()
    try:
        client.request("GET", path)
        response = client.getresponse()
        response.read()
    finally:
        client.close()
    return response.status, ms(time.perf_counter() - start)


def search_path(text: str, **extra) -> str:
    return "/search/?" + urlencode({"q": text, **extra}, quote_via=quote)


def concurrent(paths: list[str], clients: int, duration: float) -> dict:
    """Clients requesting the paths in turn for ``duration`` seconds."""
    times, errors = [], []
    stop = time.monotonic() + duration
    lock = threading.Lock()

    def client(offset: int) -> None:
        i = offset
        while time.monotonic() < stop:
            try:
                status, took = get(paths[i % len(paths)])
            except OSError as error:
                status, took = str(error), 0
            with lock:
                if status == 200:
                    times.append(took)
                else:
                    errors.append(status)
            i += 1

    start = time.monotonic()
    threads = [
        threading.Thread(target=client, args=(n * len(paths) // clients,))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(times),
        "rps": round(len(times) / elapsed, 2),
        **summary(times),
        "errors": len(errors),
    }


def http_phase(options) -> dict:
    # Nothing cached by an earlier run of another database.
    run("redis-cli", "-n", "13", "flushdb", stdout=subprocess.DEVNULL)
    collect_static(ENV)
    with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as server_log:
        server = start_gunicorn(ENV, PORT, server_log, workers=2)
    try:
        wait_for(f"http://127.0.0.1:{PORT}/healthz")
        status, _took = get(search_path("京蒙"))
        if status != 200:
            return {"skipped": f"/search/ answered {status}"}
        samples, per_query, errors = {}, [], []
        deadline = time.monotonic() + options.http_budget
        for text in QUERIES:
            if time.monotonic() > deadline:
                break
            group = group_of(parse(text))
            row = {"q": text}
            for kind, path in (
                ("relevance", search_path(text)),
                ("by_date", search_path(text, order="date")),
            ):
                get(path)  # warm-up
                times = []
                for _ in range(options.http_repeat):
                    status, took = get(path)
                    if status == 200:
                        times.append(took)
                    else:
                        errors.append(f"{path}: {status}")
                samples.setdefault(kind, {}).setdefault(group, []).extend(times)
                row[f"{kind}_p50_ms"] = (
                    round(statistics.median(times), 2) if times else None
                )
            per_query.append(row)
        log("sequential HTTP requests done")
        paths = [search_path(text) for text in QUERIES]
        load = concurrent(paths, options.http_clients, options.http_duration)
        log(f"concurrent HTTP: {load['rps']} requests/s")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "workers": 2,
        "cache": "Redis (search pages are not cached)",
        "queries_timed": len(per_query),
        "groups": {
            kind: {group: summary(times) for group, times in groups.items()}
            for kind, groups in samples.items()
        },
        "queries": per_query,
        "errors": errors,
        "concurrent_mix": load,
        "server_log": server_log.name,
    }


# Recall --------------------------------------------------------------------

HAN = f"[{tokens.CJK}]"
LETTER = rf"(?:(?!{HAN})[^\W\d_])"
DIGIT = r"\d"
SEPARATOR = rf"(?:(?!{HAN})[\W_])"
PIECES = re.compile(rf"(?P<han>{HAN}+)|(?P<letter>{LETTER}+)|(?P<digit>{DIGIT}+)")
KIND_CLASS = {"han": HAN, "letter": LETTER, "digit": DIGIT}


def matcher(text: str):
    """A test of whether a folded text contains the term ``text``, written
    from the documented meaning rather than from the index:

    - Chinese is matched anywhere; a run of letters or of digits only where
      such a run starts (5G is not in 15G, 2023 is in G2023);
    - a term of several runs (2023年, a quoted phrase, words joined by
      punctuation) needs them in that order with only non-searchable
      characters between them, each run but the last ending where the
      text's run ends, the last one possibly going on (a prefix).
    """
    pieces = [(m.group(), m.lastgroup) for m in PIECES.finditer(text)]
    if len(pieces) == 1 and pieces[0][1] == "han":
        needle = pieces[0][0]
        return lambda document: needle in document
    pattern = []
    previous = None
    for i, (piece, kind) in enumerate(pieces):
        if i == 0:
            if kind != "han":
                pattern.append(f"(?<!{KIND_CLASS[kind]})")
        else:
            pattern.append(f"{SEPARATOR}{'+' if kind == previous else '*'}")
        pattern.append(re.escape(piece))
        if i < len(pieces) - 1:
            pattern.append(f"(?!{KIND_CLASS[kind]})")
        previous = kind
    compiled = re.compile("".join(pattern))
    needles = [piece for piece, _kind in pieces]
    return lambda document: (
        all(n in document for n in needles) and bool(compiled.search(document))
    )


def recall() -> dict:
    """Index matches against a scan of every article's text."""
    start = time.perf_counter()
    documents = []
    rows = (
        Article.objects.order_by()
        .values_list("pk", "title", "subtitle", "byline", "body")
        .iterator(chunk_size=2000)
    )
    for pk, title, subtitle, byline, body in rows:
        documents.append(
            (pk, tokens.fold(f"{title} {subtitle}"), tokens.fold(f"{byline} {body}"))
        )
    log(f"texts read in {time.perf_counter() - start:.1f} s")
    per_query, index_seconds, scan_seconds = [], 0.0, 0.0
    for text in QUERIES:
        terms = parse(text)
        start = time.perf_counter()
        found = set(
            search.matching(Article.objects.order_by(), terms).values_list(
                "pk", flat=True
            )
        )
        index_seconds += time.perf_counter() - start
        start = time.perf_counter()
        tests = [matcher(term.text) for term in terms]
        expected = {
            pk
            for pk, head, body in documents
            if all(test(head) or test(body) for test in tests)
        }
        scan_seconds += time.perf_counter() - start
        missed = sorted(expected - found)
        extra = sorted(found - expected)
        per_query.append(
            {
                "q": text,
                "terms": [t.text for t in terms],
                "scan": len(expected),
                "index": len(found),
                "recall": round(len(expected & found) / len(expected), 4)
                if expected
                else 1.0,
                "missed": len(missed),
                "false_positives": len(extra),
                "missed_examples": missed[:5],
                "false_positive_examples": extra[:5],
            }
        )
        if missed or extra:
            log(f"MISMATCH {text}: {len(missed)} missed, {len(extra)} extra")
    return {
        "articles_scanned": len(documents),
        "index_seconds": round(index_seconds, 1),
        "scan_seconds": round(scan_seconds, 1),
        "all_exact": all(
            row["missed"] == 0 and row["false_positives"] == 0 for row in per_query
        ),
        "queries": per_query,
    }


# Main ----------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs a query")
    parser.add_argument(
        "--budget", type=float, default=10, help="seconds a query may take in all"
    )
    parser.add_argument("--rebuild-sample", type=int, default=5000)
    parser.add_argument("--index-workers", type=int, default=2)
    parser.add_argument("--maintenance-work-mem", default="1GB")
    parser.add_argument("--http-repeat", type=int, default=3)
    parser.add_argument(
        "--http-budget", type=float, default=900, help="seconds of sequential HTTP"
    )
    parser.add_argument("--http-clients", type=int, default=4)
    parser.add_argument("--http-duration", type=float, default=20)
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--no-recall", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--reuse", action="store_true", help="query a kept database, do not build"
    )
    options = parser.parse_args()

    results = {"database": DB, "articles_requested": options.articles}
    started = time.perf_counter()
    try:
        if not options.reuse:
            log("creating and migrating the database")
            fresh_database(DB, ENV, series=0, issues=0, articles=0)
            start = time.perf_counter()
            results["data"] = load(options.articles)
            results["data"]["load_seconds"] = round(time.perf_counter() - start, 1)
            log(f"loaded in {results['data']['load_seconds']} s")
            results["indexing"] = build_index(options.articles, options)
        results["sizes"] = sizes()
        log("timing queries in-process")
        results["in_process"] = in_process(options)
        results[f"year_{YEAR}_first_page"] = year_filtered(options)
        if not options.no_http:
            log("timing queries over HTTP")
            results["http"] = http_phase(options)
        if not options.no_recall:
            log("checking recall")
            results["recall"] = recall()
    finally:
        connections.close_all()
        if not options.keep:
            psql(f"DROP DATABASE IF EXISTS {DB}")
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

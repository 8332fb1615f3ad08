"""The search index against a corpus of random text: whatever the query and
whichever plan PostgreSQL is steered to, the results are exactly the articles
a brute-force scan finds."""

import random

import pytest
from django.db import transaction

from articles import search
from articles.models import Article
from articles.search.query import parse
from articles.search.tokens import fold
from tests.factories import ArticleFactory, IssueFactory

pytestmark = pytest.mark.django_db

# Words that overlap each other and hide inside longer ones: 和服 in 和服务,
# 殷勇 in 殷勇波, 京蒙 after 将, 蒙古 in 内蒙古.
VOCABULARY = [
    "京蒙",
    "协作",
    "东西部协作",
    "乡村振兴",
    "尹力",
    "殷勇",
    "殷勇波",
    "内蒙古",
    "代表团",
    "和服",
    "和服务",
    "高质量发展",
    "始终将京蒙协作",
    "2023年",
    "5G",
    "挂职干部",
    "产业",
    "消费帮扶",
    "呼和浩特",
    "北京市",
    "主题教育",
    "深化",
]
QUERIES = [
    "京",
    "蒙",
    "服",
    "年",
    "京蒙",
    "协作",
    "尹力",
    "殷勇",
    "和服",
    "蒙古",
    "代表",
    "产业",
    "帮扶",
    "东西部",
    "殷勇波",
    "和服务",
    "内蒙古",
    "代表团",
    "将京蒙",
    "东西部协作",
    "乡村振兴",
    "高质量发展",
    "蒙协作东",
    "呼和浩特北京",
    "2023年",
    "5G",
    "5G产业",
    "京蒙 尹力",
    "协作 殷勇波 产业",
]


def words(rng, count):
    separators = ["", "", "", "，", "。", "、", "；", " "]
    return "".join(
        rng.choice(VOCABULARY) + rng.choice(separators) for _ in range(count)
    )


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """150 published articles of random text over the vocabulary, built once
    for the module. The tests only read them; each runs in a savepoint of the
    transaction that holds them, which is rolled back after the last one, so
    no other module ever sees them."""
    rng = random.Random(76)
    with django_db_blocker.unblock(), transaction.atomic():
        issue = IssueFactory(published=True)
        yield [
            ArticleFactory(
                issue=issue,
                title=words(rng, 4),
                subtitle=words(rng, 1),
                byline="",
                body=words(rng, 40),
            )
            for _ in range(150)
        ]
        transaction.set_rollback(True)


def contains(article, query):
    """Brute force: every word of the query occurs in the title or the text."""
    title = fold(f"{article.title} {article.subtitle}")
    body = fold(f"{article.byline} {article.body}")
    return all(term.text in title or term.text in body for term in parse(query))


@pytest.mark.parametrize("query", QUERIES)
def test_the_index_finds_exactly_the_articles_containing_the_words(corpus, query):
    expected = {a.pk for a in corpus if contains(a, query)}
    found = set(
        search.matching(Article.objects.all(), parse(query)).values_list(
            "pk", flat=True
        )
    )
    assert expected, f"the corpus has no article with {query}"
    assert found == expected


@pytest.mark.parametrize(
    "query", ["京", "京蒙", "殷勇", "东西部协作", "5G产业", "京蒙 尹力"]
)
def test_results_are_exactly_the_newest_matches_whichever_plan(corpus, query, plan):
    expected = {a.pk for a in corpus if contains(a, query)}
    newest_first = Article.objects.order_by("-issue__issue_date", "-pk")
    found = search.ranked_ids(newest_first, parse(query), by_date=True)
    assert len(expected) < search.CANDIDATES
    assert set(found) == expected
    assert found == sorted(found, reverse=True)  # one issue: newest is highest id

"""Query budgets of the reading site: fixed, whatever the amount of data."""

import pytest
from django.core.cache import cache
from django.db import connection

from issues import workflow
from tests.factories import ArticleFactory, IssueFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def issue_with(articles: int, series=None):
    issue = IssueFactory(published=True, **({"series": series} if series else {}))
    for position in range(1, articles + 1):
        ArticleFactory(issue=issue, position=position)
    return issue


def measure(client, url, django_assert_max_num_queries, budget):
    cache.clear()
    with django_assert_max_num_queries(budget) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_issue_page_budget_does_not_grow_with_articles(
    client, django_assert_max_num_queries
):
    small, large = issue_with(1), issue_with(30)
    # issue + series + signatories; articles + sources; cache miss costs none
    first = measure(client, small.get_absolute_url(), django_assert_max_num_queries, 6)
    second = measure(client, large.get_absolute_url(), django_assert_max_num_queries, 6)
    assert first == second


def test_article_page_budget_does_not_grow(client, django_assert_max_num_queries):
    small, large = issue_with(2), issue_with(30)
    urls = [
        small.articles.last().get_absolute_url(),
        large.articles.last().get_absolute_url(),
    ]
    counts = [measure(client, url, django_assert_max_num_queries, 6) for url in urls]
    assert counts[0] == counts[1]


def test_archive_budget_does_not_grow_with_issues(
    client, django_assert_max_num_queries
):
    series = SeriesFactory(slug="xxck")
    issue_with(2, series)
    # series; filter choices: years, sources; count; page of issues; articles
    first = measure(client, "/xxck/", django_assert_max_num_queries, 8)
    for _ in range(25):
        issue_with(5, series)
    assert measure(client, "/xxck/", django_assert_max_num_queries, 8) == first


def test_home_budget_does_not_grow_with_series(client, django_assert_max_num_queries):
    issue_with(2)
    first = measure(client, "/", django_assert_max_num_queries, 4)
    for _ in range(6):
        series = SeriesFactory()
        for _ in range(7):
            issue_with(3, series)
    assert measure(client, "/", django_assert_max_num_queries, 4) == first


def test_feed_and_sitemap_budgets(client, django_assert_max_num_queries):
    issue_with(3)
    counts = [
        measure(client, url, django_assert_max_num_queries, 6)
        for url in ("/feed/", "/sitemap.xml")
    ]
    for _ in range(10):
        issue_with(3)
    assert [
        measure(client, url, django_assert_max_num_queries, 6)
        for url in ("/feed/", "/sitemap.xml")
    ] == counts


def test_signed_off_issues_keep_the_budgets(
    client, editor, reviewer, publisher, django_assert_max_num_queries
):
    """Pages read the record taken at sign-off with the issue: no query more
    than above, however many articles the record holds."""
    issues = []
    for count in (1, 30):
        issue = IssueFactory(number=None)
        for position in range(1, count + 1):
            ArticleFactory(issue=issue, position=position)
        workflow.submit(issue, by=editor)
        workflow.approve(issue, by=reviewer)
        workflow.publish(issue, by=publisher)
        assert len(issue.record["articles"]) == count
        issues.append(issue)
    for urls in (
        [issue.get_absolute_url() for issue in issues],
        [issue.articles.last().get_absolute_url() for issue in issues],
    ):
        counts = [
            measure(client, url, django_assert_max_num_queries, 6) for url in urls
        ]
        assert counts[0] == counts[1]
    measure(client, "/feed/", django_assert_max_num_queries, 6)
    budget = 11 if connection.vendor == "postgresql" else 6
    measure(client, "/search/?q=内蒙古", django_assert_max_num_queries, budget)

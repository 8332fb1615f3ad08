"""Full-text search through its public surface: the search page, the admin
and the rebuild command, on whichever database the suite runs."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles import search
from articles.models import Article
from articles.search.query import parse
from issues import workflow
from tests.factories import ArticleFactory, IssueFactory, SeriesFactory, SourceFactory
from tests.utils import POSTGRESQL

pytestmark = pytest.mark.django_db

SEARCH = "/search/"


def test_a_quoted_phrase_matches_as_written():
    issue = IssueFactory(published=True)
    apart = ArticleFactory(issue=issue, body="推进乡村，振兴产业。")
    together = ArticleFactory(issue=issue, body="全面推进乡村振兴。")
    distant = ArticleFactory(issue=issue, body="振兴产业。建设美丽乡村。")

    def found(query):
        matches = search.matching(Article.objects.all(), parse(query))
        return set(matches.values_list("pk", flat=True))

    assert found("乡村 振兴") == {apart.pk, together.pk, distant.pk}
    assert found('"乡村 振兴"') == {apart.pk}
    assert found("“乡村振兴”") == {together.pk}


def published(body, **kwargs):
    issue = IssueFactory(published=True, **kwargs)
    return ArticleFactory(issue=issue, position=1, body=body)


def test_results_show_issue_date_source_and_marked_excerpt(client):
    article = published("北京市党政代表团就深化京蒙东西部协作进行交流对接。")
    response = client.get(SEARCH, {"q": "京蒙"})
    assertContains(response, article.get_absolute_url())
    assertContains(response, str(article.issue))
    assertContains(response, "2023年7月23日")
    assertContains(response, "北京日报")
    assertContains(response, "深化<mark>京蒙</mark>东西部协作")


def test_every_public_page_has_the_search_box(client):
    article = published("京蒙协作")
    for url in ("/", article.issue.get_absolute_url(), article.get_absolute_url()):
        assertContains(client.get(url), f'action="{SEARCH}"')


def test_drafts_pool_and_withdrawn_articles_are_never_found(client, editor, plan):
    for state in ({}, {"in_review": True}, {"approved": True}, {"withdrawn": True}):
        ArticleFactory(
            issue=IssueFactory(**state), position=1, title=f"京蒙草稿{state}"
        )
    ArticleFactory(issue=None, title="京蒙备用稿")
    client.force_login(editor)
    response = client.get(SEARCH, {"q": "京蒙"})
    assertNotContains(response, "草稿")
    assertNotContains(response, "备用稿")
    assertContains(response, "没有")


def test_internal_articles_are_found_only_by_readers_who_logged_in(
    client, reader, plan
):
    internal = SeriesFactory(name="内部参阅", slug="nbcy", visibility="internal")
    published("内部京蒙材料", series=internal)
    assertNotContains(client.get(SEARCH, {"q": "京蒙"}), "内部京蒙材料")
    client.force_login(reader)
    assertContains(client.get(SEARCH, {"q": "京蒙"}), "内部<mark>京蒙</mark>材料")


def test_the_index_follows_edits_and_deletion(client):
    article = published("旧的说法：京蒙协作。")
    article.body = "新的说法：东西部协作。"
    article.save()
    assertNotContains(client.get(SEARCH, {"q": "京蒙"}), article.title)
    assertContains(client.get(SEARCH, {"q": "东西部"}), "<mark>东西部</mark>")
    article.delete()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {search.TABLE}")
        assert cursor.fetchone()[0] == 0


def test_withdrawal_removes_an_article_from_results_at_once(client, publisher):
    article = published("京蒙协作")
    assertContains(client.get(SEARCH, {"q": "京蒙"}), article.get_absolute_url())
    workflow.withdraw(article.issue, by=publisher, comment="内容有误")
    assertNotContains(client.get(SEARCH, {"q": "京蒙"}), article.get_absolute_url())


def test_markup_in_text_and_query_is_shown_as_text(client):
    published('<script>alert(1)</script>京蒙<img src=x onerror="alert(2)">')
    response = client.get(SEARCH, {"q": "京蒙 <script>"})
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_ranking_puts_title_matches_first_and_date_order_newest_first(client, plan):
    older = IssueFactory(published=True, issue_date=datetime.date(2020, 1, 1))
    newer = IssueFactory(published=True, issue_date=datetime.date(2024, 1, 1))
    in_title = ArticleFactory(issue=older, title="京蒙协作新篇章", body="其他内容。")
    in_body = ArticleFactory(issue=newer, title="一篇报道", body="谈到京蒙协作。")
    relevant = client.get(SEARCH, {"q": "京蒙协作"}).content.decode()
    assert relevant.index(in_title.get_absolute_url()) < relevant.index(
        in_body.get_absolute_url()
    )
    by_date = client.get(SEARCH, {"q": "京蒙协作", "order": "date"}).content.decode()
    assert by_date.index(in_body.get_absolute_url()) < by_date.index(
        in_title.get_absolute_url()
    )


def test_filters_narrow_results_and_an_empty_filtered_search_suggests_removing_one(
    client, plan
):
    xxck = SeriesFactory(name="学习参考", slug="xxck")
    other = SeriesFactory(name="理论学习", slug="llxx")
    mine = published("京蒙协作", series=xxck)
    theirs = published("京蒙协作", series=other, issue_date=datetime.date(2021, 5, 1))
    theirs.source = SourceFactory(name="人民日报")
    theirs.save()

    def urls(**params):
        html = client.get(SEARCH, {"q": "京蒙", **params}).content.decode()
        return {
            a.get_absolute_url() for a in (mine, theirs) if a.get_absolute_url() in html
        }

    assert urls() == {mine.get_absolute_url(), theirs.get_absolute_url()}
    assert urls(series=xxck.pk) == {mine.get_absolute_url()}
    assert urls(year=2021) == {theirs.get_absolute_url()}
    assert urls(source=theirs.source.pk) == {theirs.get_absolute_url()}
    assert urls(kind="supplement") == set()
    assertContains(
        client.get(SEARCH, {"q": "京蒙", "kind": "supplement"}), "去掉一个筛选条件"
    )


def test_results_are_paginated_and_the_count_is_capped(client, monkeypatch, plan):
    issue = IssueFactory(published=True)
    for _ in range(25):
        ArticleFactory(issue=issue, body="京蒙协作")
    first = client.get(SEARCH, {"q": "京蒙"})
    assertContains(first, "共找到 25 篇文章")
    assert first.content.decode().count('class="search-hit"') == 20
    assertContains(first, "下一页")
    second = client.get(SEARCH, {"q": "京蒙", "page": 2})
    assert second.content.decode().count('class="search-hit"') == 5
    assertContains(second, "上一页")
    monkeypatch.setattr(search, "CANDIDATES", 10)
    assertContains(
        client.get(SEARCH, {"q": "京蒙"}), "找到 10+ 篇文章，显示最新 10 篇中最相关的"
    )
    by_date = client.get(SEARCH, {"q": "京蒙", "order": "date"})
    assertContains(by_date, "找到 10+ 篇文章，显示最新的 10 篇")


@pytest.mark.parametrize(
    ("query", "answer"),
    [
        ("", "输入一个或几个词"),
        ("。，！——", "没有可以查找的汉字、字母或数字"),
        ("京" * 500, "不超过 200"),
        ("没有这个词", "没有已发布的文章包含这些词"),
    ],
)
def test_every_query_gets_a_clear_answer(client, query, answer):
    published("京蒙协作")
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    assertContains(response, answer)


def test_bad_filter_values_are_rejected_with_a_message(client):
    response = client.get(SEARCH, {"q": "京蒙", "year": "abc", "series": "999"})
    assert response.status_code == 200
    assertContains(response, 'role="alert"')


def test_the_search_page_budget_does_not_grow_with_results(
    client, django_assert_max_num_queries
):
    issue = IssueFactory(published=True)
    ArticleFactory.create_batch(2, issue=issue, body="京蒙协作")
    # filter choices (series, years, sources), the newest matches, their
    # scores, the page of articles; on PostgreSQL the newest matches take a
    # transaction of five statements (see PostgresIndex.newest)
    budget = 11 if connection.vendor == "postgresql" else 6
    with django_assert_max_num_queries(budget) as few:
        client.get(SEARCH, {"q": "京蒙"})
    for _ in range(30):
        ArticleFactory(issue=IssueFactory(published=True), body="京蒙协作")
    cache.clear()  # the factories publish without telling the cache
    with django_assert_max_num_queries(budget) as many:
        client.get(SEARCH, {"q": "京蒙"})
    assert len(few) == len(many)
    # The filter choices are kept until something is published.
    with django_assert_max_num_queries(budget - 3):
        client.get(SEARCH, {"q": "京蒙"})


def test_filter_choices_follow_publication_and_audience(
    client, reader, editor, reviewer, publisher, django_capture_on_commit_callbacks
):
    internal = SeriesFactory(name="内部参阅", slug="nbcy", visibility="internal")
    published("内部京蒙材料", series=internal)
    client.force_login(reader)
    assertContains(client.get(SEARCH, {"q": "京蒙"}), "内部参阅")
    client.logout()
    assertNotContains(client.get(SEARCH, {"q": "京蒙"}), "内部参阅")
    issue = IssueFactory(issue_date=datetime.date(2018, 3, 1))
    ArticleFactory(issue=issue, position=1, body="京蒙协作")
    option = '<option value="2018">2018年</option>'
    assertNotContains(client.get(SEARCH, {"q": "京蒙"}), option)
    workflow.submit(issue, by=editor)
    workflow.approve(issue, by=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(issue, by=publisher)
    assertContains(client.get(SEARCH, {"q": "京蒙"}), option)


def test_editors_find_drafts_and_pool_articles_in_the_admin(client, editor):
    draft = ArticleFactory(
        issue=IssueFactory(), position=1, title="草稿一", body="京蒙协作"
    )
    pool = ArticleFactory(issue=None, title="备用稿二", body="深化京蒙协作")
    ArticleFactory(issue=None, title="无关稿件", body="其他内容")
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_changelist"), {"q": "京蒙"})
    assertContains(response, draft.title)
    assertContains(response, pool.title)
    assertNotContains(response, "无关稿件")


def test_issues_are_found_in_the_admin_by_their_articles_and_number(client, editor):
    found = IssueFactory(number=76)
    ArticleFactory(issue=found, position=1, body="京蒙协作")
    other = IssueFactory(number=77)
    ArticleFactory(issue=other, position=1, title="其他", body="其他内容")
    client.force_login(editor)
    url = reverse("admin:issues_issue_changelist")
    by_text = client.get(url, {"q": "京蒙"}).content.decode()
    assert f"/{found.pk}/change/" in by_text and f"/{other.pk}/change/" not in by_text
    by_number = client.get(url, {"q": "77"}).content.decode()
    assert (
        f"/{other.pk}/change/" in by_number and f"/{found.pk}/change/" not in by_number
    )


def test_readers_cannot_search_the_admin(client, reader):
    client.force_login(reader)
    response = client.get(reverse("admin:articles_article_changelist"), {"q": "京蒙"})
    assert response.status_code == 302


def test_rebuild_restores_a_lost_index(client):
    article = published("京蒙协作")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {search.TABLE}")
    assertNotContains(client.get(SEARCH, {"q": "京蒙"}), article.get_absolute_url())
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out, stderr=io.StringIO())
    assert re.search(r"1\D", out.getvalue())
    assertContains(client.get(SEARCH, {"q": "京蒙"}), article.get_absolute_url())


def test_no_filter_is_chosen_until_the_reader_chooses_one(client):
    published("京蒙协作")
    html = client.get(SEARCH, {"q": "京蒙"}).content.decode()
    for name in ("series", "year", "source", "kind"):
        select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group()
        assert re.search(r'<option value="" selected>全部</option>', select), name


def test_date_order_follows_the_issue_through_placement_and_publication(
    client, editor, reviewer, publisher, plan
):
    older = published("京蒙协作，旧文。", issue_date=datetime.date(2020, 1, 1))
    pool = ArticleFactory(issue=None, title="新编入的文章", body="京蒙协作，新文。")
    issue = IssueFactory(issue_date=None)
    issue.add_articles([pool])
    workflow.submit(issue, by=editor)
    workflow.approve(issue, by=reviewer)
    workflow.publish(issue, by=publisher)
    pool.refresh_from_db()
    html = client.get(SEARCH, {"q": "京蒙", "order": "date"}).content.decode()
    assert html.index(pool.get_absolute_url()) < html.index(older.get_absolute_url())
    issue.refresh_from_db()
    workflow.withdraw(issue, by=publisher, comment="日期有误")
    workflow.reopen(issue, by=editor)
    issue.refresh_from_db()
    issue.issue_date = datetime.date(2019, 1, 1)
    issue.save()
    workflow.submit(issue, by=editor)
    workflow.approve(issue, by=reviewer)
    workflow.publish(issue, by=publisher)
    html = client.get(SEARCH, {"q": "京蒙", "order": "date"}).content.decode()
    assert html.index(older.get_absolute_url()) < html.index(pool.get_absolute_url())


# Only PostgreSQL switches planner settings: on SQLite the test is not
# collected, rather than collected once per plan and skipped each time.
if POSTGRESQL:

    def test_a_search_leaves_the_planner_as_it_found_it(client, plan):
        ArticleFactory.create_batch(
            3, issue=IssueFactory(published=True), body="京蒙协作"
        )
        client.get(SEARCH, {"q": "京蒙协作", "year": 2023})
        client.get(SEARCH, {"q": "京蒙协作"})
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), "
                "current_setting('enable_indexscan'), current_setting('enable_bitmapscan')"
            )
            assert cursor.fetchone() == ("on", "on", "on")

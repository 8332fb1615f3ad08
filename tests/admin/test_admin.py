import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from articles.models import Article, Source
from issues import workflow
from issues.models import Issue, Series
from tests.factories import ArticleFactory, IssueFactory, SeriesFactory, SourceFactory
from tests.html import flatten, form_data

pytestmark = pytest.mark.django_db


def test_admin_speaks_chinese(client_as, editor):
    response = client_as(editor).get(reverse("admin:index"))
    assertContains(response, "简报编辑系统")
    assertContains(response, "文章")


def test_editor_creates_a_series(client_as, editor):
    client = client_as(editor)
    url = reverse("admin:issues_series_add")
    data = flatten(form_data(client.get(url), "series_form"))
    data.update(
        name="学习参考",
        slug="学习参考",
        banner="学习贯彻习近平新时代中国特色社会主义思想主题教育",
        office="北京教育科学研究院主题教育领导小组办公室",
        numbering="continuous",
        visibility="public",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    assert Series.objects.get().slug == "学习参考"


def test_issue_form_suggests_the_next_free_number(client_as, editor):
    series = SeriesFactory(name="学习参考")
    IssueFactory(series=series, number=75)
    response = client_as(editor).get(reverse("admin:issues_issue_add"))
    assertContains(response, "下一个可用期号：学习参考 76")


def test_editor_creates_an_issue_without_a_number(client_as, editor):
    series = SeriesFactory(report_to="市委宣传部")
    client = client_as(editor)
    url = reverse("admin:issues_issue_add")
    data = flatten(form_data(client.get(url), "issue_form"))
    data.update(series=series.pk, kind="regular", number="", issue_date="")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    issue = Issue.objects.get()
    assert (issue.number, issue.status, issue.created_by) == (None, "draft", editor)
    assert issue.report_to == "市委宣传部"  # distribution copied from the series


def test_taken_number_is_a_form_error_in_chinese(client_as, editor):
    series = SeriesFactory()
    IssueFactory(series=series, number=76)
    client = client_as(editor)
    url = reverse("admin:issues_issue_add")
    data = flatten(form_data(client.get(url), "issue_form"))
    data.update(series=series.pk, kind="regular", number="76")
    response = client.post(url, data)
    assert response.status_code == 200
    assertContains(response, "该期号已被本刊使用")
    assert Issue.objects.count() == 1


def test_editor_writes_an_article_and_sees_its_citation(client_as, editor):
    source = SourceFactory(name="北京日报")
    client = client_as(editor)
    url = reverse("admin:articles_article_add")
    data = flatten(form_data(client.get(url), "article_form"))
    data.update(
        title="共同谱写携手奋进中国式现代化的京蒙篇章",
        subtitle="尹力殷勇与孙绍骋王莉霞座谈 车俊参加",
        byline="本报讯（记者 祁梦竹）",
        body="　　第一段。\r\n\r\n　　第二段。",
        source=source.pk,
        source_date="2023-07-23",
        source_page="第1版",
        source_url="https://bjrb.bjd.com.cn/",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    article = Article.objects.get()
    assert article.body == "第一段。\n\n第二段。"
    assert (article.issue, article.created_by) == (None, editor)
    change = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assertContains(change, "选自《北京日报》（2023年7月23日第1版）")


def test_editor_sets_where_a_long_title_breaks(client_as, editor):
    issue = IssueFactory()
    article = ArticleFactory(issue=issue, position=1)
    client = client_as(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = flatten(form_data(client.get(url), "article_form"))
    data["title"] = (
        "北京市党政代表团赴内蒙古自治区对接东西部协作工作 ｜ "
        "共同谱写携手奋进中国式现代化的京蒙篇章"
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    article.refresh_from_db()
    # Stored without the mark: search, feeds and lists show the title itself.
    assert article.title == (
        "北京市党政代表团赴内蒙古自治区对接东西部协作工作 "
        "共同谱写携手奋进中国式现代化的京蒙篇章"
    )
    assert article.title_breaks == [24]
    # The form gives the mark back to edit, and the preview shows the lines.
    assertContains(client.get(url), "协作工作 | 共同谱写")
    preview = client.get(reverse("issues:preview", args=[issue.pk]))
    assertContains(
        preview,
        '<span class="title-line">北京市党政代表团赴内蒙古自治区对接东西部协作工作</span>'
        '<span class="title-line"> 共同谱写携手奋进中国式现代化的京蒙篇章</span>',
    )

    # Without the mark the title goes back to balanced lines.
    data = flatten(form_data(client.get(url), "article_form"))
    data["title"] = data["title"].replace(" | ", " ")
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.title_breaks == []
    assertContains(
        client.get(reverse("issues:preview", args=[issue.pk])),
        '<span class="title-line">对接东西部协作工作</span>',
    )


def test_editor_puts_pool_articles_into_an_issue_and_orders_them(client_as, editor):
    issue = IssueFactory()
    placed = ArticleFactory(issue=issue, position=1, title="甲")
    first, second = ArticleFactory(title="乙"), ArticleFactory(title="丙")
    client = client_as(editor)
    url = reverse("admin:issues_issue_change", args=[issue.pk])
    data = form_data(client.get(url), "issue_form")
    data["add_articles"] = [str(second.pk), str(first.pk)]
    assert client.post(url, data).status_code == 302
    assert [a.title for a in issue.articles.order_by("position")] == ["甲", "丙", "乙"]

    # Reorder: put 乙 first, take 甲 out of the issue.
    data = flatten(form_data(client.get(url), "issue_form"))
    rows = {data[f"articles-{i}-id"]: i for i in range(3)}
    data[f"articles-{rows[str(first.pk)]}-position"] = "1"
    data[f"articles-{rows[str(second.pk)]}-position"] = "2"
    data[f"articles-{rows[str(placed.pk)]}-remove"] = "on"
    assert client.post(url, data).status_code == 302
    assert [(a.title, a.position) for a in issue.articles.order_by("position")] == [
        ("乙", 1),
        ("丙", 2),
    ]
    placed.refresh_from_db()
    assert (placed.issue, placed.position) == (None, None)


def test_pool_action_places_articles_in_a_draft(client_as, editor):
    issue = IssueFactory()
    articles = [ArticleFactory(), ArticleFactory()]
    response = client_as(editor).post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "place_in_issue",
            "_selected_action": [a.pk for a in articles],
            "issue": issue.pk,
            "apply": "1",
        },
        follow=True,
    )
    assertContains(response, "已将 2 篇文章编入")
    assert issue.articles.count() == 2


def test_article_list_filters_and_pool(client_as, editor):
    series = SeriesFactory(name="学习参考")
    issue = IssueFactory(series=series, published=True)
    ArticleFactory(issue=issue, position=1, title="在期中的文章")
    ArticleFactory(title="池中的文章", source=SourceFactory(name="人民日报"))
    IssueFactory(series=SeriesFactory(name="工作简报"))
    client = client_as(editor)
    url = reverse("admin:articles_article_changelist")
    pool = client.get(url, {"pool": "yes"})
    assertContains(pool, "池中的文章")
    assertNotContains(pool, "在期中的文章")
    by_series = client.get(url, {"issue__series__id__exact": series.pk})
    assertContains(by_series, "在期中的文章")
    assertNotContains(by_series, "池中的文章")
    by_state = client.get(url, {"issue__status": "published"})
    assertContains(by_state, "在期中的文章")
    by_source = client.get(
        url, {"source__id__exact": Source.objects.get(name="人民日报").pk}
    )
    assertContains(by_source, "池中的文章")
    assertNotContains(by_source, "在期中的文章")
    by_year = client.get(url, {"year": "2023"})
    assertContains(by_year, "池中的文章")
    assertNotContains(client.get(url, {"year": "2022"}), "池中的文章")
    searched = client.get(url, {"q": "池中"})
    assertContains(searched, "池中的文章")
    assertNotContains(searched, "在期中的文章")


def test_issue_list_filters_by_series_state_and_year(client_as, editor):
    a = IssueFactory(series=SeriesFactory(name="学习参考"), number=76, published=True)
    b = IssueFactory(series=SeriesFactory(name="工作简报"), number=3)
    b.issue_date = b.issue_date.replace(year=2024)
    b.save()
    client = client_as(editor)
    url = reverse("admin:issues_issue_changelist")
    assertContains(
        client.get(url, {"series__id__exact": a.series_id}), "《学习参考》第76期"
    )
    assertNotContains(
        client.get(url, {"series__id__exact": a.series_id}), "《工作简报》"
    )
    assertContains(client.get(url, {"status__exact": "draft"}), "《工作简报》第3期")
    assertNotContains(client.get(url, {"status__exact": "draft"}), "《学习参考》第76期")
    assertContains(client.get(url, {"year": "2024"}), "《工作简报》第3期")
    ArticleFactory(issue=a, position=1, title="京蒙协作")
    assertContains(client.get(url, {"q": "京蒙"}), "《学习参考》第76期")


def make_rows(count):
    """``count`` rows in every list: series, issues, sources, articles."""
    for _ in range(count):
        source = SourceFactory(name=f"来源{Source.objects.count()}")
        issue = IssueFactory(series=SeriesFactory())
        ArticleFactory(issue=issue, position=1, source=source)
        ArticleFactory(source=source)


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:issues_issue_changelist",
        "admin:articles_article_changelist",
        "admin:issues_series_changelist",
        "admin:articles_source_changelist",
    ],
)
def test_admin_lists_keep_a_fixed_query_budget(
    client_as, superuser, django_assert_max_num_queries, url_name
):
    client = client_as(superuser)
    url = reverse(url_name)
    make_rows(5)
    client.get(url)  # warm-up: session and content types
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    budget = len(small)  # read now: the next request resets the query log
    make_rows(195)
    with django_assert_max_num_queries(budget):
        client.get(url)


def test_issue_change_page_keeps_a_fixed_query_budget(
    client_as, editor, django_assert_max_num_queries
):
    issue = IssueFactory()
    for position in range(1, 6):
        ArticleFactory(issue=issue, position=position)
    client = client_as(editor)
    url = reverse("admin:issues_issue_change", args=[issue.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    budget = len(small)
    for position in range(6, 201):
        ArticleFactory(issue=issue, position=position)
    with django_assert_max_num_queries(budget):
        client.get(url)


def test_published_issue_is_read_only_even_to_crafted_posts(
    client_as, editor, published_issue
):
    client = client_as(editor)
    url = reverse("admin:issues_issue_change", args=[published_issue.pk])
    page = client.get(url)
    assertContains(page, "内容对所有人只读")
    response = client.post(url, {"series": published_issue.series_id, "number": 99})
    assert response.status_code == 403
    published_issue.refresh_from_db()
    assert published_issue.number == 75
    article = published_issue.articles.get()
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), {"title": "改"}
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title != "改"


def test_a_published_issue_lists_its_articles_with_the_citations_it_printed(
    client_as, editor, reviewer, publisher
):
    issue = IssueFactory(number=None)
    ArticleFactory(issue=issue, position=1, source=SourceFactory(name="北京日报"))
    workflow.submit(issue, by=editor)
    workflow.approve(issue, by=reviewer)
    workflow.publish(issue, by=publisher)
    Source.objects.filter(name="北京日报").update(name="北京日报社")
    page = client_as(editor).get(reverse("admin:issues_issue_change", args=[issue.pk]))
    assertContains(page, "选自《北京日报》（2023年7月23日第1版）")
    assertNotContains(page, "北京日报社")


INVALID_FILTER = "地址中的筛选条件不存在或取值无效，已改为显示全部。"


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("admin:issues_issue_changelist", {"year": "abc"}),
        ("admin:issues_issue_changelist", {"year": "99999"}),
        ("admin:issues_issue_changelist", {"year": "99999999999999999999"}),
        ("admin:issues_issue_changelist", {"status": "bogus"}),
        ("admin:issues_issue_changelist", {"status__exact": "bogus"}),
        ("admin:issues_issue_changelist", {"series__id__exact": "abc"}),
        ("admin:issues_issue_changelist", {"id__in": "99999999999999999999"}),
        ("admin:articles_article_changelist", {"pool": "x"}),
        ("admin:articles_article_changelist", {"year": "abc"}),
        ("admin:articles_article_changelist", {"issue__series__id__exact": "abc"}),
        ("admin:articles_article_changelist", {"issue__status__in": "draft,bogus"}),
        ("admin:issues_series_changelist", {"visibility__exact": "secret"}),
        ("admin:auth_user_changelist", {"id__in": "1,99999999999999999999"}),
    ],
)
def test_bad_filter_value_shows_the_whole_list_with_a_message(
    client_as, superuser, url_name, query
):
    for series in ("学习参考", "工作简报"):  # a filter of one choice is not shown
        ArticleFactory(issue=IssueFactory(series=SeriesFactory(name=series)))
    url = reverse(url_name)
    response = client_as(superuser).get(url, query, follow=True)
    assert response.redirect_chain == [(f"{url}?e=1", 302)]
    assertContains(response, INVALID_FILTER)


def test_good_filter_values_are_not_refused(client_as, superuser):
    IssueFactory(number=76)
    client = client_as(superuser)
    url = reverse("admin:issues_issue_changelist")
    for query in (
        {"status": "draft"},
        {"status__in": "draft,published"},
        {"kind__exact": "supplement"},
        {"year": "2023"},
    ):
        response = client.get(url, query)
        assert response.status_code == 200, query


def view_on_site(client, obj):
    """Where the change page's “View on site” link leads, if it has one."""
    opts = obj._meta
    page = client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    ).content.decode()
    match = re.search(r'<a href="([^"]*)" class="viewsitelink"', page)
    return match and match.group(1)


def test_view_on_site_shows_an_unpublished_issue_in_its_preview(client_as, editor):
    draft = IssueFactory(number=None)
    ArticleFactory(issue=draft, position=1)
    published = IssueFactory(number=75, published=True)
    client = client_as(editor)
    preview = reverse("issues:preview", args=[draft.pk])
    assert view_on_site(client, draft) == preview
    assert view_on_site(client, published) == published.get_absolute_url()
    assert client.get(preview).status_code == 200
    # The address Django's own link would use leads to the same place.
    content_type = ContentType.objects.get_for_model(Issue).pk
    response = client.get(reverse("admin:view_on_site", args=[content_type, draft.pk]))
    assertRedirects(response, preview, fetch_redirect_response=False)


def test_view_on_site_of_an_article_follows_its_issue(client_as, editor):
    draft = IssueFactory(number=None)
    placed = ArticleFactory(issue=draft, position=1)
    published = IssueFactory(number=75, published=True)
    printed = ArticleFactory(issue=published, position=1)
    pool = ArticleFactory()
    client = client_as(editor)
    preview = reverse("issues:preview", args=[draft.pk])
    assert view_on_site(client, placed) == f"{preview}#article-1"
    assert view_on_site(client, printed) == printed.get_absolute_url()
    assert view_on_site(client, pool) is None
    content_type = ContentType.objects.get_for_model(Article).pk
    response = client.get(reverse("admin:view_on_site", args=[content_type, pool.pk]))
    assert response.status_code == 404

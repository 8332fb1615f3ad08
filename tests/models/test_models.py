import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article
from issues.models import Issue, Series
from issues.numbering import assign_number, next_free_number
from tests.factories import ArticleFactory, IssueFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def test_str_reads_like_the_bulletin():
    series = SeriesFactory(name="学习参考")
    assert str(IssueFactory(series=series, number=76)) == "《学习参考》第76期"
    assert (
        str(IssueFactory(series=series, number=1, kind="supplement"))
        == "《学习参考》增刊第1期"
    )
    assert str(IssueFactory(series=series, number=None)) == "《学习参考》（待编号）"


def test_yearly_series_numbers_count_within_the_year():
    series = SeriesFactory(name="工作简报", numbering=Series.Numbering.YEARLY)
    issue = IssueFactory(
        series=series, number=3, total_number=58, issue_date=datetime.date(2024, 5, 1)
    )
    assert issue.number_year == 2024
    assert f"{issue.number_label}{issue.total_label}" == "2024年第3期（总第58期）"
    # The same number in another year is a different issue.
    IssueFactory(series=series, number=3, issue_date=datetime.date(2025, 1, 8))


def test_number_unique_within_series_and_kind():
    series = SeriesFactory()
    IssueFactory(series=series, number=5)
    IssueFactory(series=series, number=5, kind=Issue.Kind.SPECIAL)  # own sequence
    IssueFactory(series=SeriesFactory(), number=5)  # other series
    with pytest.raises(IntegrityError), transaction.atomic():
        IssueFactory(series=series, number=5)


def test_validation_explains_a_taken_number_in_chinese():
    series = SeriesFactory()
    IssueFactory(series=series, number=5)
    with pytest.raises(ValidationError) as error:
        Issue(series=series, number=5).full_clean()
    assert "期号已被本刊使用" in str(error.value)


@pytest.mark.parametrize("field", ["number", "total_number", "print_run"])
def test_numbers_must_be_positive(field):
    with pytest.raises(IntegrityError), transaction.atomic():
        IssueFactory(**{field: 0})


def test_published_issue_needs_number_and_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        IssueFactory(number=None, published=True)


def test_article_position_unique_within_issue():
    issue = IssueFactory()
    ArticleFactory(issue=issue, position=1)
    ArticleFactory(issue=IssueFactory(), position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(issue=issue, position=1, title="x", body="y")


def test_article_title_may_not_be_blank():
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title="", body="y")


def test_article_placed_without_position_goes_last():
    issue = IssueFactory()
    ArticleFactory(issue=issue, position=1)
    ArticleFactory(issue=issue, position=4)
    assert ArticleFactory(issue=issue, position=None).position == 5


def test_citation_is_formed_the_conventional_way():
    article = ArticleFactory(
        source_date=datetime.date(2023, 7, 23), source_page="第1版"
    )
    assert article.citation == "选自《北京日报》（2023年7月23日第1版）"
    article.source_page = ""
    assert article.citation == "选自《北京日报》（2023年7月23日）"
    article.source_date = None
    assert article.citation == "选自《北京日报》"
    article.citation_override = "来源：新华社"
    assert article.citation == "来源：新华社"
    assert ArticleFactory(source=None).citation == ""


def test_clean_normalises_body_into_paragraphs():
    article = ArticleFactory.build(
        body="　　第一段。\r\n\r\n\r\n  第二段。\n第三段。  "
    )
    article.clean()
    assert article.body == "第一段。\n\n第二段。\n\n第三段。"


def test_arrange_renumbers_and_returns_removed_to_the_pool():
    issue = IssueFactory()
    a, b, c = (ArticleFactory(issue=issue, position=i) for i in (1, 2, 3))
    issue.arrange([c.pk, a.pk], removed_ids=[b.pk])
    for article in (a, b, c):
        article.refresh_from_db()
    assert (c.position, a.position) == (1, 2)
    assert (b.issue, b.position) == (None, None)


def test_add_articles_appends_pool_articles_in_order():
    issue = IssueFactory()
    ArticleFactory(issue=issue, position=1)
    first, second = ArticleFactory(), ArticleFactory()
    issue.add_articles([second, first])
    assert list(issue.articles.order_by("position").values_list("pk", flat=True))[
        1:
    ] == [
        second.pk,
        first.pk,
    ]


def test_published_issue_takes_no_articles():
    issue = IssueFactory(published=True)
    with pytest.raises(ValidationError):
        issue.add_articles([ArticleFactory()])
    assert not issue.articles.exists()


def test_deleting_an_issue_returns_its_articles_to_the_pool():
    issue = IssueFactory()
    article = ArticleFactory(issue=issue, position=1)
    issue.delete()
    article.refresh_from_db()
    assert (article.issue, article.position) == (None, None)


def test_next_free_number_follows_the_highest_in_the_sequence():
    series = SeriesFactory()
    IssueFactory(series=series, number=75)
    IssueFactory(series=series, number=None)
    IssueFactory(series=series, number=2, kind=Issue.Kind.SUPPLEMENT)
    assert next_free_number(series, Issue.Kind.REGULAR, 0) == 76
    assert next_free_number(series, Issue.Kind.SUPPLEMENT, 0) == 3
    assert next_free_number(series, Issue.Kind.SPECIAL, 0) == 1


def test_assign_number_gives_the_next_free_one_and_keeps_a_fixed_one():
    series = SeriesFactory()
    IssueFactory(series=series, number=75)
    unnumbered = IssueFactory(series=series, number=None)
    assert assign_number(unnumbered) == 76
    unnumbered.refresh_from_db()
    assert unnumbered.number == 76
    fixed = IssueFactory(series=series, number=90)
    assert assign_number(fixed) == 90


def test_classified_marks_are_refused():
    series = SeriesFactory.build(
        name="参考", slug="cankao", office="办公室", handling_mark="机密★1年"
    )
    with pytest.raises(ValidationError) as error:
        series.full_clean()
    assert "handling_mark" in error.value.message_dict


def test_reserved_slugs_are_refused():
    series = SeriesFactory.build(name="参考", slug="admin", office="办公室")
    with pytest.raises(ValidationError) as error:
        series.full_clean()
    assert "slug" in error.value.message_dict


def test_internal_series_carry_their_marking():
    assert SeriesFactory.build(visibility="internal").marking == "内部资料　注意保存"
    assert SeriesFactory.build(visibility="public").marking == ""

import copy
import datetime
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from articles.models import Article, Source
from issues.importing.writer import find_duplicates, save_recognised
from issues.models import Issue, Series
from tests.factories import ArticleFactory, SeriesFactory, SourceFactory

pytestmark = pytest.mark.django_db

EXPECTED = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / "issues/sample/xuexi-cankao-76.expected.json"
    ).read_text("utf-8")
)


def sample():
    return copy.deepcopy(EXPECTED)


def test_duplicates_match_title_and_source_date():
    title = EXPECTED["articles"][0]["title"]
    existing = ArticleFactory(title=title, source_date=datetime.date(2023, 7, 23))
    ArticleFactory(title="别的文章", source_date=datetime.date(2023, 7, 23))
    other_day = {**EXPECTED["articles"][0], "source": {"date": "2023-07-24"}}
    assert find_duplicates([EXPECTED["articles"][0], other_day]) == [existing, None]


def test_masthead_makes_a_draft_issue_and_matches_the_existing_source():
    source = SourceFactory(name="北京日报")
    issue = save_recognised(sample(), by=None)
    assert isinstance(issue, Issue) and issue.status == "draft"
    assert issue.articles.get().source == source
    assert Source.objects.count() == 1


def test_without_masthead_articles_go_to_the_pool():
    data = sample()
    data["series"]["name"] = ""
    saved = save_recognised(data, by=None)
    assert [article.issue for article in saved] == [None]
    assert not Series.objects.exists()


def test_series_given_overrides_the_masthead():
    series = SeriesFactory(name="理论学习")
    issue = save_recognised(sample(), by=None, series=series)
    assert issue.series == series
    assert not Series.objects.filter(name="学习参考").exists()


def test_errors_name_the_article_and_field_and_nothing_is_written():
    data = sample()
    data["articles"].append({**data["articles"][0], "title": ""})
    with pytest.raises(ValidationError) as raised:
        save_recognised(data, by=None)
    assert raised.value.messages == ["第2篇《（无标题）》：标题：此字段不能为空。"]
    assert not Issue.objects.exists() and not Article.objects.exists()
    assert not Source.objects.exists()


def test_new_series_with_a_taken_url_name_is_a_message():
    SeriesFactory(name="另一个刊物", slug="学习参考")
    with pytest.raises(ValidationError, match="网址名"):
        save_recognised(sample(), by=None)
    assert Series.objects.count() == 1

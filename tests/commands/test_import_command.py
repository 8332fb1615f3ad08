import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Source
from issues.models import Issue, Series
from tests.factories import ArticleFactory, SeriesFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "issues/sample"
SAMPLE_TEXT = SAMPLE / "xuexi-cankao-76.txt"
EXPECTED = json.loads((SAMPLE / "xuexi-cankao-76.expected.json").read_text("utf-8"))
ARTICLE = "京蒙协作再上新台阶\n\n本报讯（记者 王某）两地签署协议。\n\n选自《北京日报》2023年7月24日第2版\n"


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_bulletin", *map(str, args), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_sample_dry_run_json_equals_the_expected_file():
    out, _err = run(SAMPLE_TEXT, "--dry-run", "--json")
    assert json.loads(out) == EXPECTED
    assert not Issue.objects.exists() and not Article.objects.exists()
    assert not Source.objects.exists()


def test_sample_is_saved_as_a_draft_issue():
    out, _err = run(SAMPLE_TEXT)
    issue = Issue.objects.select_related("series").get()
    assert (issue.series.name, issue.number, issue.status) == ("学习参考", 76, "draft")
    assert issue.articles.get().citation == EXPECTED["articles"][0]["citation"]
    assert "已存为草稿《学习参考》第76期" in out
    assert "共 1 个文件：草稿 1 期，文章 1 篇" in out


def test_several_files_print_a_list_a_progress_line_and_a_summary(tmp_path):
    other = tmp_path / "article.txt"
    other.write_text(ARTICLE, encoding="gb18030")
    out, err = run(SAMPLE_TEXT, other, "--dry-run", "--json")
    assert [item["articles"][0]["title"] for item in json.loads(out)] == [
        EXPECTED["articles"][0]["title"],
        "京蒙协作再上新台阶",
    ]
    assert "2/2 article.txt" in err
    assert "试运行：未写入任何内容" in err
    assert not Article.objects.exists()


def test_article_without_masthead_goes_to_the_pool(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    run(path)
    article = Article.objects.select_related("source").get()
    assert (article.issue, article.source.name, str(article.source_date)) == (
        None,
        "北京日报",
        "2023-07-24",
    )


def test_series_option_files_articles_as_an_issue_of_that_series(tmp_path):
    series = SeriesFactory(name="理论学习", slug="lilun")
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    run(path, "--series", "lilun")
    issue = Issue.objects.get()
    assert (issue.series, issue.number, issue.articles.count()) == (series, None, 1)


def test_unknown_series_is_an_error():
    with pytest.raises(CommandError, match="没有网址名为“nope”的刊物"):
        run(SAMPLE_TEXT, "--series", "nope")


def test_duplicates_are_skipped_and_named(tmp_path):
    ArticleFactory(title="京蒙协作再上新台阶", source_date="2023-07-24", issue=None)
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    out, _err = run(path)
    assert "已跳过《京蒙协作再上新台阶》" in out
    assert Article.objects.count() == 1


def test_bad_file_writes_nothing_and_the_others_go_on(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(CommandError, match="2 个文件中有 1 个未能导入"):
        run(bad, good)
    assert Article.objects.count() == 1


def test_failed_validation_rolls_the_file_back(tmp_path):
    SeriesFactory(name="学习参考", slug="学习参考")
    run(SAMPLE_TEXT)
    copy = tmp_path / "again.txt"
    copy.write_text(
        SAMPLE_TEXT.read_text("utf-8").replace("共同谱写", "共同书写"), encoding="utf-8"
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_bulletin", str(copy), stdout=io.StringIO(), stderr=err)
    assert "期：该期号已被本刊使用" in err.getvalue()
    assert Issue.objects.count() == 1
    assert Article.objects.count() == 1


def test_empty_file_gets_a_chinese_message(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_bulletin", str(empty), stdout=io.StringIO(), stderr=err)
    assert "文件是空的" in err.getvalue()


def test_file_over_the_limit(tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 100
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_bulletin", str(SAMPLE_TEXT), stdout=io.StringIO(), stderr=err
        )
    assert "文件太大" in err.getvalue()
    assert not Series.objects.exists()


def test_directory_is_searched_for_importable_files(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "notes.md").write_text("# ignored", encoding="utf-8")
    out, _err = run(tmp_path, "--dry-run")
    assert "共 1 个文件" in out

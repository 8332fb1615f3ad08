"""The import page: paste or upload, preview and correct, confirm or
cancel; only for users who may add issues and articles."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from articles.models import Article
from issues.models import Issue
from tests.factories import ArticleFactory, SeriesFactory
from tests.html import flatten, form_data
from tests.unit.recogniser.documents import make_docx

pytestmark = pytest.mark.django_db

URL = reverse("admin:issues_issue_import")
SAMPLE = Path(__file__).resolve().parents[2] / "issues/sample"
SAMPLE_TEXT = (SAMPLE / "xuexi-cankao-76.txt").read_text(encoding="utf-8")
EXPECTED = json.loads((SAMPLE / "xuexi-cankao-76.expected.json").read_text("utf-8"))
ARTICLE = "京蒙协作再上新台阶\n\n本报讯（记者 王某）两地签署协议。\n\n选自《北京日报》2023年7月24日第2版"


def preview(client, **data):
    response = client.post(URL, {"recognise": "1", **data})
    assert response.status_code == 200
    return response


def test_both_lists_link_to_the_import_page_for_editors(client_as, editor):
    client = client_as(editor)
    for changelist in (
        "admin:issues_issue_changelist",
        "admin:articles_article_changelist",
    ):
        assertContains(client.get(reverse(changelist)), f'href="{URL}"')


def test_reviewer_sees_no_link_and_gets_403(client_as, reviewer):
    client = client_as(reviewer)
    response = client.get(reverse("admin:issues_issue_changelist"))
    assert URL not in response.content.decode()
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"recognise": "1", "text": ARTICLE}).status_code == 403
    assert not Article.objects.exists()


def test_reader_and_anonymous_are_sent_to_the_admin_login(client, client_as, reader):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client_as(reader).post(URL, {"recognise": "1", "text": ARTICLE})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Article.objects.exists()


def test_pasted_bulletin_is_previewed_corrected_and_saved_as_a_draft(client_as, editor):
    client = client_as(editor)
    response = preview(client, text=SAMPLE_TEXT)
    assertContains(response, "核对识别结果")
    assertContains(response, "原文在句中断行")  # the notes are shown
    assertContains(response, "已按副题处理")
    assert not Issue.objects.exists()  # nothing is written by the preview
    data = flatten(form_data(response, "import_form"))
    assert data["issue-series_name"] == "学习参考"
    assert data["issue-number"] == "76"
    assert data["articles-0-title"] == EXPECTED["articles"][0]["title"]
    assert data["articles-0-include"] == "on"
    data.update({"articles-0-subtitle": "尹力殷勇与孙绍骋王莉霞座谈", "confirm": "1"})
    response = client.post(URL, data)
    issue = Issue.objects.get()
    assertRedirects(
        response,
        reverse("admin:issues_issue_change", args=[issue.pk]),
        fetch_redirect_response=False,
    )
    article = issue.articles.select_related("source").get()
    assert (issue.number, issue.status, issue.created_by) == (76, "draft", editor)
    assert article.subtitle == "尹力殷勇与孙绍骋王莉霞座谈"
    assert article.body.split("\n\n") == EXPECTED["articles"][0]["paragraphs"]
    assert article.source.name == "北京日报"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["已导入为草稿《学习参考》第76期，共 1 篇文章。"]


def test_uploaded_word_document_becomes_pool_articles(client_as, editor):
    client = client_as(editor)
    upload = SimpleUploadedFile(
        "稿件.docx", make_docx([line for line in ARTICLE.split("\n") if line])
    )
    response = preview(client, file=upload)
    data = flatten(form_data(response, "import_form"))
    assert data["issue-series_name"] == ""
    assert data["articles-0-source_name"] == "北京日报"
    assert data["articles-0-source_date"] == "2023-07-24"
    assert data["articles-0-source_page"] == "第2版"
    response = client.post(URL, {**data, "confirm": "1"})
    article = Article.objects.get()
    assert response["Location"].endswith(f"?id__in={article.pk}")
    assert (article.issue, article.byline, article.created_by) == (
        None,
        "本报讯（记者 王某）",
        editor,
    )


def test_cancel_writes_nothing(client_as, editor):
    client = client_as(editor)
    data = flatten(form_data(preview(client, text=SAMPLE_TEXT), "import_form"))
    response = client.post(URL, {**data, "cancel": "1"})
    assertRedirects(
        response,
        reverse("admin:issues_issue_changelist"),
        fetch_redirect_response=False,
    )
    assert not Issue.objects.exists() and not Article.objects.exists()


def test_duplicate_is_flagged_and_left_out_unless_ticked(client_as, editor):
    ArticleFactory(title="京蒙协作再上新台阶", source_date="2023-07-24", issue=None)
    client = client_as(editor)
    response = preview(client, text=ARTICLE)
    assertContains(response, "疑似重复")
    data = flatten(form_data(response, "import_form"))
    assert "articles-0-include" not in data
    response = client.post(URL, {**data, "confirm": "1"})
    assertContains(response, "请至少选择一篇要导入的文章")
    assert Article.objects.count() == 1


def test_corrections_are_validated_and_notes_kept_and_nothing_written(
    client_as, editor
):
    client = client_as(editor)
    response = preview(client, text="京蒙协作再上新台阶\n\n两地签署协议。")
    assertContains(response, "未识别出处")
    data = flatten(form_data(response, "import_form"))
    data.update({"articles-0-title": "", "confirm": "1"})
    response = client.post(URL, data)
    assertContains(response, "请填写文章标题")
    assertContains(response, "未识别出处")  # carried in the form, not the server
    assert not Article.objects.exists()


def test_preview_queries_do_not_grow_with_articles(
    client_as, editor, django_assert_max_num_queries
):
    client = client_as(editor)

    def articles(count):
        return "\n\n".join(
            f"第{n}篇标题\n\n本报讯（记者 王某）正文{n}。\n\n来源：新华社"
            for n in range(count)
        )

    preview(client, text=articles(1))  # warm-up
    # session, user, user and group permissions, one duplicate check for all
    with django_assert_max_num_queries(5):
        preview(client, text=articles(8))


def test_taken_issue_number_is_reported_and_rolls_back(client_as, editor):
    client = client_as(editor)
    data = flatten(form_data(preview(client, text=SAMPLE_TEXT), "import_form"))
    client.post(URL, {**data, "confirm": "1"})
    data["articles-0-title"] = "另一篇文章"
    response = client.post(URL, {**data, "confirm": "1"})
    assertContains(response, "该期号已被本刊使用")
    assert Issue.objects.count() == 1 and Article.objects.count() == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("a.txt", b""), "请粘贴文字或选择文件"),
        (SimpleUploadedFile("a.docx", b"not a zip"), "不是有效的 Word 文档"),
        (SimpleUploadedFile("a.txt", b"\xff\xfe\x00\xd8"), "无法识别文件编码"),
    ],
)
def test_bad_upload_gets_a_chinese_message(client_as, editor, upload, message):
    response = preview(client_as(editor), file=upload)
    assertContains(response, message)
    assertContains(response, 'id="import_form"')


def test_upload_over_the_limit(client_as, editor, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = preview(
        client_as(editor), file=SimpleUploadedFile("a.txt", SAMPLE_TEXT.encode())
    )
    assertContains(response, "文件太大")


def test_pasted_text_is_escaped(client_as, editor):
    response = preview(
        client_as(editor), text="<script>alert(1)</script>标题\n\n正文<b>粗体</b>。"
    )
    assert "<script>alert(1)</script>" not in response.content.decode()
    assertContains(response, "&lt;b&gt;粗体&lt;/b&gt;")


def confirmed(client, **changes):
    """The sample previewed, then confirmed with ``changes`` to the form."""
    data = flatten(form_data(preview(client, text=SAMPLE_TEXT), "import_form"))
    data.update(changes, confirm="1")
    return client.post(URL, {k: v for k, v in data.items() if v is not None})


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("admin", "已被网站占用"),  # the admin's own address
        ("Search", "已被网站占用"),
        ("《》", "此字段不能为空"),  # nothing left to make an address of
    ],
)
def test_series_name_that_cannot_be_an_address_is_a_message(
    client_as, editor, name, message
):
    response = confirmed(client_as(editor), **{"issue-series_name": name})
    assert response.status_code == 200
    assertContains(response, message)
    assert not Issue.objects.exists() and not Article.objects.exists()


def test_series_url_name_taken_by_another_series_is_a_message(client_as, editor):
    SeriesFactory(name="学习参考（旧版）", slug="学习参考")
    response = confirmed(client_as(editor))
    assert response.status_code == 200
    assertContains(response, "具有 网址名称 的 刊物 已存在")
    assert not Issue.objects.exists() and not Article.objects.exists()


def test_extra_empty_article_forms_are_ignored(client_as, editor):
    response = confirmed(client_as(editor), **{"articles-TOTAL_FORMS": "3"})
    issue = Issue.objects.get()
    assertRedirects(
        response,
        reverse("admin:issues_issue_change", args=[issue.pk]),
        fetch_redirect_response=False,
    )
    assert issue.articles.count() == 1


@pytest.mark.parametrize(
    "management",
    [
        {"articles-TOTAL_FORMS": None},
        {"articles-TOTAL_FORMS": "abc"},
        {"articles-TOTAL_FORMS": "-1"},
        {"articles-TOTAL_FORMS": "99999999999999999999"},
    ],
)
def test_tampered_management_form_is_a_message(client_as, editor, management):
    response = confirmed(client_as(editor), **management)
    assert response.status_code == 200
    assertContains(response, 'class="errornote"')
    assert not Issue.objects.exists() and not Article.objects.exists()


def test_text_with_too_many_articles_is_refused(client_as, editor, monkeypatch):
    monkeypatch.setattr("issues.importing.forms.MAX_ARTICLES", 2)
    text = "\n\n".join(
        f"第{n}篇标题\n\n本报讯（记者 王某）正文{n}。\n\n来源：新华社" for n in range(3)
    )
    response = preview(client_as(editor), text=text)
    assertContains(response, "一次最多导入 2 篇")
    assertContains(response, 'id="import_form"')

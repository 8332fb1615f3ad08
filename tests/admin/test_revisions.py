import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from bulletin_cms.concurrency import EditConflict
from issues import workflow
from issues.revisions import records
from issues.revisions.diff import diff_text
from issues.revisions.models import Revision
from tests.factories import ArticleFactory, IssueFactory, UserFactory
from tests.html import flatten, form_data

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change_url(obj):
    return reverse(
        f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]
    )


def admin_url(obj, view, *args):
    return reverse(
        f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}",
        args=[obj.pk, *args],
    )


def edit(client, obj, **changes):
    data = flatten(
        form_data(client.get(change_url(obj)), f"{obj._meta.model_name}_form")
    )
    data.update(changes)
    return data


def test_stale_instance_cannot_overwrite_a_newer_save():
    article = ArticleFactory(title="原标题")
    stale = Article.objects.get(pk=article.pk)
    article.title = "甲改的标题"
    article.save()
    stale.title = "乙改的标题"
    with pytest.raises(EditConflict):
        stale.save()
    article.refresh_from_db()
    assert (article.title, article.version) == ("甲改的标题", 2)


def test_second_editor_is_told_who_saved_and_keeps_their_text(editor):
    other = UserFactory(
        username="editor2", first_name="李编辑", groups=["编辑"], is_staff=True
    )
    article = ArticleFactory(body="第一段。\n\n第二段。")
    first, second = logged_in(editor), logged_in(other)
    mine = edit(first, article, body="第一段，甲修改。\n\n第二段。")
    theirs = edit(second, article, body="第一段。\n\n第二段，乙修改。")
    assert first.post(change_url(article), mine).status_code == 302

    refused = second.post(change_url(article), theirs)
    assert refused.status_code == 200
    assertContains(refused, editor.first_name)  # who saved in between
    assertContains(refused, "您的修改尚未保存")
    assertContains(refused, "第二段，乙修改。")  # their text stays in the form
    assertContains(refused, "<del>，甲修改</del>", html=True)  # both versions shown
    article.refresh_from_db()
    assert article.body == "第一段，甲修改。\n\n第二段。"  # nothing overwritten

    # They merge in the form as returned to them and save again.
    merged = flatten(form_data(refused, "article_form"))
    merged["body"] = "第一段，甲修改。\n\n第二段，乙修改。"
    assert second.post(change_url(article), merged).status_code == 302
    article.refresh_from_db()
    assert article.body == "第一段，甲修改。\n\n第二段，乙修改。"


def test_issue_form_is_conflict_checked_too(editor):
    issue = IssueFactory(editors_note="原编者按")
    client = logged_in(editor)
    stale = edit(client, issue, editors_note="我的编者按")
    client.post(change_url(issue), edit(client, issue, editors_note="别人的编者按"))
    response = client.post(change_url(issue), stale)
    assertContains(response, "您的修改尚未保存")
    issue.refresh_from_db()
    assert issue.editors_note == "别人的编者按"


def test_every_save_is_a_revision_and_history_interleaves_events(editor, reviewer):
    issue = IssueFactory(number=None)
    article = ArticleFactory(issue=issue, position=1, title="第一版标题")
    client = logged_in(editor)
    for title in ("第二版标题", "第三版标题"):
        client.post(change_url(article), edit(client, article, title=title))
    workflow.submit(issue, by=editor)
    workflow.return_to_draft(issue, by=reviewer, comment="请修改标题")
    page = logged_in(reviewer).get(admin_url(article, "history"))
    text = page.content.decode()
    assert text.index("版本 3") < text.index("版本 2")  # newest first
    assertContains(page, "请修改标题")  # the workflow event, interleaved
    assert Revision.objects.of(article).count() == 2


def test_character_level_diff_of_chinese():
    (paragraph,) = diff_text("两地领导还看望了挂职干部。", "两地领导还慰问了挂职干部。")
    assert paragraph.status == "changed"
    assert [s.text for s in paragraph.old if s.op == "delete"] == ["看望"]
    assert [s.text for s in paragraph.new if s.op == "insert"] == ["慰问"]


def test_compare_highlights_characters_and_escapes_everything(editor):
    article = ArticleFactory(body="两地领导还看望了挂职干部。")
    client = logged_in(editor)
    client.post(change_url(article), edit(client, article))
    client.post(
        change_url(article),
        edit(client, article, body="两地领导还<script>alert(1)</script>了挂职干部。"),
    )
    old, new = Revision.objects.of(article).order_by("created_at")
    response = client.get(admin_url(article, "compare"), {"old": old.pk, "new": new.pk})
    assertContains(response, "<del>看望</del>", html=True)
    assertContains(
        response, "<ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>", html=True
    )
    assertNotContains(response, "<script>alert(1)</script>")


def test_restore_adds_a_version_and_erases_nothing(editor):
    article = ArticleFactory(title="最初的标题")
    client = logged_in(editor)
    client.post(change_url(article), edit(client, article))
    client.post(change_url(article), edit(client, article, title="改坏的标题"))
    first = Revision.objects.of(article).order_by("created_at").first()
    response = client.post(admin_url(article, "restore", first.pk), follow=True)
    assertContains(response, "已恢复")
    article.refresh_from_db()
    assert article.title == "最初的标题"
    assert Revision.objects.of(article).count() == 3
    assert Revision.objects.of(article).first().reason == "restored"


def test_published_content_cannot_be_restored(editor):
    issue = IssueFactory(published=True)
    article = ArticleFactory(issue=issue, position=1)
    revision = Revision.objects.create(
        content_type_id=ContentType.objects.get_for_model(Article).pk,
        object_id=article.pk,
        object_version=1,
        data={"title": "旧"},
        reason="saved",
    )
    response = logged_in(editor).post(admin_url(article, "restore", revision.pk))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title != "旧"


@pytest.mark.parametrize("view", ["history", "compare"])
@pytest.mark.parametrize("role", [None, "reader"])
def test_history_is_closed_to_those_who_cannot_see_the_object(
    request, client, view, role
):
    article = ArticleFactory(title="草稿文章")
    Revision.objects.create(
        content_type_id=ContentType.objects.get_for_model(Article).pk,
        object_id=article.pk,
        object_version=1,
        data={"title": "草稿文章"},
        reason="saved",
    )
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get(admin_url(article, view), {"old": 1})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_revision_of_another_object_is_not_shown(editor):
    secret = ArticleFactory(title="别的文章")
    mine = ArticleFactory(title="我的文章")
    client = logged_in(editor)
    client.post(change_url(secret), edit(client, secret), follow=True)
    other = Revision.objects.of(secret).get()
    response = client.get(admin_url(mine, "compare"), {"old": other.pk}, follow=True)
    assert response.redirect_chain == [(admin_url(mine, "history"), 302)]
    assertContains(response, "我的文章没有这个版本，请从历史记录中选择。")
    assertNotContains(response, "别的文章")


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"old": "abc"},
        {"old": ""},
        {"old": "99999999999999999999"},
        {"old": "previous-submission", "new": "abc"},
        {"old": "previous-submission", "new": "-1"},
    ],
)
def test_compare_with_a_bad_revision_id_is_a_message(editor, query):
    article = ArticleFactory(title="我的文章")
    client = logged_in(editor)
    response = client.get(admin_url(article, "compare"), query, follow=True)
    assert response.redirect_chain == [(admin_url(article, "history"), 302)]
    assertContains(response, "没有这个版本")


@pytest.mark.parametrize("revision_id", ["other", 0, 99999999999999999999])
def test_restoring_a_revision_that_is_not_the_objects_is_a_message(editor, revision_id):
    secret = ArticleFactory(title="别的文章")
    mine = ArticleFactory(title="我的文章")
    client = logged_in(editor)
    client.post(change_url(secret), edit(client, secret))
    if revision_id == "other":
        revision_id = Revision.objects.of(secret).get().pk
    response = client.post(admin_url(mine, "restore", revision_id), follow=True)
    assertContains(response, "没有这个版本")
    mine.refresh_from_db()
    assert mine.title == "我的文章"
    assert not Revision.objects.of(mine).exists()


def test_history_is_kept_after_publication_and_withdrawal(editor, reviewer, publisher):
    issue = IssueFactory(number=None)
    ArticleFactory(issue=issue, position=1)
    workflow.submit(issue, by=editor)
    workflow.approve(issue, by=reviewer)
    workflow.publish(issue, by=publisher)
    workflow.withdraw(issue, by=publisher, comment="更正")
    reasons = list(Revision.objects.of(issue).values_list("reason", flat=True))
    assert reasons == ["published", "submitted"]
    page = logged_in(reviewer).get(admin_url(issue, "history"))
    assertContains(page, "提交审核")
    assertContains(page, "已发布 → 已撤回")


def test_reviewer_sees_what_changed_since_the_last_submission(editor, reviewer):
    issue = IssueFactory(number=None)
    kept = ArticleFactory(
        issue=issue, position=1, title="保留的文章", body="原来的第一段。"
    )
    moved = ArticleFactory(issue=issue, position=2, title="移动的文章")
    dropped = ArticleFactory(issue=issue, position=3, title="删去的文章")
    workflow.submit(issue, by=editor)
    workflow.return_to_draft(issue, by=reviewer, comment="调整")
    kept.refresh_from_db()
    kept.body = "修改后的第一段。"
    kept.save()
    issue.arrange([moved.pk, kept.pk], removed_ids=[dropped.pk])
    issue.add_articles([ArticleFactory(title="新增的文章")])
    workflow.submit(issue, by=editor)
    page = logged_in(reviewer).get(change_url(issue))
    url = admin_url(issue, "compare") + "?old=previous-submission"
    assertContains(page, url.replace("&", "&amp;"))
    response = logged_in(reviewer).get(url)
    assertContains(response, "新增的文章 — 添加于第3篇")
    assertContains(response, "删去的文章 — 已删去（原为第3篇）")
    assertContains(response, "移动的文章 — 从第2篇移到第1篇")
    assertContains(response, "<del>原来</del>", html=True)
    assertContains(response, "<ins>修改后</ins>", html=True)


def test_presence_shows_who_else_has_the_page_open(editor):
    other = UserFactory(
        username="editor2", first_name="李编辑", groups=["编辑"], is_staff=True
    )
    article = ArticleFactory()
    logged_in(other).get(change_url(article))
    page = logged_in(editor).get(change_url(article))
    assertContains(page, "李编辑")
    heartbeat = logged_in(other).post(admin_url(article, "presence"))
    assert heartbeat.json() == {"others": [editor.first_name]}


def test_history_page_query_budget_is_constant(editor, django_assert_max_num_queries):
    article = ArticleFactory()
    client = logged_in(editor)
    client.post(change_url(article), edit(client, article))
    url = admin_url(article, "history")
    client.get(url)
    with django_assert_max_num_queries(15) as few:
        assert client.get(url).status_code == 200
    budget = len(few)  # read now: the next request resets the query log
    for _ in range(30):
        client.post(change_url(article), edit(client, article))
    with django_assert_max_num_queries(budget):
        client.get(url)


def test_compare_page_query_budget_does_not_grow_with_articles(
    editor, django_assert_max_num_queries
):
    issue = IssueFactory(number=None)
    ArticleFactory(issue=issue, position=1)
    client = logged_in(editor)
    first = records.record(issue, by=editor)
    url = admin_url(issue, "compare") + f"?old={first.pk}"
    client.get(url)
    with django_assert_max_num_queries(15) as few:
        assert client.get(url).status_code == 200
    budget = len(few)
    for position in range(2, 31):
        ArticleFactory(issue=issue, position=position)
    records.record(issue, by=editor)
    with django_assert_max_num_queries(budget):
        client.get(url)

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
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


def test_a_save_that_changed_nothing_is_not_blamed_on_an_earlier_author(editor):
    """It adds no revision, so the latest revision names someone else."""
    second = UserFactory(
        username="editor2", first_name="李编辑", groups=["编辑"], is_staff=True
    )
    third = UserFactory(
        username="editor3", first_name="王编辑", groups=["编辑"], is_staff=True
    )
    article = ArticleFactory(title="原标题")
    first = logged_in(editor)
    first.post(change_url(article), edit(first, article, title="甲的标题"))
    stale = edit(logged_in(second), article, title="乙的标题")
    unchanged = logged_in(third)
    unchanged.post(change_url(article), edit(unchanged, article))
    refused = logged_in(second).post(change_url(article), stale)
    assertContains(refused, "您的修改尚未保存")
    assertContains(refused, "其他人于")
    assertNotContains(refused, f"{editor.first_name}于")


def test_issue_form_is_conflict_checked_too(editor):
    issue = IssueFactory(editors_note="原编者按")
    client = logged_in(editor)
    stale = edit(client, issue, editors_note="我的编者按")
    client.post(change_url(issue), edit(client, issue, editors_note="别人的编者按"))
    response = client.post(change_url(issue), stale)
    assertContains(response, "您的修改尚未保存")
    issue.refresh_from_db()
    assert issue.editors_note == "别人的编者按"


# Transactions are real here, so the test sees whether the lock is held;
# serialized_rollback restores the roles the data migration created.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edit_conflict_is_compared_after_the_row_lock_is_released(
    editor, monkeypatch
):
    article = ArticleFactory(body="第一段。")
    client = logged_in(editor)
    stale = edit(client, article, body="第一段，乙修改。")
    client.post(change_url(article), edit(client, article, body="第一段，甲修改。"))
    in_transaction = []
    compare_fields = records.compare_fields

    def watched(*args, **kwargs):
        in_transaction.append(connection.in_atomic_block)
        return compare_fields(*args, **kwargs)

    monkeypatch.setattr(records, "compare_fields", watched)
    refused = client.post(change_url(article), stale)
    assertContains(refused, "<ins>乙</ins>", html=True)
    assert in_transaction == [False]


def test_every_save_is_a_revision_and_history_interleaves_events(editor, reviewer):
    issue = IssueFactory(number=None)
    article = ArticleFactory(issue=issue, position=1, title="第一版标题")
    client = logged_in(editor)
    for title in ("第二版标题", "第三版标题"):
        client.post(change_url(article), edit(client, article, title=title))
    workflow.submit(issue, by=editor)
    workflow.return_to_draft(
        issue, by=reviewer, comment="请修改标题", notes={article.pk: "标题太长"}
    )
    page = logged_in(reviewer).get(admin_url(article, "history"))
    text = page.content.decode()
    assert text.index("第2版") < text.index("第1版")  # newest first
    assertContains(page, "请修改标题")  # the workflow event, interleaved
    assertContains(page, "《第三版标题》：标题太长")
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
    response = client.post(
        admin_url(article, "restore", first.pk), {"post": "yes"}, follow=True
    )
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
    response = logged_in(editor).post(
        admin_url(article, "restore", revision.pk), {"post": "yes"}
    )
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
    for number in range(30):
        client.post(change_url(article), edit(client, article, title=f"标题{number}"))
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


def test_no_two_versions_on_a_history_page_share_a_label(editor, reviewer):
    """Submitting snapshots an issue without changing its row version: the
    label is the revision's own number, not the row's."""
    issue = IssueFactory(number=None)
    ArticleFactory(issue=issue, position=1)
    client = logged_in(editor)
    client.post(change_url(issue), edit(client, issue, editors_note="第一稿"))
    workflow.submit(issue, by=editor)
    workflow.return_to_draft(issue, by=reviewer, comment="请修改")
    client.post(change_url(issue), edit(client, issue, editors_note="第二稿"))
    workflow.submit(issue, by=editor)
    page = logged_in(reviewer).get(admin_url(issue, "history"))
    labels = re.findall(r"第\d+版", page.content.decode())
    assert labels == ["第4版", "第3版", "第2版", "第1版"]
    revisions = Revision.objects.of(issue)
    assert len({r.object_version for r in revisions}) < revisions.count()
    old, new = revisions.order_by("created_at")[1:3]
    compare = client.get(admin_url(issue, "compare"), {"old": old.pk, "new": new.pk})
    assertContains(compare, "第2版（")
    assertContains(compare, "第3版（")


def test_a_comparison_of_changed_articles_does_not_say_no_differences(editor):
    issue = IssueFactory(number=None)
    article = ArticleFactory(issue=issue, position=1, title="原来的标题")
    client = logged_in(editor)
    first = records.record(issue, by=editor)
    client.post(change_url(article), edit(client, article, title="修改后的标题"))
    response = client.get(admin_url(issue, "compare"), {"old": first.pk})
    assertContains(response, "<ins>修改后</ins>", html=True)
    assertNotContains(response, "没有差异")
    unchanged = client.get(
        admin_url(issue, "compare"), {"old": first.pk, "new": first.pk}
    )
    assertContains(unchanged, "没有差异")


def test_saving_without_a_change_adds_no_version(editor):
    article = ArticleFactory(title="原标题")
    client = logged_in(editor)
    client.post(change_url(article), edit(client, article, title="新标题"))
    for _ in range(2):
        response = client.post(change_url(article), edit(client, article))
        assert response.status_code == 302
    assert Revision.objects.of(article).count() == 1
    issue = IssueFactory(number=None)
    client.post(change_url(issue), edit(client, issue, editors_note="编者按"))
    client.post(change_url(issue), edit(client, issue))
    assert Revision.objects.of(issue).count() == 1


def test_restoring_asks_first_and_is_not_offered_for_the_current_version(editor):
    article = ArticleFactory(title="最初的标题")
    client = logged_in(editor)
    client.post(change_url(article), edit(client, article, title="第二个标题"))
    client.post(change_url(article), edit(client, article, title="改坏的标题"))
    first, current = Revision.objects.of(article).order_by("created_at")
    history = client.get(admin_url(article, "history"))
    assertContains(history, admin_url(article, "restore", first.pk))
    assertNotContains(history, admin_url(article, "restore", current.pk))
    assertContains(history, "当前内容")

    confirm = client.get(admin_url(article, "restore", first.pk))
    assert confirm.status_code == 200
    assertContains(confirm, '<input type="hidden" name="post" value="yes">', html=True)
    assertContains(confirm, "<del>改坏的</del>", html=True)
    assertContains(confirm, "<ins>第二个</ins>", html=True)
    unconfirmed = client.post(admin_url(article, "restore", first.pk))
    assert unconfirmed.status_code == 200
    article.refresh_from_db()
    assert article.title == "改坏的标题"

    client.post(admin_url(article, "restore", first.pk), {"post": "yes"})
    article.refresh_from_db()
    assert article.title == "第二个标题"

    again = client.post(
        admin_url(article, "restore", first.pk), {"post": "yes"}, follow=True
    )
    assertContains(again, "无需恢复")
    assert Revision.objects.of(article).count() == 3

"""The series admin: visibility and handling mark are read-only on the
series form and changed on their own page, by publishers and
administrators, with a reason and a confirmation that counts what opens or
closes; each change shows in the series' history."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from issues.models import Series, SeriesEvent
from tests.factories import ArticleFactory, IssueFactory, SeriesFactory
from tests.html import flatten, form_data

pytestmark = pytest.mark.django_db

INTERNAL, PUBLIC = Series.Visibility.INTERNAL, Series.Visibility.PUBLIC
REASON = "经领导小组同意，第76期起面向社会公开"


@pytest.fixture
def series():
    """An internal series with two published issues (three articles), a
    withdrawn one and a draft."""
    series = SeriesFactory(name="内部参阅", slug="nbcy", visibility=INTERNAL)
    for number, state in ((75, "published"), (76, "published"), (77, "withdrawn")):
        issue = IssueFactory(series=series, number=number, **{state: True})
        ArticleFactory(issue=issue, position=1)
    ArticleFactory(issue=series.issues.get(number=76), position=2)
    ArticleFactory(issue=IssueFactory(series=series, number=78), position=1)
    return series


def page(series):
    return reverse("admin:issues_series_visibility", args=[series.pk])


def change_page(series):
    return reverse("admin:issues_series_change", args=[series.pk])


def untouched(series) -> bool:
    series.refresh_from_db()
    return (
        series.visibility == INTERNAL
        and series.handling_mark == ""
        and not SeriesEvent.objects.exists()
    )


def decide(client, series, **fields):
    """The first step: choice and reason, as the browser sends it."""
    data = flatten(form_data(client.get(page(series)), "visibility-form"))
    data.update(fields)
    return client.post(page(series), data)


def confirm(client, series, first_step):
    """Submit the confirmation form the first step answered with."""
    data = flatten(form_data(first_step, "visibility-form"))
    return client.post(page(series), data)


def test_the_editor_sees_both_fields_read_only(client_as, editor, series):
    response = client_as(editor).get(change_page(series))
    form = dict(flatten(form_data(response, "series_form")))
    assert "office" in form
    assert "visibility" not in form
    assert "handling_mark" not in form
    assertContains(response, "由签发人或管理员在“更改公开范围”页面说明原因后更改")
    assertNotContains(response, page(series))


def test_the_editor_cannot_post_a_visibility_change(client_as, editor, series):
    """Posting the fields directly changes nothing at all and says why."""
    client = client_as(editor)
    data = flatten(form_data(client.get(change_page(series)), "series_form"))
    data.update(office="新的编印单位", visibility=PUBLIC, handling_mark="内部资料")
    response = client.post(change_page(series), data)
    assert response.status_code == 200
    assertContains(response, "只能由签发人或管理员在“更改公开范围”页面说明原因后更改")
    assertContains(response, "本次未保存任何修改")
    assert untouched(series)
    assert series.office != "新的编印单位"


def test_the_editor_still_saves_the_rest_of_the_series(client_as, editor, series):
    client = client_as(editor)
    data = flatten(form_data(client.get(change_page(series)), "series_form"))
    data.update(office="新的编印单位", visibility=INTERNAL)  # unchanged: no harm
    assertRedirects(
        client.post(change_page(series), data),
        reverse("admin:issues_series_changelist"),
    )
    series.refresh_from_db()
    assert series.office == "新的编印单位"
    assert untouched(series)


def test_an_administrator_cannot_bypass_the_page_either(client_as, superuser, series):
    client = client_as(superuser)
    data = flatten(form_data(client.get(change_page(series)), "series_form"))
    data.update(visibility=PUBLIC)
    assertContains(client.post(change_page(series), data), "本次未保存任何修改")
    assert untouched(series)


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_editors_and_reviewers_are_refused_the_page(request, client_as, series, role):
    client = client_as(request.getfixturevalue(role))
    assert client.get(page(series)).status_code == 403
    data = {
        "visibility": PUBLIC,
        "handling_mark": "",
        "reason": REASON,
        "was_visibility": INTERNAL,
        "was_handling_mark": "",
        "confirmed": "on",
    }
    assert client.post(page(series), data).status_code == 403
    assert untouched(series)


@pytest.mark.parametrize("role", ["publisher", "superuser"])
def test_publishers_and_administrators_make_a_series_public(
    request, client_as, series, role
):
    user = request.getfixturevalue(role)
    client = client_as(user)
    assertContains(client.get(change_page(series)), page(series))
    step = decide(client, series, visibility=PUBLIC, reason=REASON)
    assertContains(step, "请确认对《内部参阅》的更改")
    assertContains(step, "内部（读者须登录） → 公开")
    assertContains(step, "本刊已发布的 2 期（共 3 篇文章）将对所有人开放，无需登录")
    assert untouched(series)  # nothing happens before the confirmation
    response = confirm(client, series, step)
    history = reverse("admin:issues_series_history", args=[series.pk])
    assertRedirects(response, history, fetch_redirect_response=False)
    series.refresh_from_db()
    assert series.visibility == PUBLIC
    event = SeriesEvent.objects.get()
    assert (event.field, event.actor, event.reason) == ("visibility", user, REASON)
    shown = client.get(history)
    assertContains(shown, "《内部参阅》：已更改，并已记入历史。")
    assertContains(shown, "公开范围和密级/保管标志")
    assertContains(shown, f"<td>{REASON}</td>", html=True)
    assertContains(shown, "<td>内部（读者须登录）</td><td>公开</td>", html=True)
    assertContains(shown, "已修改公开范围。")  # the admin's own log, too


def test_making_a_series_internal_counts_what_becomes_login_only(
    client_as, publisher, series
):
    Series.objects.filter(pk=series.pk).update(visibility=PUBLIC)
    client = client_as(publisher)
    step = decide(client, series, visibility=INTERNAL, reason="含内部讲话，改为内部")
    assertContains(step, "本刊已发布的 2 期（共 3 篇文章）将只对登录的读者开放")
    confirm(client, series, step)
    series.refresh_from_db()
    assert series.visibility == INTERNAL


def test_a_series_without_published_issues_says_so(client_as, publisher):
    series = SeriesFactory(visibility=INTERNAL)
    IssueFactory(series=series)
    step = decide(client_as(publisher), series, visibility=PUBLIC, reason=REASON)
    assertContains(step, "本刊尚无已发布的期")


def test_the_handling_mark_is_changed_the_same_way(client_as, publisher, series):
    client = client_as(publisher)
    step = decide(client, series, handling_mark="内部资料 注意保存", reason=REASON)
    assertContains(step, "（无） → 内部资料 注意保存")
    assertNotContains(step, "将对所有人开放")
    confirm(client, series, step)
    series.refresh_from_db()
    assert (series.visibility, series.handling_mark) == (INTERNAL, "内部资料 注意保存")
    assert SeriesEvent.objects.get().field == "handling_mark"


def test_the_reason_is_required(client_as, publisher, series):
    client = client_as(publisher)
    response = decide(client, series, visibility=PUBLIC, reason="   ")
    assertContains(response, "请说明更改的原因")
    assertNotContains(response, "请确认")
    # A confirmation forged without a reason is refused the same way.
    data = {
        "visibility": PUBLIC,
        "handling_mark": "",
        "reason": "",
        "was_visibility": INTERNAL,
        "was_handling_mark": "",
        "confirmed": "on",
    }
    assertContains(client.post(page(series), data), "请说明更改的原因")
    assert untouched(series)


def test_no_change_and_classified_marks_are_refused(client_as, publisher, series):
    client = client_as(publisher)
    assertContains(decide(client, series, reason=REASON), "都没有变化")
    assertContains(
        decide(client, series, handling_mark="机密", reason=REASON),
        "不得处理涉密内容",
    )
    assert untouched(series)


def test_a_change_made_meanwhile_is_not_overwritten(
    client_as, publisher, superuser, series
):
    client = client_as(publisher)
    step = decide(client, series, visibility=PUBLIC, reason=REASON)
    Series.objects.filter(pk=series.pk).update(handling_mark="内部资料")
    response = confirm(client, series, step)
    assertRedirects(response, page(series), fetch_redirect_response=False)
    assertContains(client.get(page(series)), "其他人刚刚更改了本刊")
    series.refresh_from_db()
    assert series.visibility == INTERNAL
    assert not SeriesEvent.objects.exists()


def test_the_change_retires_cached_pages(
    client, client_as, publisher, series, django_capture_on_commit_callbacks
):
    """A public series made internal is closed to anonymous readers at
    once, though its pages were cached; made public again, open at once."""
    Series.objects.filter(pk=series.pk).update(visibility=PUBLIC)
    anonymous = client.__class__()
    issue = series.issues.get(number=76)
    for url in (issue.get_absolute_url(), series.get_absolute_url()):
        assert anonymous.get(url).status_code == 200
        assert anonymous.get(url).status_code == 200  # from the cache
    staff = client_as(publisher)
    for visibility, answer in ((INTERNAL, 302), (PUBLIC, 200)):
        step = decide(staff, series, visibility=visibility, reason=REASON)
        with django_capture_on_commit_callbacks(execute=True):
            confirm(staff, series, step)
        assert anonymous.get(issue.get_absolute_url()).status_code == answer
        assert anonymous.get(series.get_absolute_url()).status_code == answer


def test_view_on_site_only_where_the_series_has_a_page(client_as, editor, series):
    client = client_as(editor)
    assertContains(client.get(change_page(series)), "在站点上查看")
    empty = SeriesFactory()
    IssueFactory(series=empty)
    assertNotContains(client.get(change_page(empty)), "在站点上查看")


def test_the_history_says_when_nothing_was_ever_changed(client_as, reviewer, series):
    response = client_as(reviewer).get(
        reverse("admin:issues_series_history", args=[series.pk])
    )
    assertContains(response, "创建以来未曾更改")


def test_the_history_of_a_missing_series_is_no_error(client_as, editor):
    response = client_as(editor).get("/admin/issues/series/abc/history/")
    assert response.status_code == 302


def test_the_history_reads_its_events_in_one_query(
    client_as, publisher, series, django_assert_max_num_queries
):
    url = reverse("admin:issues_series_history", args=[series.pk])
    client = client_as(publisher)
    client.get(url)  # sessions, permissions and the like, once
    for mark in ("内部资料", "内部参考", "注意保存", "内部资料 注意保存", ""):
        step = decide(client, series, handling_mark=mark, reason=REASON)
        confirm(client, series, step)
    assert SeriesEvent.objects.count() == 5
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert response.content.decode().count("<td>" + REASON + "</td>") == 5

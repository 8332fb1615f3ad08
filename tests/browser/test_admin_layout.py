"""The editorial desk at an office screen's width: lists stay readable with
the navigation sidebar open, and what the admin's scripts write (the
two-list selector, the date and time pickers) is in Chinese."""

import pytest
from django.contrib.auth.models import Group

from issues.models import Issue
from tests.browser.conftest import log_in
from tests.chinese import english
from tests.factories import ArticleFactory, IssueFactory, SeriesFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "secret-pass-123"
DESK = {"width": 1280, "height": 800}


@pytest.fixture
def desk():
    series = SeriesFactory(name="学习参考", slug="学习参考")
    for number in (74, 75, 76):
        issue = IssueFactory(series=series, number=number, kind=Issue.Kind.REGULAR)
        ArticleFactory(issue=issue, position=1)
    IssueFactory(series=series, number=1, kind=Issue.Kind.SUPPLEMENT)
    ArticleFactory()  # in the pool, for the issue form's selector
    return {
        "editor": UserFactory(
            username="editor", first_name="张编辑", groups=["编辑"], is_staff=True
        ),
        "admin": UserFactory(
            username="root", first_name="管理员", is_staff=True, is_superuser=True
        ),
    }


def lines_of(page, selector: str) -> list[int]:
    """For each element, the number of lines its text takes."""
    return page.eval_on_selector_all(
        selector, "els => els.map(e => e.getClientRects().length)"
    )


def fits(page) -> bool:
    """Nothing of the list hidden beyond its right edge."""
    return page.eval_on_selector(".results", "e => e.scrollWidth <= e.clientWidth")


def test_lists_keep_titles_on_one_line_beside_the_sidebar(
    browser_context, desk, screenshot
):
    page = browser_context(viewport=DESK).new_page()
    log_in(page, "editor", PASSWORD)
    page.goto("/admin/issues/issue/")
    assert page.is_visible("#nav-sidebar"), "the navigation sidebar is open"
    screenshot(page, "admin-issue-list-1280")
    titles = lines_of(page, "#result_list .field-__str__ a")
    assert len(titles) == 4
    assert titles == [1, 1, 1, 1], titles
    series = lines_of(page, "#result_list td.field-series")
    assert set(series) == {1}, series
    assert fits(page)
    page.goto("/admin/articles/article/")
    screenshot(page, "admin-article-list-1280")
    places = lines_of(page, "#result_list td.field-placement")
    assert places and set(places) == {1}, places
    assert fits(page)


def visible_english(page) -> list[str]:
    text = page.inner_text("#content")
    return english(text, ["root", "editor"])


def test_what_the_admin_scripts_write_is_chinese(browser_context, desk, screenshot):
    page = browser_context(viewport=DESK).new_page()
    log_in(page, "root", PASSWORD)
    draft = Issue.objects.get(number=76)
    page.goto(f"/admin/issues/issue/{draft.pk}/change/")
    page.wait_for_selector(".selector-available")  # the two-list selector
    page.click("fieldset.collapse summary")  # the footer, folded away
    assert visible_english(page) == []
    page.goto(f"/admin/auth/group/{Group.objects.get(name='编辑').pk}/change/")
    page.wait_for_selector(".selector-chosen")
    screenshot(page, "admin-group-permissions")
    assert visible_english(page) == []
    page.goto("/admin/auth/user/add/")
    assert visible_english(page) == []

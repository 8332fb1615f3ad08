"""The whole story in a real browser: import, review, sign-off, reading."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from issues.models import Issue
from tests.browser.conftest import log_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SAMPLE = (
    Path(__file__).resolve().parents[2] / "issues" / "sample" / "xuexi-cankao-76.txt"
)
PASSWORD = "secret-pass-123"


@pytest.fixture
def staff():
    return {
        "editor": UserFactory(
            username="editor", first_name="张编辑", groups=["编辑"], is_staff=True
        ),
        "reviewer": UserFactory(
            username="reviewer", first_name="李审核", groups=["审核"], is_staff=True
        ),
        "publisher": UserFactory(
            username="publisher", first_name="王签发", groups=["签发"], is_staff=True
        ),
        "reader": UserFactory(username="reader", first_name="赵读者"),
    }


def press_transition(page, label: str, comment: str = "") -> None:
    """Open a workflow button's confirmation form, fill it, confirm."""
    page.get_by_role("link", name=label, exact=True).click()
    if comment:
        page.fill("#id_comment", comment)
    page.locator(".submit-row input[type=submit]").click()


def test_editor_to_reader(browser_context, staff, screenshot):
    editor = browser_context().new_page()
    log_in(editor, "editor", PASSWORD)
    editor.goto("/admin/issues/issue/")
    editor.get_by_role("link", name="导入").click()
    editor.set_input_files("input[type=file]", str(SAMPLE))
    editor.locator("input[name=recognise]").click()
    expect(editor.locator("#import_form input[value='学习参考']").first).to_be_visible()
    editor.locator("input[name=confirm]").click()
    expect(editor.locator(".messagelist")).to_be_visible()
    issue = Issue.objects.get()
    assert (issue.status, issue.number) == ("draft", 76)

    editor.goto(f"/admin/issues/issue/{issue.pk}/change/")
    press_transition(editor, "提交审核")
    expect(editor.locator(".messagelist")).to_contain_text("提交审核——已完成")

    reviewer = browser_context().new_page()
    log_in(reviewer, "reviewer", PASSWORD)
    reviewer.goto("/admin/")
    reviewer.get_by_role("link", name="待审核的期").click()
    reviewer.get_by_role("link", name=str(issue)).click()
    press_transition(reviewer, "退回修改", comment="副题请与原报核对")
    expect(reviewer.locator(".messagelist")).to_contain_text("退回修改——已完成")
    issue.refresh_from_db()
    assert issue.status == "draft"

    editor.goto(f"/admin/issues/issue/{issue.pk}/change/")
    expect(editor.locator("body")).to_contain_text("副题请与原报核对")
    article = issue.articles.get()
    editor.goto(f"/admin/articles/article/{article.pk}/change/")
    editor.fill("#id_subtitle", "尹力殷勇与孙绍骋王莉霞座谈 车俊参加并讲话")
    editor.locator("input[name=_save]").click()
    expect(editor.locator(".messagelist")).to_be_visible()
    editor.goto(f"/admin/issues/issue/{issue.pk}/change/")
    press_transition(editor, "提交审核")
    expect(editor.locator(".messagelist")).to_contain_text("提交审核——已完成")

    reviewer.goto(f"/admin/issues/issue/{issue.pk}/change/")
    reviewer.get_by_role("link", name="自上次提交以来的修改").click()
    expect(reviewer.locator("ins", has_text="并讲话")).to_have_count(1)
    screenshot(reviewer, "admin-review-diff", full_page=True)
    reviewer.goto(f"/admin/issues/issue/{issue.pk}/change/")
    press_transition(reviewer, "审核通过")
    expect(reviewer.locator(".messagelist")).to_contain_text("审核通过——已完成")
    issue.refresh_from_db()
    assert issue.status == "approved"

    publisher = browser_context().new_page()
    log_in(publisher, "publisher", PASSWORD)
    publisher.goto(f"/admin/issues/issue/{issue.pk}/change/")
    publisher.get_by_role("link", name="签发或定时发布", exact=True).click()
    when = timezone.localtime() + datetime.timedelta(days=1)
    publisher.check("input[name=when][value=later]")
    publisher.fill("input[name=publish_at_0]", when.strftime("%Y-%m-%d"))
    publisher.fill("input[name=publish_at_1]", "08:00")
    publisher.locator(".submit-row input[type=submit]").click()
    expect(publisher.locator(".workflow-state")).to_contain_text("北京时间")
    issue.refresh_from_db()
    assert issue.status == "approved"
    assert timezone.localtime(issue.publish_at).strftime("%H:%M") == "08:00"
    screenshot(publisher, "admin-issue", full_page=True)
    publisher.get_by_role("link", name="签发或定时发布", exact=True).click()
    publisher.locator(".submit-row input[type=submit]").click()  # "now" is the default
    expect(publisher.locator(".messagelist")).to_contain_text("已完成")
    issue.refresh_from_db()
    assert issue.status == "published"

    reader = browser_context().new_page()
    reader.goto("/")
    screenshot(reader, "home", full_page=True)
    reader.get_by_role("link", name="学习参考", exact=True).first.click()
    expect(reader.get_by_role("heading", name="学习参考")).to_be_visible()
    screenshot(reader, "archive", full_page=True)
    reader.get_by_role("link", name="第76期").first.click()
    expect(reader.locator("h1.bulletin-name")).to_have_text("学习参考")
    expect(reader.locator(".article-subtitle")).to_contain_text("车俊参加并讲话")
    screenshot(reader, "issue-desktop", full_page=True)
    reader.goto(issue.articles.get().get_absolute_url())
    expect(reader.locator("h1.article-title")).to_have_count(1)

    reader.get_by_role("searchbox", name="搜索词").fill("京蒙")
    reader.keyboard.press("Enter")
    hit = reader.locator(".search-hit").first
    expect(hit.locator("mark").first).to_have_text("京蒙")
    screenshot(reader, "search", full_page=True)
    hit.get_by_role("link", name=re.compile("京蒙篇章")).click()
    expect(reader.locator("h1.article-title")).to_contain_text("京蒙篇章")

    reader.goto(issue.get_absolute_url())
    with reader.expect_download() as download:
        reader.get_by_role("link", name="下载PDF").click()
    path = download.value.path()
    assert Path(path).read_bytes()[:5] == b"%PDF-"


def published_sample():
    from django.core.management import call_command

    call_command("load_sample", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Issue.objects.get()


def test_phone_layout_has_no_horizontal_scrolling(browser_context, screenshot):
    issue = published_sample()
    page = browser_context(
        viewport={"width": 360, "height": 740}, is_mobile=True
    ).new_page()
    for url in ("/", issue.series.get_absolute_url(), issue.get_absolute_url()):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{url} scrolls sideways ({width}px)"
    sizes = page.evaluate(
        "Array.from(document.querySelectorAll('.article p')).map("
        "p => parseFloat(getComputedStyle(p).fontSize))"
    )
    assert sizes and min(sizes) >= 16
    screenshot(page, "issue-phone", full_page=True)


def test_print_emulation_sets_a_red_masthead_on_a4(browser_context):
    issue = published_sample()
    page = browser_context().new_page()
    page.goto(issue.get_absolute_url())
    page.emulate_media(media="print")
    color = page.evaluate(
        "getComputedStyle(document.querySelector('.bulletin-name')).color"
    )
    assert color == "rgb(255, 0, 0)"
    assert (
        page.evaluate(
            "getComputedStyle(document.querySelector('.site-header')).display"
        )
        == "none"
    )
    pdf = page.pdf(prefer_css_page_size=True)
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert boxes
    for width, height in boxes:  # A4: 595.28 x 841.89 pt
        assert abs(float(width) - 595.28) < 1 and abs(float(height) - 841.89) < 1

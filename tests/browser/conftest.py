"""Playwright driving Debian's Chromium against pytest-django's live server.

Run with ``pytest -m browser`` (``.ci/run`` does). Screenshots go to
``$SCREENSHOT_DIR`` (default ``test-artifacts/screenshots``).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(
    os.environ.get("SCREENSHOT_DIR", ROOT / "test-artifacts" / "screenshots")
)


@pytest.fixture(scope="session")
def chromium():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_context(chromium, live_server):
    """A fresh Chinese-language browser profile pointed at the live server.
    Any Content-Security-Policy violation Chromium reports on the way fails
    the test: a page that needed an inline script or style would be broken
    in production."""
    contexts = []
    violations = []

    def report(message):
        if "Content Security Policy" in message.text:
            violations.append(
                f"{message.page.url if message.page else ''}: {message.text}"
            )

    def new(**options):
        context = chromium.new_context(
            base_url=live_server.url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            **options,
        )
        context.set_default_timeout(15000)
        context.on("console", report)
        contexts.append(context)
        return context

    yield new
    for context in contexts:
        context.close()
    assert not violations, "\n".join(violations)


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, **options):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), **options)

    return take


def log_in(page, username: str, password: str, path: str = "/admin/") -> None:
    page.goto(path)
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("input[type=submit], button[type=submit]").last.click()

"""Every public page: axe-core finds nothing serious, headings are in order,
the language is Simplified Chinese and the keyboard reaches everything."""

import os
from itertools import pairwise
from pathlib import Path

import pytest
from django.core.management import call_command

from issues.models import Issue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(
    os.environ.get(
        "AXE_PATH", ROOT / "test-artifacts/node/node_modules/axe-core/axe.min.js"
    )
)


@pytest.fixture
def pages():
    call_command("load_sample", stdout=open(os.devnull, "w"))  # noqa: SIM115
    issue = Issue.objects.get()
    return {
        "home": "/",
        "archive": issue.series.get_absolute_url(),
        "issue": issue.get_absolute_url(),
        "article": issue.articles.get().get_absolute_url(),
        "search": "/search/?q=京蒙",
        "login": "/accounts/login/",
    }


def test_public_pages_pass_axe_and_keep_heading_order(browser_context, pages):
    assert AXE.exists(), f"axe-core not found at {AXE} (.ci/run installs it with npm)"
    # The page's CSP forbids inline scripts; axe is injected by the test only.
    page = browser_context(bypass_csp=True).new_page()
    for name, url in pages.items():
        page.goto(url)
        assert page.get_attribute("html", "lang") == "zh-CN", name
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']}))"
            ".violations.filter(v => ['serious', 'critical'].includes(v.impact))"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
        )
        assert violations == [], f"{name}: {violations}"
        levels = page.evaluate(
            "Array.from(document.querySelectorAll('main h1, main h2, main h3, main h4'))"
            ".map(h => Number(h.tagName[1]))"
        )
        assert levels and levels[0] == 1, f"{name}: {levels}"
        assert all(b - a <= 1 for a, b in pairwise(levels)), f"{name}: {levels}"


def test_keyboard_alone_reaches_every_control(browser_context, pages):
    page = browser_context().new_page()
    for name, url in pages.items():
        page.goto(url)
        controls = page.evaluate(
            "Array.from(document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea'))"
            ".filter(e => e.offsetParent !== null || e.classList.contains('skip-link')).length"
        )
        reached = set()
        for _ in range(controls + 5):
            page.keyboard.press("Tab")
            reached.add(
                page.evaluate(
                    "(() => { const e = document.activeElement;"
                    " return e === document.body ? '' : e.outerHTML.slice(0, 200); })()"
                )
            )
        reached.discard("")
        assert len(reached) >= controls, f"{name}: {len(reached)} of {controls} reached"
        # The first stop in tab order is the skip link into the content.
        first = page.evaluate(
            "document.querySelector('a[href], button, input:not([type=hidden]), select')"
            ".className"
        )
        assert first == "skip-link", name

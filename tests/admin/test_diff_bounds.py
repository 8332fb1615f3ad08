"""Comparing two versions takes bounded work, whatever the text.

SequenceMatcher's work is counted here independently of the diff's own
budget: each search for a longest match is charged, before it runs, the
most it can cost (each element of its range of ``a``, and each place in
``b`` where that element occurs). On an unbounded diff the first search on
any of these texts already goes over the limit, so a test fails at once
instead of running for minutes.
"""

import difflib
import random
import re
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from hypothesis import given, strategies as st
from pytest_django.asserts import assertContains

from articles.models import Article
from articles.text import split_paragraphs
from issues.revisions import diff, records
from issues.revisions.models import Revision
from tests.factories import ArticleFactory

# Units of work that take about half a second at worst on a busy two-core
# machine: the diff must stay within them at any size.
LIMIT = 1_000_000
SIZE = 100_000  # characters on each side
SAMPLE = Path(__file__).resolve().parents[2] / "issues" / "sample"


class Work:
    def __init__(self):
        self.searched = 0
        self.indexed = 0

    def charge(self, units):
        self.searched += units
        assert self.searched <= LIMIT, "more work than half a second allows"


@pytest.fixture
def work(monkeypatch):
    counted = Work()
    search, set_seqs = (
        difflib.SequenceMatcher.find_longest_match,
        difflib.SequenceMatcher.set_seqs,
    )

    def counted_search(self, alo, ahi, blo, bhi):
        counted.charge(sum(1 + len(self.b2j.get(x, ())) for x in self.a[alo:ahi]))
        return search(self, alo, ahi, blo, bhi)

    def counted_set_seqs(self, a, b):
        counted.indexed += len(a) + len(b)
        return set_seqs(self, a, b)

    monkeypatch.setattr(difflib.SequenceMatcher, "find_longest_match", counted_search)
    monkeypatch.setattr(difflib.SequenceMatcher, "set_seqs", counted_set_seqs)
    return counted


def letters(alphabet: str, size: int = SIZE, seed: int = 0) -> str:
    return "".join(random.Random(seed).choices(alphabet, k=size))


def lines(alphabet: str, seed: int = 0) -> str:
    """Paragraphs of one character each, SIZE characters in all."""
    return "\n".join(letters(alphabet, SIZE // 2, seed))


def chinese(paragraph_size: int) -> str:
    """Sentences of the sample bulletin in a random order, in paragraphs."""
    text = (SAMPLE / "xuexi-cankao-76.txt").read_text(encoding="utf-8")
    sentences = re.findall(r"[^。！？\n]+[。！？]", text)
    pick = random.Random(0).choice
    body = "".join(pick(sentences) for _ in range(SIZE // 10))[:SIZE]
    return "\n".join(
        body[start : start + paragraph_size] for start in range(0, SIZE, paragraph_size)
    )


def edited(text: str, edits: int = 20) -> str:
    chars = list(text)
    places = [n for n, char in enumerate(chars) if char != "\n"]
    for place in random.Random(1).sample(places, edits):
        chars[place] = "改"
    return "".join(chars)


def sides(paragraphs):
    """The old and new texts the diff shows, paragraph by paragraph."""
    old = [p for p in paragraphs if p.status != "added"]
    new = [p for p in paragraphs if p.status != "removed"]
    return (
        "\n".join("".join(segment.text for segment in p.old) for p in old),
        "\n".join("".join(segment.text for segment in p.new) for p in new),
    )


def assert_is_a_diff_of(paragraphs, old: str, new: str):
    """Equal and removed text make the old text, equal and added the new
    one, and both sides agree on what is equal."""
    assert sides(paragraphs) == (
        "\n".join(split_paragraphs(old)),
        "\n".join(split_paragraphs(new)),
    )
    for p in paragraphs:
        assert {s.op for s in p.old} <= {diff.EQUAL, diff.DELETE}
        assert {s.op for s in p.new} <= {diff.EQUAL, diff.INSERT}
        assert [s for s in p.old if s.op == diff.EQUAL] == [
            s for s in p.new if s.op == diff.EQUAL
        ]


def two_letters() -> str:
    return letters("ab")


# Each case: the two texts, and how finely the diff can afford to compare.
HOSTILE = {
    "two letters": (lambda: (letters("ab"), letters("ab", seed=1)), "sentences"),
    "four letters": (
        lambda: (letters("abcd"), letters("abcd", seed=1)),
        "sentences",
    ),
    "letters and full stops": (
        lambda: (letters("ab。"), letters("ab。", seed=1)),
        "sentences",
    ),
    "one letter against two": (lambda: ("a" * SIZE, "ab" * (SIZE // 2)), "sentences"),
    "many small paragraphs": (lambda: (lines("ab"), lines("ab", seed=1)), "paragraphs"),
    "many small paragraphs, one changed": (
        lambda: (lines("ab"), edited(lines("ab"), 1)),
        "paragraphs",
    ),
    "a hundred long paragraphs": (
        lambda: (
            "\n".join(letters("ab", 1000, seed) for seed in range(100)),
            "\n".join(letters("ab", 1000, seed) for seed in range(100, 200)),
        ),
        "sentences",
    ),
    "one paragraph against many": (
        lambda: (two_letters(), "\n".join(two_letters()[: SIZE // 2])),
        "paragraphs",
    ),
    "many paragraphs against one": (
        lambda: ("\n".join(two_letters()[: SIZE // 2]), two_letters()),
        "paragraphs",
    ),
    "chinese in one paragraph, small edits": (
        lambda: (chinese(SIZE), edited(chinese(SIZE))),
        "sentences",
    ),
    "chinese in paragraphs, small edits": (
        lambda: (chinese(300), edited(chinese(300))),
        "characters",
    ),
}


@pytest.mark.parametrize(("texts", "compared_by"), HOSTILE.values(), ids=HOSTILE)
def test_any_diff_is_bounded_and_as_fine_as_the_budget_allows(work, texts, compared_by):
    old, new = texts()
    paragraphs = diff.diff_text(old, new)
    assert work.indexed <= 3 * (len(old) + len(new))  # each level reads it once
    assert len(paragraphs) <= 2_000  # rows for the page to render
    assert diff.is_changed(paragraphs)
    assert diff.coarsest(paragraphs) == compared_by
    assert_is_a_diff_of(paragraphs, old, new)


@pytest.mark.parametrize(
    "text", [two_letters, lambda: lines("ab")], ids=["one", "many"]
)
def test_equal_texts_are_equal_at_any_size(work, text):
    text = text()
    paragraphs = diff.diff_text(text, text)
    assert not diff.is_changed(paragraphs)
    assert sides(paragraphs) == (text, text)


def test_one_budget_bounds_a_whole_issue(work):
    def issue(seeds):
        return {
            "articles": [
                {
                    "id": n,
                    "position": n,
                    "title": "标题",
                    "body": letters("ab", seed=seed),
                }
                for n, seed in enumerate(seeds)
            ]
        }

    _, articles = records.compare_issues(issue(range(5)), issue(range(5, 10)))
    assert {article.status for article in articles} == {"edited"}
    assert work.indexed <= 3 * 2 * 5 * SIZE


paragraph_text = st.lists(
    st.text(alphabet="ab甲乙。！；”", max_size=30), max_size=6
).map("\n".join)


@given(old=paragraph_text, new=paragraph_text, units=st.integers(0, 400))
def test_a_diff_at_any_budget_gives_back_both_texts(old, new, units):
    # Small budgets make every level of comparison show up.
    assert_is_a_diff_of(diff.diff_text(old, new, diff.Budget(units)), old, new)


def test_a_field_compared_by_paragraph_says_so():
    paragraphs = diff.diff_text("甲\n乙", "丙\n丁", diff.Budget(0))
    html = render_to_string(
        "admin/revisions/field_changes.html",
        {"fields": [records.FieldChange("正文", paragraphs)]},
    )
    assert "内容较长，按段比较" in html


@pytest.mark.django_db
def test_the_compare_page_shows_a_long_diff_by_sentence(work, editor):
    article = ArticleFactory()
    old, new = (
        Revision.objects.create(
            content_type=ContentType.objects.get_for_model(Article),
            object_id=article.pk,
            object_version=version,
            data={"body": letters("ab", seed=version)},
            reason="saved",
        )
        for version in (1, 2)
    )
    client = Client()
    client.force_login(editor)
    response = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"old": old.pk, "new": new.pk},
    )
    assert response.status_code == 200
    assertContains(response, "内容较长，按句比较")

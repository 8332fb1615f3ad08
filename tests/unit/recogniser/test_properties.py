"""Random and mutated text: the recogniser raises nothing but its own error
type, and loses no character of body text other than the whitespace and
page furniture it is meant to drop."""

import json
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from issues.importing.recogniser import RecogniserError, recognise
from issues.importing.recogniser.normalise import normalise

SAMPLE = Path(__file__).resolve().parents[3] / "issues/sample"
SEED = (SAMPLE / "xuexi-cankao-76.txt").read_text(encoding="utf-8")
EXPECTED = json.loads((SAMPLE / "xuexi-cankao-76.expected.json").read_text("utf-8"))
BLOCKS = [block for block in SEED.split("\n") if block.strip()]

# Pieces that exercise every rule: masthead forms, bylines, citations,
# furniture, brackets, headings, odd characters.
PIECES = [
    "学习参考",
    "第76期",
    "增刊第1期",
    "第5期（总第12期）",
    "2023年7月23日",
    "办公室",
    "本报讯（记者 祁梦竹）",
    "新华社北京7月4日电  ",
    "本报记者 王某",
    "作者：李某",
    "选自《北京日报》（2023年7月23日第1版）",
    "来源：新华社",
    "摘自《求是》2023年第14期",
    "— 2 —",
    "第3页",
    "━━━━",
    "（责编：王某）",
    "报：市委",
    "（共印40份）",
    "【编者按】",
    "一、",
    "（二）",
    "1.",
    "“",
    "”",
    "（",
    "）",
    "《",
    "》",
    "。",
    "，",
    "：",
    "！",
    "……",
    "...",
    "——",
    "—",
    "-",
    "·",
    "•",
    "７",
    "Ａ",
    " ",
    "　",
    "\t",
    "\n",
    "\n\n",
    "\f",
    "\r\n",
    "\ufeff",
    "\u200b",
    "\x00",
    "\x0b",
    "内部资料",
    "秘密",
    "http://a.cn/x",
    "abc",
    "2023",
]
CHINESE = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80), min_size=1
)
TEXT = st.lists(
    st.one_of(st.sampled_from(PIECES), CHINESE, st.text(max_size=5)), max_size=60
).map("".join)


def visible(text: str) -> Counter:
    return Counter(char for char in text if not char.isspace())


def accounted(found) -> Counter:
    """Every character the result holds or says it dropped."""
    parts = list(found.dropped)
    if found.masthead:
        parts += found.masthead.lines
    for article in found.articles:
        parts += [article.title, article.subtitle, article.byline, article.citation]
        parts += article.paragraphs
    return visible("".join(parts))


def check(text: str) -> None:
    try:
        found = recognise(text)
    except RecogniserError as error:
        assert str(error)
        return
    assert accounted(found) == visible(normalise(text))
    assert all(paragraph.strip() for a in found.articles for paragraph in a.paragraphs)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_random_text(text):
    check(text)


@st.composite
def mutated_sample(draw):
    blocks = list(BLOCKS)
    for _ in range(draw(st.integers(0, 6))):
        index = draw(st.integers(0, len(blocks) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "cut", "swap"]))
        if action == "delete" and len(blocks) > 1:
            del blocks[index]
        elif action == "duplicate":
            blocks.insert(index, blocks[index])
        elif action == "insert":
            blocks.insert(index, draw(TEXT))
        elif action == "cut":
            block = blocks[index]
            at = draw(st.integers(0, len(block)))
            blocks[index : index + 1] = [block[:at], block[at:]]
        elif action == "swap":
            other = draw(st.integers(0, len(blocks) - 1))
            blocks[index], blocks[other] = blocks[other], blocks[index]
    separator = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n\n\f\n"]))
    return separator.join(blocks)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_sample())
def test_mutated_sample(text):
    check(text)


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_page_furniture_between_blocks_changes_nothing(data):
    """Page numbers and page breaks inserted between the sample's blocks,
    as a PDF extraction leaves them, are dropped without a trace."""
    blocks = list(BLOCKS)
    furniture = st.sampled_from(["— 2 —", "- 3 -", "第4页", "5/9", "\f", "━━━━━━"])
    for _ in range(data.draw(st.integers(1, 5))):
        index = data.draw(st.integers(5, len(blocks)))
        blocks.insert(index, data.draw(furniture))
    assert recognise("\n\n".join(blocks)).to_json() == EXPECTED

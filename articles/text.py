"""Plain-text body handling: paragraphs, headings and Chinese dates.

An article body is plain text, one paragraph per block. Nothing here produces
HTML: templates escape every character, so the body can never carry markup.
"""

import re
from dataclasses import dataclass
from datetime import date

CN_NUMERALS = "一二三四五六七八九十百零〇"

# Heading markers of Chinese official documents, by level
# (docs/bulletin-format.md#body-headings): 一、 → （一） → 1. → （1）.
HEADING_PATTERNS = (
    (1, re.compile(rf"^[{CN_NUMERALS}]+、")),
    (2, re.compile(rf"^[（(][{CN_NUMERALS}]+[）)]")),
    (3, re.compile(r"^\d{1,2}[.．](?!\d)")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]")),
)
# Characters that reorder or hide text (bidi overrides and isolates,
# zero-width marks) and control characters: never part of a bulletin, and a
# way to make a title read differently from what it is.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
# A heading line stands alone when it is short and does not read as a
# sentence; otherwise its first sentence is a run-in heading.
MAX_HEADING_LENGTH = 40
SENTENCE_END = re.compile(r"[。！？!?]")
RUN_IN_END = re.compile(r"^(.+?[。！？!?])(.+)$", re.DOTALL)


@dataclass(frozen=True)
class Block:
    """One paragraph of a body, as the templates render it.

    ``level`` is 0 for an ordinary paragraph, 1–4 for a heading level;
    ``lead`` holds the run-in heading of a paragraph that starts with a
    heading sentence and continues with text.
    """

    text: str
    level: int = 0
    lead: str = ""

    @property
    def is_heading(self) -> bool:
        return self.level > 0 and not self.lead


def strip_invisible(text: str) -> str:
    return INVISIBLE.sub("", text)


def single_line(text: str) -> str:
    """A one-line field: visible characters, runs of spaces made one."""
    return " ".join(strip_invisible(text).split())


def split_paragraphs(body: str) -> list[str]:
    """The non-empty paragraphs of a body, stripped of indentation."""
    return [
        line.strip(" \t\u3000") for line in body.splitlines() if line.strip(" \t\u3000")
    ]


def normalize_body(body: str) -> str:
    """The canonical stored form: paragraphs separated by one blank line."""
    return "\n\n".join(split_paragraphs(strip_invisible(body)))


def heading_level(paragraph: str) -> int:
    for level, pattern in HEADING_PATTERNS:
        if pattern.match(paragraph):
            return level
    return 0


def parse_block(paragraph: str) -> Block:
    level = heading_level(paragraph)
    if not level:
        return Block(paragraph)
    inner = paragraph.rstrip("。！？!?")
    if len(paragraph) <= MAX_HEADING_LENGTH and not SENTENCE_END.search(inner):
        return Block(paragraph, level)
    run_in = RUN_IN_END.match(paragraph)
    if run_in and len(run_in.group(1)) <= MAX_HEADING_LENGTH:
        return Block(run_in.group(2), level, lead=run_in.group(1))
    return Block(paragraph)


def parse_body(body: str) -> list[Block]:
    """The body as blocks: paragraphs with their recognised headings."""
    return [parse_block(paragraph) for paragraph in split_paragraphs(body)]


def format_cn_date(value: date | None) -> str:
    """A date as Chinese documents print it: 2023年7月23日, no zero padding."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def citation_line(override: str, source: str, day: date | None, page: str) -> str:
    """The citation line a reprint ends with: the editor's own, else formed
    the conventional way from the source's name, date and page —
    选自《北京日报》（2023年7月23日第1版）; empty without a source."""
    if override:
        return override
    if not source:
        return ""
    details = format_cn_date(day) + page
    return f"选自《{source}》（{details}）" if details else f"选自《{source}》"

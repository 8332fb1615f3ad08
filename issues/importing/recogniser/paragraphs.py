"""From normalised text to paragraphs
(docs/bulletin-format.md#how-text-arrives).

Text arrives in two shapes, often mixed: blocks separated by blank lines
(each block a paragraph unless a page break cut it), and one visual line per
line (each paragraph broken at the measure of the page). ``to_blocks`` turns
both into blocks and drops page furniture; ``repair`` joins the blocks of an
article body that a page break cut in the middle of a sentence.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from articles.text import parse_block
from issues.importing.recogniser.normalise import (
    PAGE_BREAK,
    RULE_LINE,
    SPACE,
    visual_width,
)

PAGE_NUMBER = re.compile(
    r"^(?:[—–\-－─·•]\s*\d{1,4}\s*[—–\-－─·•]"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,3}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
SENTENCE_END = re.compile(r"[。！？!?…][”’」』）)》】〕\"']*$")
OPENERS, CLOSERS = "“（(《「『【", "”）)》」』】"
PUNCTUATION = re.compile(r"[，、。；：！？,;:!?…]")
# A block this short without any punctuation is a subheading rather than the
# head of a sentence cut by a page break: a cut piece runs from the start of a
# paragraph to the end of a page, a full line or more (28 characters a
# line, docs/bulletin-format.md#print-geometry).
MAX_SUBHEADING_LENGTH = 20
# Running headers and footers are short; a longer repeated line is text.
MAX_HEADER_WIDTH = 30


@dataclass
class Block:
    """A candidate paragraph: its text, the blank-line group and page it came
    from, and notes on how it was assembled."""

    text: str
    group: int = 0
    page: int = 1
    notes: list[str] = field(default_factory=list)


def to_blocks(text: str) -> tuple[list[Block], list[str]]:
    """Blocks of normalised text, and the page furniture left out."""
    groups = line_groups(text)
    measure = find_measure([lines for _page, lines in groups if len(lines) > 1])
    indented = any(indent_width(line) for _page, lines in groups for line in lines)
    blocks = []
    for number, (page, lines) in enumerate(groups):
        if measure is None or len(lines) == 1:
            blocks.extend(Block(line.strip(SPACE), number, page) for line in lines)
        else:
            blocks.extend(join_visual_lines(lines, measure, indented, number, page))
    return drop_furniture(blocks)


def line_groups(text: str) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines with the page they are on."""
    groups, current, page = [], [], 1
    for line in [*text.split("\n"), ""]:
        if line.strip(SPACE) and line != PAGE_BREAK:
            current.append(line)
            continue
        if current:
            groups.append((page, current))
            current = []
        if line == PAGE_BREAK:
            page += 1
    return groups


def indent_width(line: str) -> float:
    return visual_width(line[: len(line) - len(line.lstrip(SPACE))])


def find_measure(groups: list[list[str]]) -> int | None:
    """The width most lines of a paragraph fill, when the text is one visual
    line per line; None when lines are whole paragraphs."""
    widths = [visual_width(line.rstrip(SPACE)) for lines in groups for line in lines]
    candidates = [round(width) for width in widths if width >= 6]
    if len(candidates) < 3:
        return None
    measure, _count = Counter(candidates).most_common(1)[0]
    filling = sum(measure - 1.5 <= width <= measure + 0.5 for width in widths)
    overlong = sum(width > measure + 1.5 for width in widths)
    if (
        measure < 10
        or filling < max(3, 0.3 * len(widths))
        or overlong > 0.1 * len(widths)
    ):
        return None
    return measure


def join_visual_lines(
    lines: list[str], measure: int, indented: bool, group: int, page: int
) -> list[Block]:
    """Paragraphs of a run of visual lines: a line that fills the measure
    continues in the next; a short line ends its paragraph; an indented line
    starts one."""
    blocks: list[Block] = []
    previous = None
    for line in lines:
        text = line.strip(SPACE)
        starts = (
            previous is None
            or indent_width(line) >= 1
            or visual_width(previous.rstrip(SPACE)) < measure - 1.5
        )
        if starts:
            blocks.append(Block(text, group, page))
        else:
            block = blocks[-1]
            if not indented and SENTENCE_END.search(block.text):
                # Without indentation a full line ending a sentence may also
                # end its paragraph: say which way it went.
                block.notes.append(
                    _("a full line ending in “%(end)s” was joined to the next one")
                    % {"end": block.text[-1]}
                )
            block.text = join_text(block.text, text)
        previous = line
    return blocks


def join_text(first: str, second: str) -> str:
    """Nothing between Chinese characters; one space between Latin words."""
    if (
        first[-1:].isascii()
        and first[-1:].isalpha()
        and second[:1].isascii()
        and second[:1].isalpha()
    ):
        return f"{first} {second}"
    return first + second


def drop_furniture(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """Leave out page numbers, rules, and running headers and footers (a
    short line at the top or bottom of most pages)."""
    headers = running_headers(blocks)
    kept, dropped = [], []
    for block in blocks:
        if (
            PAGE_NUMBER.match(block.text)
            or RULE_LINE.match(block.text)
            or block.text in headers
        ):
            dropped.append(block.text)
        else:
            kept.append(block)
    return kept, dropped


def running_headers(blocks: list[Block]) -> set[str]:
    pages = max((block.page for block in blocks), default=1)
    if pages < 2:
        return set()
    edges = Counter()
    for page in range(1, pages + 1):
        on_page = [block for block in blocks if block.page == page]
        if on_page:
            edges.update({on_page[0].text, on_page[-1].text})
    return {
        text
        for text, count in edges.items()
        if count >= max(2, pages / 2)
        and visual_width(text) <= MAX_HEADER_WIDTH
        and not SENTENCE_END.search(text)
    }


def ends_sentence(text: str) -> bool:
    return bool(SENTENCE_END.search(text)) and not is_open(text)


def is_open(text: str) -> bool:
    """Some bracket or quotation mark opened in ``text`` is still open."""
    return sum(map(text.count, OPENERS)) > sum(map(text.count, CLOSERS))


def is_heading(text: str) -> bool:
    return parse_block(text).is_heading


def is_subheading(text: str) -> bool:
    """A short line with no punctuation at all: a heading without a number."""
    return len(text) <= MAX_SUBHEADING_LENGTH and not PUNCTUATION.search(text)


def repair(blocks: list[Block]) -> tuple[list[str], list[tuple[int, str]]]:
    """The paragraphs of an article body, and notes as (paragraph index,
    message): a block that ends without sentence-final punctuation, or with a
    bracket still open, continues in the next block."""
    paragraphs: list[str] = []
    notes: list[tuple[int, str]] = []
    previous = None
    for block in blocks:
        verdict = join_verdict(previous.text, block.text) if previous else None
        if verdict == "join":
            notes.append(
                (
                    len(paragraphs) - 1,
                    _(
                        "the original broke mid-sentence here, so two blocks were "
                        "joined (“…%(before)s／%(after)s…”)"
                    )
                    % {
                        "before": paragraphs[-1][-8:],
                        "after": block.text[:8],
                    },
                )
            )
            paragraphs[-1] = join_text(paragraphs[-1], block.text)
        else:
            if verdict == "subheading":
                notes.append(
                    (
                        len(paragraphs) - 1,
                        _(
                            "“%(text)s” has no punctuation and was kept as a "
                            "subheading; join it to the next paragraph if a page "
                            "break cut it"
                        )
                        % {"text": previous.text},
                    )
                )
            paragraphs.append(block.text)
        notes.extend((len(paragraphs) - 1, note) for note in block.notes)
        previous = block
    return paragraphs, notes


def join_verdict(first: str, second: str) -> str:
    """Whether ``second`` continues ``first``: "join", "subheading" (kept
    apart, though it might continue) or "keep"."""
    if is_heading(first) or is_heading(second) or first.endswith(("：", ":")):
        return "keep"
    if SENTENCE_END.search(first):
        # A sentence ends, but a bracket it opened may still be open; a
        # quotation running over several paragraphs reopens each of them.
        return "join" if is_open(first) and second[:1] not in "“「『" else "keep"
    if is_subheading(first):
        return "subheading"
    return "join"

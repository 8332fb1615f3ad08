"""One text, several articles: where each begins and ends
(docs/bulletin-format.md#headlines, #citation-lines).

An article begins at a title block — up to three short lines without
sentence punctuation (引题, 主题, 副题) — at the start of the text, after the
citation that closed the previous article, or wherever a byline follows it.
Its citation line closes it. Trailer and footer lines are left out.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from articles.text import is_own_line_byline, split_dateline
from issues.importing.recogniser.bylines import is_byline, is_trailer
from issues.importing.recogniser.citations import Citation, parse_citation
from issues.importing.recogniser.masthead import is_footer
from issues.importing.recogniser.normalise import has_chinese, visual_width
from issues.importing.recogniser.paragraphs import Block, is_heading

MAX_TITLE_WIDTH = 60
MAX_TITLE_LINES = 3
INNER_STOP = re.compile(r"[。；;]|[！？!?](?=.)")
TRAILING_COMMA = re.compile(r"[，、：,:]$")


@dataclass
class Draft:
    """An article as the splitter found it, before paragraph repair."""

    titles: list[Block] = field(default_factory=list)
    byline: str = ""
    body: list[Block] = field(default_factory=list)
    citation: Citation | None = None


def is_title_line(text: str) -> bool:
    """Short, with no sentence inside it, not a heading, byline or citation."""
    return (
        visual_width(text) <= MAX_TITLE_WIDTH
        and has_chinese(text)
        and not INNER_STOP.search(text)
        and not TRAILING_COMMA.search(text)
        and not is_heading(text)
        and not is_byline(text)
        and not is_furniture(text)
        and parse_citation(text) is None
    )


def is_furniture(text: str) -> bool:
    return is_trailer(text) or is_footer(text)


def title_run(blocks: list[Block], start: int) -> int:
    """How many title lines start at ``start``."""
    count = 0
    while (
        count < MAX_TITLE_LINES
        and start + count < len(blocks)
        and is_title_line(blocks[start + count].text)
    ):
        count += 1
    return count


def split_articles(blocks: list[Block]) -> tuple[list[Draft], list[str]]:
    """The articles of a text, and the trailer and footer lines left out."""
    drafts: list[Draft] = []
    dropped: list[str] = []
    current: Draft | None = None
    expecting_title = True
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if is_furniture(block.text):
            dropped.append(block.text)
            index += 1
            continue
        citation = parse_citation(block.text)
        if citation is not None and not (current and current.citation):
            current = current or Draft()
            current.citation = citation
            if current.body:
                # The citation closes the article; a title may follow.
                drafts.append(current)
                current, expecting_title = None, True
            index += 1
            continue
        run = title_run(blocks, index)
        following = blocks[index + run] if run and index + run < len(blocks) else None
        if following is not None and (expecting_title or is_byline(following.text)):
            carried = None
            if current is not None and (current.body or current.titles):
                drafts.append(current)
            elif current is not None:
                # A source line above the title belongs to this article.
                carried = current.citation
            current = Draft(titles=blocks[index : index + run], citation=carried)
            expecting_title = False
            index += run
            continue
        current = current or Draft()
        expecting_title = False
        if not current.body and not current.byline:
            if is_own_line_byline(block.text):
                current.byline = block.text
                index += 1
                continue
            dateline = split_dateline(block.text)
            if dateline is not None:
                current.byline, rest = dateline
                if rest:
                    current.body.append(
                        Block(rest, block.group, block.page, block.notes)
                    )
                index += 1
                continue
        current.body.append(block)
        index += 1
    if current is not None and (current.body or current.titles or current.citation):
        drafts.append(current)
    return drafts, dropped


def headline(titles: list[Block]) -> tuple[str, str, list[str]]:
    """Title, subtitle and notes from the title lines. Three lines are 引题,
    主题 and 副题; two are one headline when they share a block (a line
    break inside it), else title and subtitle — a guess worth a note."""
    texts = [block.text for block in titles]
    if len(texts) == 3:
        return f"{texts[0]} {texts[1]}", texts[2], []
    if len(texts) == 2:
        first, second = texts
        if second.startswith("——"):
            return first, second, []
        if titles[0].group == titles[1].group:
            return (
                f"{first} {second}",
                "",
                [
                    _(
                        "The lines “%(first)s” and “%(second)s” were read as one "
                        "headline (kicker and main title); if the second is a "
                        "subtitle, move it there."
                    )
                    % {"first": first, "second": second}
                ],
            )
        return (
            first,
            second,
            [
                _(
                    "“%(second)s” was read as the subtitle; if it is part of the "
                    "headline, join it to the title."
                )
                % {"second": second}
            ],
        )
    return (texts[0] if texts else ""), "", []

"""Plain-text body handling: paragraphs, headings, bylines and Chinese dates.

An article body is plain text, one paragraph per block. Nothing here produces
HTML: templates escape every character, so the body can never carry markup.
"""

import functools
import itertools
import re
from dataclasses import dataclass
from datetime import date
from math import inf

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


# Bylines and datelines (docs/bulletin-format.md#bylines-and-datelines),
# shared by the importer, which finds them, and the templates, which set them.
# A dateline opens the first paragraph (本报讯（记者 祁梦竹）7月21日……,
# 新华社北京7月4日电  ……); a byline may also stand on its own line (本报记者
# 祁梦竹, 新华社记者 张三 李四, 本报评论员, 作者：王某). Neither may swallow a
# sentence: 本报记者调查发现，…… and 22日下午，…… are text.
BYLINE_ROLES = "特约记者|实习记者|见习记者|摄影记者|记者|通讯员|实习生|摄影"
AGENCY = (
    r"本报|本刊|本台|新华社|中新社|人民网|新华网|央视网|央广网|中国新闻网"
    r"|[\u4e00-\u9fff]{2,10}?(?:日报|晚报|报|社|网|台)"
)
PERSON = r"[\u4e00-\u9fff][\u4e00-\u9fff·]{1,7}"
PERSONS = rf"{PERSON}(?:[ 、，,]+{PERSON})*"
CREDIT = rf"[（(](?:{BYLINE_ROLES})[^（）()\n]{{1,60}}?[）)]"
DATELINE = re.compile(
    rf"^(?P<byline>(?:据)?(?:{AGENCY})"
    rf"(?:讯(?![息号问])|[\u4e00-\u9fff]{{0,10}}?\d{{1,2}}月\d{{1,2}}日电)(?:\s*{CREDIT})?)"
    r"\s*(?P<rest>.*)$",
    re.DOTALL,
)
OWN_LINE_BYLINES = (
    re.compile(rf"^(?:(?:{AGENCY})?(?:{BYLINE_ROLES})\s*{PERSONS}\s*)+$"),
    # The paper's or agency's commentator writes unsigned: 本报评论员.
    re.compile(rf"^(?:{AGENCY})(?:特约)?评论员$"),
    re.compile(
        rf"^(?:作者|撰文|文)\s*[:：/／]?\s*{PERSONS}(?:\s*[（(][^（）()]{{1,40}}[）)])?$"
    ),
)


def split_dateline(paragraph: str) -> tuple[str, str] | None:
    """(byline, rest of the paragraph) when the paragraph opens with a
    dateline such as 本报讯（记者 祁梦竹）."""
    match = DATELINE.match(paragraph)
    if match is None:
        return None
    return match.group("byline"), match.group("rest").strip()


def is_own_line_byline(line: str) -> bool:
    """本报记者 祁梦竹 · 新华社记者 张三 李四 · 本报评论员 · 作者：王某."""
    return any(pattern.match(line) for pattern in OWN_LINE_BYLINES)


def byline_runs_in(byline: str) -> bool:
    """Whether a byline is set at the start of the first paragraph, as a
    dateline is (本报讯（记者 祁梦竹）, 新华社北京7月4日电), rather than on a
    line of its own above the body, as a reporter's or author's line is
    (本报记者 祁梦竹, 本报评论员, 作者：王某) — and as anything that does not
    read as a dateline is, so no unknown form runs into the text."""
    dateline = split_dateline(byline.strip())
    return dateline is not None and not dateline[1]


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


# Titles (docs/bulletin-format.md#headlines): 22pt in the 156mm measure
# holds 20 characters. GB/T 9704 asks for lines that keep words whole and
# stand symmetrically; an editor marks the breaks with | (or ｜), otherwise
# they are chosen here.
TITLE_MEASURE = 20
MIN_TITLE_LINE = 5
TITLE_MARK = re.compile(r"(\s*)[|｜](\s*)")
# Where a title may break, and what a break there costs, in the units of
# the balance below (squared differences of line widths in characters).
# A space or punctuation separates words; a break before a preposition or
# conjunction, or after 的, rarely splits one; any other pair of Chinese
# characters may be a word.
CLOSING = "，、；：！？。）》”’」』】〕…—"
OPENING = "（《“‘「『【〔"
BREAK_BEFORE = "与和及暨并在对为把将向从赴就以"
BREAK_AFTER = "的"
FREE, WORD_EDGE, ANYWHERE = 0, 15, 60
# A line more than the fewest costs this much: a third line is better than
# a word cut in two.
EXTRA_LINE = 40


def split_title_marks(title: str) -> tuple[str, list[int]]:
    """The title without its break marks, and where they stood: the offsets
    in that title at which a new line starts. A mark with spaces around it
    stands for one space, which the break then swallows."""
    parts = TITLE_MARK.split(title)
    plain, breaks = parts[0].strip(), []
    for index in range(1, len(parts), 3):
        spaced, following = parts[index] or parts[index + 1], parts[index + 2].strip()
        if plain and following:
            breaks.append(len(plain))
            plain += " " if spaced else ""
        plain += following
    return plain, breaks


def mark_title_breaks(title: str, breaks: list[int]) -> str:
    """The inverse of split_title_marks: the title as an editor types it."""
    marked, start = "", 0
    for offset in valid_breaks(title, breaks):
        marked += title[start:offset] + (" | " if title[offset] == " " else "|")
        start = offset + (title[offset] == " ")
    return marked + title[start:]


def valid_breaks(title: str, breaks) -> list[int]:
    return sorted({b for b in breaks if isinstance(b, int) and 0 < b < len(title)})


def title_lines(title: str, breaks=()) -> list[str]:
    """The lines a title is set in: at the editor's breaks when there are
    any, else in balanced lines of at most TITLE_MEASURE characters that
    keep words whole where they can and leave no line shorter than
    MIN_TITLE_LINE characters. A title that cannot be broken so is one
    line, left to wrap where it must.

    The lines are pieces of the title, which they make up together: a space
    where the title breaks opens the line after, where browsers and
    WeasyPrint drop it, so the title reads the same to search engines and
    screen readers."""
    if manual := valid_breaks(title, breaks):
        return pieces(title, manual)
    return list(balanced_title_lines(title))


def pieces(title: str, breaks) -> list[str]:
    return [title[a:b] for a, b in itertools.pairwise([0, *breaks, len(title)])]


def text_width(text: str) -> float:
    """Width in Chinese characters: ASCII takes half a character."""
    return sum(0.5 if char.isascii() else 1 for char in text)


def break_costs(title: str) -> dict[int, int]:
    """Offsets where a line may start, with what breaking there costs."""
    costs = {}
    for offset in range(1, len(title)):
        before, after = title[offset - 1], title[offset]
        if after == " ":
            costs[offset] = FREE  # the next line opens with the space
        elif (
            before == " "
            or after in CLOSING
            or before in OPENING
            or before + after in ("——", "……")
        ):
            continue
        elif before in CLOSING or after in OPENING:
            costs[offset] = FREE
        elif before.isascii() and after.isascii():
            continue  # inside a number or a Latin word
        elif after in BREAK_BEFORE or before in BREAK_AFTER:
            costs[offset] = WORD_EDGE
        else:
            costs[offset] = ANYWHERE
    return costs


@functools.lru_cache(maxsize=4096)
def balanced_title_lines(title: str) -> tuple[str, ...]:
    """The cheapest setting of ``title`` in the fewest lines or up to two
    more (each costs EXTRA_LINE): the sum of squared differences from the
    average line width, plus the cost of each break. Titles are at most
    200 characters and a line holds at most 40, so the search is small;
    the cache spares it on every page view."""
    if text_width(title) <= TITLE_MEASURE:
        return (title,)
    costs = break_costs(title)
    starts = [0, *sorted(costs)]
    fewest = int(-(-text_width(title) // TITLE_MEASURE))
    total = text_width(title.replace(" ", ""))
    # Every possible line, from one start to the next, that fits the rules.
    lines = {}
    for index, start in enumerate(starts):
        for end in [*starts[index + 1 :], len(title)]:
            text = title[start:end].strip()
            if text_width(text) > TITLE_MEASURE:
                break
            if len(text) >= MIN_TITLE_LINE:
                lines[start, end] = text
    settings = []
    for count in range(fewest, fewest + 3):
        target = total / count
        # best[start, n]: (cost, line ends) of title[start:] in n lines.
        best = {}
        for (start, end), text in sorted(lines.items(), reverse=True):
            cost = (text_width(text) - target) ** 2
            if end == len(title):
                best[start, 1] = min(best.get((start, 1), (inf, ())), (cost, (end,)))
                continue
            for n in range(2, count + 1):
                if (end, n - 1) in best:
                    rest_cost, rest = best[end, n - 1]
                    option = (cost + costs[end] + rest_cost, (end, *rest))
                    best[start, n] = min(best.get((start, n), (inf, ())), option)
        if (0, count) in best:
            cost, ends = best[0, count]
            extra = EXTRA_LINE * (count - fewest)
            settings.append((cost + extra, ends[:-1]))
    if not settings:
        return (title,)
    return tuple(pieces(title, min(settings)[1]))

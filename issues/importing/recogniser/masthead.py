"""The masthead of a bulletin and its footer (docs/bulletin-format.md:
#masthead, #numbering, #editors-note, #footer).

From the top: an optional handling mark (内部资料　注意保存), an optional banner
line, the bulletin name (学 习 参 考), the number line (第76期, 2024年第3期（总第58期）,
增刊第1期, 第7-8期, 总第301期), the issuing office and the date, and an optional
editor's note (【编者按】……). The footer (报：/送：/发：, 共印40份, 编辑：…审核：…签发：…) is
left out: the issue's own footer fields and the workflow provide it.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from issues.importing.recogniser.errors import RecogniserError
from issues.importing.recogniser.numbers import CN_NUMBER, find_date, parse_date, to_int
from issues.importing.recogniser.paragraphs import Block
from issues.importing.recogniser.result import Masthead

HANDLING_MARK = re.compile(r"^(?:内部资料|内部参阅|内部刊物|注意保存|仅供参考|[ 　])+$")
CLASSIFIED_MARK = re.compile(r"^[★☆\s]*(?P<mark>绝密|机密|秘密)(?:[★☆\s].*)?$")
N = rf"(?:\d+|[{CN_NUMBER}]+)"
NUMBER_LINE = re.compile(
    rf"^(?:(?P<year>\d{{4}})年)?(?P<kind>增刊|特刊|专刊)?"
    rf"(?:第(?P<number>{N})(?:[-—～~至](?P<to>{N}))?期)?"
    rf"(?:[（(]?总第(?P<total>{N})期[）)]?)?$"
)
KINDS = {"增刊": "supplement", "特刊": "special", "专刊": "special"}
EDITORS_NOTE = re.compile(r"^[【\[［]?\s*编者按\s*[】\]］]?\s*[:：]?\s*(?P<text>.*)$")
OFFICE_SUFFIX = re.compile(
    r"(?:办公室|委员会|领导小组|小组|中心|研究院|学院|大学|学校|委|办|部|厅|局|处|室|院|校|会|组|支部|党组)$"
)
SENTENCE_PUNCTUATION = re.compile(r"[。！？；，、!?;,]")
FOOTER = re.compile(
    r"^(?:报|送|发|抄报|抄送|本期增发|印发)\s*[:：]"
    r"|^[（(]?共印\s*\d+\s*份[）)]?$"
    r"|^(?:编辑|审核|校对|签发|责任编辑)\s*[:：][^。]{0,20}(?:审核|签发)\s*[:：]"
)
MAX_NAME_WIDTH = 16
MAX_BANNER_LENGTH = 50
MAX_OFFICE_LENGTH = 50
MAX_DATE_LENGTH = 20  # 二〇二三年十二月三十一日 and a gap
# The number line sits within the first few blocks, after at most a
# handling mark, a banner and the name.
SEARCH_DEPTH = 5


@dataclass
class MastheadResult:
    masthead: Masthead | None
    blocks: list[Block]
    dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def is_footer(line: str) -> bool:
    """报：… 送：… 发：… · （共印40份） · 编辑：张三 审核：李四 签发：王五."""
    return FOOTER.match(line) is not None


def refuse_classified(blocks: list[Block]) -> None:
    """This system holds non-classified material only
    (docs/bulletin-format.md#handling-marks)."""
    for block in blocks[:3]:
        match = CLASSIFIED_MARK.match(block.text)
        if match:
            raise RecogniserError(
                _(
                    "The text carries the classification mark “%(mark)s”. This "
                    "system holds non-classified material only; it was not imported."
                )
                % {"mark": match.group("mark")}
            )


def take_masthead(blocks: list[Block]) -> MastheadResult:
    """The masthead at the top of ``blocks`` (if there is one) and the
    blocks after it."""
    refuse_classified(blocks)
    start = 0
    marks = []
    while start < len(blocks) and HANDLING_MARK.match(blocks[start].text):
        marks.append(blocks[start].text)
        start += 1
    found = find_number_line(blocks, start)
    if found is None:
        return MastheadResult(None, blocks)
    position, number_match, name = found
    masthead = Masthead(lines=[block.text for block in blocks[: position + 1]])
    notes = read_number(number_match, masthead)
    if name is None:
        masthead.name = squeeze(blocks[position - 1].text)
        before = position - 1
    else:
        masthead.name = name
        before = position
    if before - start == 1 and is_banner(blocks[start].text):
        masthead.banner = blocks[start].text
    elif before != start:
        return MastheadResult(None, blocks)
    rest = blocks[position + 1 :]
    rest = read_office_and_date(rest, masthead)
    rest = read_editors_note(rest, masthead)
    if marks:
        notes.append(
            _("The handling mark “%(mark)s” was left out: set it on the series.")
            % {"mark": "　".join(marks)}
        )
    # The bulletin name or handling mark repeated at the top of later pages.
    headers = {masthead.name, *marks}
    kept = [block for block in rest if squeeze(block.text) not in headers]
    dropped = [block.text for block in rest if squeeze(block.text) in headers]
    return MastheadResult(masthead, kept, dropped, notes)


def find_number_line(blocks, start):
    """(index, match, name) of the number line; ``name`` is set when the
    bulletin name shares the line (学习参考　第76期)."""
    for index in range(start, min(start + SEARCH_DEPTH, len(blocks))):
        text = blocks[index].text.replace(" ", "")
        match = NUMBER_LINE.match(text)
        if match and any(match.group(key) for key in ("kind", "number", "total")):
            if index > start and is_name(blocks[index - 1].text):
                return index, match, None
            continue
        head, _gap, tail = blocks[index].text.rpartition(" ")
        head = head.strip()
        match = NUMBER_LINE.match(tail)
        if head and match and match.group("number") and is_name(head):
            return index, match, squeeze(head)
    return None


def read_number(match: re.Match, masthead: Masthead) -> list[str]:
    notes = []
    masthead.kind = KINDS.get(match.group("kind") or "", "regular")
    if match.group("number"):
        masthead.number = to_int(match.group("number"))
    if match.group("total"):
        masthead.total_number = to_int(match.group("total"))
    if match.group("to"):
        masthead.number_last = to_int(match.group("to"))
        notes.append(
            _(
                "Combined issue %(first)s–%(last)s: the number was recorded as "
                "%(first)s."
            )
            % {"first": masthead.number, "last": to_int(match.group("to"))}
        )
    if masthead.number is None and masthead.total_number:
        notes.append(_("Only a running total was printed; the number was left empty."))
    return notes


def read_office_and_date(blocks: list[Block], masthead: Masthead) -> list[Block]:
    """The issuing office and the date, on one line (office, a gap, date) or
    on two."""
    taken = 0
    for block in blocks[:2]:
        text = block.text
        day = parse_date(text)
        if day and not masthead.date:
            masthead.date = day
        elif not masthead.office and not masthead.date and is_office_line(text):
            found = find_date(text)
            if found and text.endswith(found[1].group()):
                masthead.office = text[: found[1].start()].strip()
                masthead.date = found[0]
            elif is_office(text, blocks[taken + 1 : taken + 2]):
                masthead.office = text
            else:
                break
        else:
            break
        masthead.lines.append(text)
        taken += 1
    return blocks[taken:]


def read_editors_note(blocks: list[Block], masthead: Masthead) -> list[Block]:
    match = EDITORS_NOTE.match(blocks[0].text) if blocks else None
    if match is None:
        return blocks
    masthead.lines.append(blocks[0].text)
    text, taken = match.group("text"), 1
    if not text and len(blocks) > 1:
        # The marker stood on a line of its own.
        masthead.lines.append(blocks[1].text)
        text, taken = blocks[1].text, 2
    masthead.editors_note = text
    return blocks[taken:]


def squeeze(text: str) -> str:
    """学 习 参 考 → 学习参考: letter-spacing, not words."""
    return text.replace(" ", "") if re.fullmatch(r"\S( \S)+", text) else text


def is_name(text: str) -> bool:
    name = squeeze(text)
    return len(name) <= MAX_NAME_WIDTH and not SENTENCE_PUNCTUATION.search(name)


def is_banner(text: str) -> bool:
    return len(text) <= MAX_BANNER_LENGTH and not SENTENCE_PUNCTUATION.search(text)


def is_office_line(text: str) -> bool:
    return len(text) <= MAX_OFFICE_LENGTH + 20 and not SENTENCE_PUNCTUATION.search(text)


def is_office(text: str, following: list[Block]) -> bool:
    """An office line is followed by the date, or ends like an office name:
    otherwise it is the first title."""
    if len(text) > MAX_OFFICE_LENGTH:
        return False
    return bool(OFFICE_SUFFIX.search(text)) or bool(
        following and parse_date(following[0].text)
    )

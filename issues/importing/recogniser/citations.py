"""Citation lines: where a reprinted article comes from
(docs/bulletin-format.md#citation-lines).

选自《北京日报》（2023年7月23日第1版） · （来源：《人民日报》2023年07月23日 第01版） ·
《 人民日报 》（ 2023年07月23日 01 版） · 来源：《求是》2023/14 · 摘自《中国纪检监察报》2023.7.21 ·
来源：人民网－人民日报 · 转自：学习强国. A line is a citation only as a whole: a body
sentence that mentions 《人民日报》 is not, nor 资料来源：… under a chart, nor
来源于群众.
"""

import datetime
import re
from dataclasses import dataclass

from issues.importing.recogniser.numbers import parse_date, to_int

# Longest first, so that 节选自 is not read as 选自 with a stray 节.
VERBS = (
    "节选自|摘编自|选自|摘自|原载于|原载|刊于|刊载于|转载自|转载于|转自"
    "|文章来源|稿件来源|本文来源|信息来源|来源|出处"
)
# These name a source only when a colon follows: 来源于群众 is a sentence.
COLON_VERBS = {"文章来源", "稿件来源", "本文来源", "信息来源", "来源", "出处"}
CITATION = re.compile(
    rf"^(?:——\s*)?[（(【\[]?\s*(?:(?P<verb>{VERBS})\s*(?P<colon>[:：])?\s*)?"
    r"(?:《\s*(?P<name>[^《》\n]{1,40}?)\s*》|(?P<bare>[^\s《》（）()【】\[\]，。；：:,;]{2,30}))"
    r"(?P<details>.*?)[。.]?$"
)
DATE = r"\d{4}年\d{1,2}月\d{1,2}日|\d{4}[-./]\d{1,2}[-./]\d{1,2}"
CN_PAGE = "一二三四五六七八九十"
DETAILS = re.compile(
    rf"^(?P<date>{DATE})?"
    rf"(?:第?(?P<page>[A-Za-z]?\d{{1,3}}|[{CN_PAGE}]{{1,3}})版)?"
    r"(?:(?P<year>\d{4})(?:年第|/)(?P<issue>\d{1,3})期?)?"
    rf"(?P<volume>第[{CN_PAGE}\d]{{1,3}}[卷册辑])?"
    r"(?P<url>https?://\S+)?$"
)
MAX_LENGTH = 120
MAX_PAGE_LENGTH = 30  # Article.source_page


@dataclass(frozen=True)
class Citation:
    text: str
    name: str
    date: datetime.date | None = None
    page: str = ""
    url: str = ""


def parse_citation(line: str) -> Citation | None:
    """The source named by a citation line, or None if the line is not one."""
    text = line.strip()
    if len(text) > MAX_LENGTH:
        return None
    match = CITATION.match(text)
    if match is None:
        return None
    verb, name = match.group("verb"), match.group("name")
    if verb in COLON_VERBS and not match.group("colon"):
        return None
    if name is None and verb is None:
        return None
    details = parse_details(match.group("details"))
    if details is None:
        return None
    day, page, url = details
    if (verb is None and not (day or page)) or len(page) > MAX_PAGE_LENGTH:
        # 《人民日报》 alone on a line could be anything; with a date it is
        # the conventional short citation.
        return None
    name = name if name is not None else match.group("bare")
    return Citation(text, " ".join(name.split()), day, page, url)


def parse_details(details: str) -> tuple[datetime.date | None, str, str] | None:
    """Date, page (or magazine issue) and address after the source name."""
    url = ""
    found = re.search(r"https?://\S+", details)
    if found:
        url = found.group().rstrip("）)】]。")
        details = details.replace(found.group(), "")
    compact = re.sub(r"[\s（）()【】\[\]，,、]", "", details)
    match = DETAILS.match(compact)
    if match is None:
        return None
    day = parse_date(match.group("date")) if match.group("date") else None
    if match.group("date") and day is None:
        return None
    page = ""
    if match.group("page"):
        page = page_label(match.group("page"))
    elif match.group("issue"):
        # A magazine has issues, not pages: 《求是》2023年第14期.
        page = f"{match.group('year')}年第{int(match.group('issue'))}期"
    elif match.group("volume"):
        page = match.group("volume")
    return day, page, url


def page_label(raw: str) -> str:
    """01 → 第1版, a3 → 第A3版, 一 → 第1版."""
    letter = raw[0].upper() if raw[0].isascii() and raw[0].isalpha() else ""
    digits = raw[1:] if letter else raw
    return f"第{letter}{to_int(digits)}版"

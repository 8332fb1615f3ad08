"""Bylines, datelines and trailer lines
(docs/bulletin-format.md#bylines-and-datelines).

A dateline opens the first paragraph (本报讯（记者 祁梦竹）7月21日……,
新华社北京7月4日电  ……); a byline may also stand on its own line (本报记者 祁梦竹,
新华社记者 张三 李四, 作者：王某). Neither may swallow a sentence: 本报记者调查发现，……
and 22日下午，…… are text. Trailer lines (（责编：王某）, 责任编辑：王某) close an
article but are not part of it.
"""

import re

ROLES = "特约记者|实习记者|见习记者|摄影记者|记者|通讯员|实习生|摄影"
AGENCY = (
    r"本报|本刊|本台|新华社|中新社|人民网|新华网|央视网|央广网|中国新闻网"
    r"|[\u4e00-\u9fff]{2,10}?(?:日报|晚报|报|社|网|台)"
)
NAME = r"[\u4e00-\u9fff][\u4e00-\u9fff·]{1,7}"
NAMES = rf"{NAME}(?:[ 、，,]+{NAME})*"
CREDIT = rf"[（(](?:{ROLES})[^（）()\n]{{1,60}}?[）)]"
DATELINE = re.compile(
    rf"^(?P<byline>(?:据)?(?:{AGENCY})"
    rf"(?:讯(?![息号问])|[\u4e00-\u9fff]{{0,10}}?\d{{1,2}}月\d{{1,2}}日电)(?:\s*{CREDIT})?)"
    r"\s*(?P<rest>.*)$",
    re.DOTALL,
)
OWN_LINE = (
    re.compile(rf"^(?:(?:{AGENCY})?(?:{ROLES})\s*{NAMES}\s*)+$"),
    re.compile(
        rf"^(?:作者|撰文|文)\s*[:：/／]?\s*{NAMES}(?:\s*[（(][^（）()]{{1,40}}[）)])?$"
    ),
)
TRAILER = re.compile(
    r"^[（(](?:责编|责任编辑|编辑|作者系|作者为|作者单位|完)[^（）()]{0,60}[）)]$"
    r"|^(?:责任编辑|责编)[:：].{1,40}$"
)


def split_dateline(paragraph: str) -> tuple[str, str] | None:
    """(byline, rest of the paragraph) when the paragraph opens with a
    dateline such as 本报讯（记者 祁梦竹）."""
    match = DATELINE.match(paragraph)
    if match is None:
        return None
    return match.group("byline"), match.group("rest").strip()


def is_own_line_byline(line: str) -> bool:
    """本报记者 祁梦竹 · 新华社记者 张三 李四 · 作者：王某."""
    return any(pattern.match(line) for pattern in OWN_LINE)


def is_byline(line: str) -> bool:
    return is_own_line_byline(line) or split_dateline(line) is not None


def is_trailer(line: str) -> bool:
    """（责编：王某） · （作者系中央党校教授） · 责任编辑：王某."""
    return TRAILER.match(line) is not None

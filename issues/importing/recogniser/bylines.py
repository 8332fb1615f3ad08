"""Bylines, datelines and trailer lines
(docs/bulletin-format.md#bylines-and-datelines).

What a byline or a dateline looks like is ``articles.text``'s, shared with
the templates that set them; this module adds what only an import meets.
Trailer lines (（责编：王某）, 责任编辑：王某) close an article but are not part
of it.
"""

import re

from articles.text import is_own_line_byline, split_dateline

TRAILER = re.compile(
    r"^[（(](?:责编|责任编辑|编辑|作者系|作者为|作者单位|完)[^（）()]{0,60}[）)]$"
    r"|^(?:责任编辑|责编)[:：].{1,40}$"
)


def is_byline(line: str) -> bool:
    return is_own_line_byline(line) or split_dateline(line) is not None


def is_trailer(line: str) -> bool:
    """（责编：王某） · （作者系中央党校教授） · 责任编辑：王某."""
    return TRAILER.match(line) is not None

"""Numbers and dates as Chinese documents print them: 76, 七十六, 〇一;
2023年7月23日, 二〇二三年七月二十三日, 2023-07-23, 2023.7.21, 2023/7/21."""

import re
from datetime import date

DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3}
DIGITS |= {"四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100}
CN_NUMBER = "〇零○Ｏ一二两三四五六七八九十百"
NUMBER = rf"\d+|[{CN_NUMBER}]+"

DATE_PATTERNS = (
    re.compile(
        rf"(?P<y>\d{{4}}|[{CN_NUMBER}]{{4}})\s*年\s*(?P<m>{NUMBER})\s*月\s*(?P<d>{NUMBER})\s*日"
    ),
    re.compile(r"(?P<y>\d{4})(?P<sep>[-./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"),
)


def to_int(text: str) -> int | None:
    """76 → 76; 七十六 → 76; 二〇二三 → 2023; anything else → None."""
    if text.isdigit():
        return int(text)
    if not text or any(char not in DIGITS and char not in UNITS for char in text):
        return None
    if not any(char in UNITS for char in text):
        # Digit by digit, as years are written: 二〇二三.
        return int("".join(str(DIGITS[char]) for char in text))
    total, current = 0, 0
    for char in text:
        if char in DIGITS:
            current = DIGITS[char]
        else:
            total += (current or 1) * UNITS[char]
            current = 0
    return total + current


def find_date(text: str) -> tuple[date, re.Match] | None:
    """The first valid date in ``text`` and where it stands."""
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            parts = [to_int(match.group(name)) for name in ("y", "m", "d")]
            try:
                return date(*parts), match
            except (TypeError, ValueError):
                continue
    return None


def parse_date(text: str) -> date | None:
    """A date that makes up the whole of ``text`` (spaces aside)."""
    found = find_date(text)
    if found and not text.replace(found[1].group(), "").strip():
        return found[0]
    return None

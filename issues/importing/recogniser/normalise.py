"""Character-level clean-up of text from PDFs, Word and web pages.

As docs/bulletin-format.md#character-clean-up sets out: NFC (never NFKC,
which would turn ，（）： into ASCII); full-width digits and letters to ASCII;
no BOM, zero-width or bidi control characters; dash, ellipsis and
middle-dot variants unified; the single spaces PDFs put between Chinese and
digits or Latin letters removed, spaces between Chinese characters kept.
Leading whitespace is left alone: it tells the paragraph rules where a
paragraph starts.
"""

import re
import unicodedata

PAGE_BREAK = "\f"

# Ideographs and the punctuation that sits with them; a space next to one of
# these and a digit or Latin letter is an artefact of extraction.
CJK = (
    "\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201d\u2026"
)
CJK_CHAR = re.compile(f"[{CJK}]")
IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Soft hyphen, zero-width characters, and the bidi marks, embeddings,
# overrides and isolates: the same set Article.clean strips on save
# (articles.text.INVISIBLE), so the preview shows the text that will be
# stored, never one that reads differently.
_INVISIBLE = "\u00ad\ufeff" + "".join(
    map(chr, [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x206A)])
)
_LINE_BREAKS = "\v\x85\u2028\u2029"
_CHARACTERS = {
    **{ord(char): None for char in _INVISIBLE},
    **{ord(char): "\n" for char in _LINE_BREAKS},
    # Full-width digits and letters (U+FF10–FF19, FF21–FF3A, FF41–FF5A).
    **{code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)},
    **{code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)},
    **{code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)},
    **{ord(char): "·" for char in "•・‧･"},
    # Other control characters are invisible in every editor: make them
    # spaces rather than let them reach the database.
    **dict.fromkeys([*range(0, 9), *range(14, 32), 127], " "),
    0x0B: "\n",
    0x0C: "\n" + PAGE_BREAK + "\n",
}
# Runs of spaces (any width) inside a line; two or more, or a tab, are a
# layout gap (office name ... date) and stay visible as two spaces.
SPACE_RUN = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
SPACE = " \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# (A web address keeps the space before it.)
CJK_SPACE_ALNUM = re.compile(
    f"(?<=[{CJK}]) (?=[0-9A-Za-z])(?!https?://)|(?<=[0-9A-Za-z]) (?=[{CJK}])"
)
DASH_RUN = re.compile(r"[—―─━–－-]{2,}")
LONE_DASH = re.compile(
    f"(?<=[{CJK}])[—―](?=[^\\s\\d—―])|(?<=[^\\s\\d—―])[—―](?=[{CJK}])"
)
RULE_LINE = re.compile(r"^[\s—―─━–－\-_=＝*·.]+$")
ELLIPSIS = re.compile(r"\.{3,}|。{3,}|…+")


def normalise(text: str) -> str:
    """The text with line ends, characters and inner spacing made uniform."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CHARACTERS)
    text = unicodedata.normalize("NFC", text)
    return "\n".join(normalise_line(line) for line in text.split("\n"))


def normalise_line(line: str) -> str:
    body = line.lstrip(SPACE)
    indent = line[: len(line) - len(body)]
    body = body.rstrip(SPACE)
    if not body or RULE_LINE.match(body):
        # Rules (━━━, ———) are page furniture; leave them for the paragraph
        # rules to drop whole.
        return indent + body
    body = SPACE_RUN.sub(
        lambda run: " " if len(run.group()) == 1 and run.group() != "\t" else "  ",
        body,
    )
    body = CJK_SPACE_ALNUM.sub("", body)
    body = DASH_RUN.sub("——", body)
    body = LONE_DASH.sub("——", body)
    body = ELLIPSIS.sub("……", body)
    return indent + body


def visual_width(text: str) -> float:
    """How wide a line prints: CJK and full-width characters count 1, ASCII
    ½ (docs/bulletin-format.md#one-visual-line-per-line), leading
    indentation included."""
    return sum(
        0.5 if ord(char) < 0x2E80 and unicodedata.east_asian_width(char) in "NaH" else 1
        for char in text
    )


def has_chinese(text: str) -> bool:
    return IDEOGRAPH.search(text) is not None

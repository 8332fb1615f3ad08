"""Character-level differences of Chinese text, paragraph by paragraph.

Chinese has no spaces, so a diff by words marks whole sentences; this one
aligns paragraphs first, then compares paired paragraphs character by
character. The result is plain data (segments of text with an operation):
templates escape every segment, so no text can become markup.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from articles.text import split_paragraphs

EQUAL, INSERT, DELETE = "equal", "insert", "delete"


@dataclass(frozen=True)
class Segment:
    text: str
    op: str = EQUAL


@dataclass
class ParagraphDiff:
    """One paragraph on each side; a side is empty when it was added or
    removed. ``old`` and ``new`` are the segments to show on each side."""

    old: list[Segment] = field(default_factory=list)
    new: list[Segment] = field(default_factory=list)
    status: str = EQUAL  # equal, changed, added, removed


def diff_chars(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """Both sides of a character diff: deletions marked on the old side,
    insertions on the new side."""
    left, right = [], []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.append(Segment(old[i1:i2]))
            right.append(Segment(new[j1:j2]))
            continue
        if i2 > i1:
            left.append(Segment(old[i1:i2], DELETE))
        if j2 > j1:
            right.append(Segment(new[j1:j2], INSERT))
    return left, right


def diff_paragraphs(old: list[str], new: list[str]) -> list[ParagraphDiff]:
    """Align two lists of paragraphs and diff the pairs."""
    result = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            result.extend(ParagraphDiff([Segment(p)], [Segment(p)]) for p in old[i1:i2])
            continue
        pairs = min(i2 - i1, j2 - j1)
        for offset in range(pairs):
            left, right = diff_chars(old[i1 + offset], new[j1 + offset])
            result.append(ParagraphDiff(left, right, "changed"))
        result.extend(
            ParagraphDiff(old=[Segment(p, DELETE)], status="removed")
            for p in old[i1 + pairs : i2]
        )
        result.extend(
            ParagraphDiff(new=[Segment(p, INSERT)], status="added")
            for p in new[j1 + pairs : j2]
        )
    return result


def diff_text(old: str, new: str) -> list[ParagraphDiff]:
    """Paragraph-aligned character diff of two texts."""
    return diff_paragraphs(split_paragraphs(old or ""), split_paragraphs(new or ""))


def is_changed(paragraphs: list[ParagraphDiff]) -> bool:
    return any(paragraph.status != EQUAL for paragraph in paragraphs)

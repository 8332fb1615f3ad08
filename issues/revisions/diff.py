"""Character-level differences of Chinese text, paragraph by paragraph.

Chinese has no spaces, so a diff by words marks whole sentences; this one
aligns paragraphs first, then compares paired paragraphs character by
character. The result is plain data (segments of text with an operation):
templates escape every segment, so no text can become markup.

SequenceMatcher is quadratic and worse (two paragraphs of a thousand
characters from a small alphabet can take half a minute), so each
comparison has a budget of work. A paragraph pair the budget cannot afford is compared
sentence by sentence, and a list of paragraphs it cannot align (or too long
to show row by row) is compared only at its ends: whole sentences or
paragraphs are marked, never a wrong difference.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import accumulate, repeat

from articles.text import split_paragraphs

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
# How finely a paragraph was compared, finest first.
CHARACTERS, SENTENCES, PARAGRAPHS = "characters", "sentences", "paragraphs"
GRANULARITY = (CHARACTERS, SENTENCES, PARAGRAPHS)

# Units of SequenceMatcher work (elements read, candidate matches tried) for
# one comparison of two versions, all fields and articles together: about
# half a second at worst on a busy two-core server, some fifty times what a
# whole ordinary issue needs.
WORK_BUDGET = 1_000_000
# Paragraphs of a field, both sides together, that are shown row by row:
# thousands of rows are unreadable and slow to build and render.
MAX_ROWS = 2_000

# A sentence ends at 。！？； and keeps its closing quotes and brackets.
SENTENCE = re.compile(r".*?(?:[。！？；]+[”’」』）]*|$)", re.DOTALL)


@dataclass(frozen=True)
class Segment:
    text: str
    op: str = EQUAL


@dataclass
class ParagraphDiff:
    """One paragraph on each side; a side is empty when it was added or
    removed. ``old`` and ``new`` are the segments to show on each side;
    ``compared_by`` says how finely they were told apart."""

    old: list[Segment] = field(default_factory=list)
    new: list[Segment] = field(default_factory=list)
    status: str = EQUAL  # equal, changed, added, removed
    compared_by: str = CHARACTERS


class Budget:
    """The work one comparison may still do, shared by all its diffs."""

    def __init__(self, units: int = WORK_BUDGET):
        self.left = units

    def spend(self, units: int) -> bool:
        if units > self.left:
            return False
        self.left -= units
        return True


class OverBudget(Exception):
    pass


class BoundedMatcher(SequenceMatcher):
    """A SequenceMatcher that pays for each search for a longest match
    before making it, and stops when the budget cannot pay."""

    def __init__(self, a, b, budget: Budget):
        super().__init__(None, a, b, autojunk=False)
        self.budget = budget
        # A search over a[i:j] reads each element once and tries at most
        # every place in b where it occurs: j - i + tries[j] - tries[i].
        places = map(self.b2j.get, a, repeat(()))
        self.tries = list(accumulate(map(len, places), initial=0))

    def find_longest_match(self, alo, ahi, blo, bhi):
        cost = ahi - alo + self.tries[ahi] - self.tries[alo]
        if not self.budget.spend(cost):
            raise OverBudget
        return super().find_longest_match(alo, ahi, blo, bhi)


def opcodes(a, b, budget: Budget) -> list[tuple] | None:
    """SequenceMatcher's opcodes, or None when the budget cannot pay."""
    if not budget.spend(len(a) + len(b)):  # indexing both sequences
        return None
    try:
        return BoundedMatcher(a, b, budget).get_opcodes()
    except OverBudget:
        return None


def ends_opcodes(a, b) -> list[tuple]:
    """Linear-time opcodes: the common start and end are equal, everything
    between them is replaced."""
    limit = min(len(a), len(b))
    start = 0
    while start < limit and a[start] == b[start]:
        start += 1
    end = 0
    while end < limit - start and a[-1 - end] == b[-1 - end]:
        end += 1
    codes = [("equal", 0, start, 0, start)] if start else []
    if start < len(a) - end or start < len(b) - end:
        codes.append(("replace", start, len(a) - end, start, len(b) - end))
    if end:
        codes.append(("equal", len(a) - end, len(a), len(b) - end, len(b)))
    return codes


def split_sentences(paragraph: str) -> list[str]:
    return [sentence for sentence in SENTENCE.findall(paragraph) if sentence]


def diff_chars(
    old: str, new: str, budget: Budget
) -> tuple[list[Segment], list[Segment], str]:
    """Both sides of a diff, deletions marked on the old side, insertions on
    the new side, and how finely they were compared: by character if the
    budget allows, else by sentence."""
    codes = opcodes(old, new, budget)
    if codes is not None:
        return *_segments(old, new, codes), CHARACTERS
    before, after = split_sentences(old), split_sentences(new)
    codes = opcodes(before, after, budget)
    if codes is None:
        codes = ends_opcodes(before, after)
    left, right = _segments(before, after, codes)
    return left, right, SENTENCES


def _segments(old, new, codes) -> tuple[list[Segment], list[Segment]]:
    left, right = [], []
    for op, i1, i2, j1, j2 in codes:
        if op == "equal":
            left.append(Segment("".join(old[i1:i2])))
            right.append(Segment("".join(new[j1:j2])))
            continue
        if i2 > i1:
            left.append(Segment("".join(old[i1:i2]), DELETE))
        if j2 > j1:
            right.append(Segment("".join(new[j1:j2]), INSERT))
    return left, right


def diff_paragraphs(
    old: list[str], new: list[str], budget: Budget
) -> list[ParagraphDiff]:
    """Align two lists of paragraphs and diff the pairs."""
    codes = opcodes(old, new, budget) if len(old) + len(new) <= MAX_ROWS else None
    if codes is None:
        return diff_ends(old, new)
    result = []
    for op, i1, i2, j1, j2 in codes:
        if op == "equal":
            result.extend(ParagraphDiff([Segment(p)], [Segment(p)]) for p in old[i1:i2])
            continue
        pairs = min(i2 - i1, j2 - j1)
        for offset in range(pairs):
            left, right, by = diff_chars(old[i1 + offset], new[j1 + offset], budget)
            result.append(ParagraphDiff(left, right, "changed", by))
        result.extend(
            ParagraphDiff(old=[Segment(p, DELETE)], status="removed")
            for p in old[i1 + pairs : i2]
        )
        result.extend(
            ParagraphDiff(new=[Segment(p, INSERT)], status="added")
            for p in new[j1 + pairs : j2]
        )
    return result


def diff_ends(old: list[str], new: list[str]) -> list[ParagraphDiff]:
    """Paragraphs too many to align or to show: the common first and last
    ones are equal, and all those between them changed, as one block each
    side."""
    result = []
    for op, i1, i2, j1, j2 in ends_opcodes(old, new):
        before, after = "\n".join(old[i1:i2]), "\n".join(new[j1:j2])
        if op == "equal":
            result.append(
                ParagraphDiff([Segment(before)], [Segment(after)], EQUAL, PARAGRAPHS)
            )
            continue
        status = "changed" if before and after else "removed" if before else "added"
        result.append(
            ParagraphDiff(
                [Segment(before, DELETE)] if before else [],
                [Segment(after, INSERT)] if after else [],
                status,
                PARAGRAPHS,
            )
        )
    return result


def diff_text(old: str, new: str, budget: Budget | None = None) -> list[ParagraphDiff]:
    """Paragraph-aligned character diff of two texts, within ``budget`` (a
    fresh one if none is given)."""
    return diff_paragraphs(
        split_paragraphs(old or ""),
        split_paragraphs(new or ""),
        Budget() if budget is None else budget,
    )


def is_changed(paragraphs: list[ParagraphDiff]) -> bool:
    return any(paragraph.status != EQUAL for paragraph in paragraphs)


def coarsest(paragraphs: list[ParagraphDiff]) -> str:
    """How finely the least finely compared paragraph was compared."""
    return max(
        (paragraph.compared_by for paragraph in paragraphs),
        key=GRANULARITY.index,
        default=CHARACTERS,
    )

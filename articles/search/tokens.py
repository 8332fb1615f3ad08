"""Chinese text as search tokens: overlapping character bigrams.

Chinese has no spaces and most words are two characters, so every
overlapping pair of characters in a run of Chinese text is a token
(东西部协作 → 东西 西部 部协 协作), and a query of any length is the phrase of
its own bigrams. Unlike word segmentation this never misses an occurrence
(京蒙 inside 将京蒙协作) and, matched as a phrase, never finds what is not
there. The last character of each run is a token of its own too, so that a
single-character query finds every occurrence as a prefix: each character is
either the first of a bigram or the last of its run. Runs of letters and
runs of digits are whole lower-case tokens (5G is 5 and g), so a number is
found beside letters (2023 in G2023).
"""

import re
from dataclasses import dataclass

CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
TOKEN_RUNS = re.compile(rf"(?P<cjk>[{CJK}]+)|(?P<word>(?:(?![{CJK}])[^\W\d_])+|\d+)")

# Full-width letters and digits (ＡＢＣ１２３) and the ideographic space read as
# their ASCII forms. One character for one, so positions in a folded text
# are positions in the original.
FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF5B)}
FULL_WIDTH[0x3000] = 0x20


def fold(text: str) -> str:
    """The text as tokens see it: full-width forms narrowed, lower case,
    still one character for one."""
    text = text.translate(FULL_WIDTH)
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few letters lower to two characters (İ → i̇): those stay as they are.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclass(frozen=True)
class Run:
    text: str
    cjk: bool
    start: int
    end: int


def runs(text: str) -> list[Run]:
    return [
        Run(m.group(), m.lastgroup == "cjk", m.start(), m.end())
        for m in TOKEN_RUNS.finditer(fold(text))
    ]


def run_tokens(run: Run) -> list[str]:
    if not run.cjk:
        return [run.text]
    chars = run.text
    return [chars[i : i + 2] for i in range(len(chars) - 1)] + [chars[-1]]


def run_list_tokens(text_runs: list[Run]) -> list[str]:
    """Each run's tokens; between two runs that touch (5G, 2023年), a token
    of the two characters that meet (5g, 3年), so that 5G is not found in
    "5 G" nor 2023年 in "2023，年"."""
    found = []
    for i, run in enumerate(text_runs):
        if i and text_runs[i - 1].end == run.start:
            found.append(text_runs[i - 1].text[-1] + run.text[0])
        found.extend(run_tokens(run))
    return found


def tokenize(text: str) -> list[str]:
    """The tokens of a document, in order."""
    return run_list_tokens(runs(text))


def phrase(text: str) -> tuple[list[str], bool]:
    """The tokens a document must hold in a row to contain ``text``, and
    whether the last one is a prefix.

    A document's run may go on past the end of the query's last run, so the
    query's last character alone (or its last Latin word) only starts a
    token there; a run of two or more characters ends with its last bigram.
    """
    query_runs = runs(text)
    tokens = run_list_tokens(query_runs)
    if not tokens:
        return [], False
    last = query_runs[-1]
    if last.cjk and len(last.text) > 1:
        return tokens[:-1], False
    return tokens, True


def pieces(text: str) -> list[str]:
    """The searchable stretches of ``text``: touching runs joined, anything
    else between them left out."""
    text_runs, joined = runs(text), []
    for i, run in enumerate(text_runs):
        if i and text_runs[i - 1].end == run.start:
            joined[-1] += run.text
        else:
            joined.append(run.text)
    return joined

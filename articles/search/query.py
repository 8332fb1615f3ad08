"""What a reader typed, as terms every result must contain.

Words separated by spaces must all occur, anywhere; a quoted phrase
("乡村 振兴", “乡村 振兴” or 「乡村 振兴」) must occur as written. Punctuation
is not searchable and separates runs like a space does.
"""

import re
from dataclasses import dataclass

from articles.search import tokens

MAX_LENGTH = 200
MAX_TERMS = 10

QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』')


@dataclass(frozen=True)
class Term:
    text: str
    tokens: tuple[str, ...]
    prefix: bool

    @property
    def needles(self) -> list[str]:
        """The searchable pieces of the term, for highlighting."""
        return tokens.pieces(self.text)


def term(text: str) -> Term | None:
    phrase, prefix = tokens.phrase(text)
    if not phrase:
        return None
    return Term(text=text.strip(), tokens=tuple(phrase), prefix=prefix)


def parse(text: str) -> list[Term]:
    """The terms of a query, duplicates dropped, at most MAX_TERMS."""
    pieces = []

    def quoted(match):
        pieces.append(next(group for group in match.groups() if group is not None))
        return " "

    rest = QUOTED.sub(quoted, tokens.fold(text))
    pieces.extend(rest.split())
    terms = []
    for piece in pieces:
        found = term(piece)
        if found and found not in terms:
            terms.append(found)
    return terms[:MAX_TERMS]

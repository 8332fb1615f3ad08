"""Matched words marked in titles and excerpts.

PostgreSQL's ts_headline sees a run of Chinese as one word, so excerpts are
cut here: find the words, escape every piece of text, then wrap the matches
in <mark>. Nothing of the text itself is ever trusted as markup.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.search.query import Term
from articles.search.tokens import fold

ELLIPSIS = "…"


def spans(text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Where the words of the terms occur, merged where they overlap."""
    folded = fold(text)
    found = []
    for needle in {needle for term in terms for needle in term.needles}:
        start = folded.find(needle)
        while start != -1:
            found.append((start, start + len(needle)))
            start = folded.find(needle, start + 1)
    merged = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: list[Term]) -> SafeString:
    """The text, escaped, with every match marked."""
    return marked(text, spans(text, terms), 0, len(text))


def excerpt(text: str, terms: list[Term], width: int = 120) -> SafeString:
    """About ``width`` characters around the first match, marked."""
    text = " ".join(text.split())
    found = spans(text, terms)
    start = max(0, found[0][0] - width // 4) if found else 0
    end = min(len(text), start + width)
    before = ELLIPSIS if start > 0 else ""
    after = ELLIPSIS if end < len(text) else ""
    return mark_safe(f"{before}{marked(text, found, start, end)}{after}")


def marked(text: str, found: list[tuple[int, int]], start: int, end: int) -> str:
    """text[start:end], escaped, with the spans found in it marked."""
    pieces, position = [], start
    for span_start, span_end in found:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        pieces.append(escape(text[position:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(escape(text[position:end]))
    return mark_safe("".join(pieces))

"""The recogniser's entry point: text in, a ``Recognised`` structure out.

normalise → blocks (page furniture out) → masthead → articles → per article:
title, byline, paragraphs (repaired), citation. Every rule lives in its own
module and is tested on its own; this module only puts them in order and
turns their findings into notes for the editor.
"""

from django.utils.translation import gettext as _

from issues.importing.recogniser.errors import RecogniserError
from issues.importing.recogniser.masthead import take_masthead
from issues.importing.recogniser.normalise import has_chinese, normalise
from issues.importing.recogniser.paragraphs import repair, to_blocks
from issues.importing.recogniser.result import Article, Note, Recognised, SourceRef
from issues.importing.recogniser.splitting import Draft, headline, split_articles

# How much of the dropped text a note quotes.
QUOTED_DROPS = 5


def recognise(text: str) -> Recognised:
    """Recognise a bulletin or articles in ``text``; raise RecogniserError
    with a message for the user when there is nothing to import."""
    text = normalise(text)
    if not text.strip():
        raise RecogniserError(_("The text is empty."))
    if not has_chinese(text):
        raise RecogniserError(
            _("No article was recognised: the text contains no Chinese.")
        )
    blocks, dropped = to_blocks(text)
    found = take_masthead(blocks)
    drafts, trailers = split_articles(found.blocks)
    dropped += found.dropped + trailers
    notes = [Note(message, field="issue") for message in found.notes]
    articles = []
    for index, draft in enumerate(drafts):
        article, article_notes = build(draft)
        articles.append(article)
        notes += [Note(message, index, name) for name, message in article_notes]
    if not any(article.paragraphs for article in articles):
        raise RecogniserError(
            _("No article was recognised: the text has no body paragraphs.")
        )
    if dropped:
        notes.append(
            Note(
                _(
                    "Left out %(count)d lines of page numbers, headers or footers: %(lines)s"
                )
                % {
                    "count": len(dropped),
                    "lines": "；".join(dropped[:QUOTED_DROPS])
                    + ("……" if len(dropped) > QUOTED_DROPS else ""),
                }
            )
        )
    return Recognised(found.masthead, articles, notes, dropped)


def build(draft: Draft) -> tuple[Article, list[tuple[str, str]]]:
    """An article from a draft, with (field, message) notes."""
    title, subtitle, title_notes = headline(draft.titles)
    notes = [("title", message) for message in title_notes]
    paragraphs, paragraph_notes = repair(draft.body)
    notes += [
        (
            "paragraphs",
            _("Paragraph %(number)d: %(note)s") % {"number": index + 1, "note": note},
        )
        for index, note in paragraph_notes
    ]
    article = Article(title, subtitle, draft.byline, paragraphs)
    if draft.citation:
        citation = draft.citation
        article.citation = citation.text
        article.source = SourceRef(
            citation.name, citation.date, citation.page, citation.url
        )
    else:
        notes.append(("source", _("No citation line was recognised: give the source.")))
    if not title:
        notes.append(("title", _("No title was recognised.")))
    if not paragraphs:
        notes.append(("paragraphs", _("No body text was recognised.")))
    return article, notes

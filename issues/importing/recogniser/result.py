"""What the recogniser found, in the shape ``import_bulletin --json`` prints.

``Recognised.to_json()`` is the schema of
``issues/sample/xuexi-cankao-76.expected.json``, which
``issues.importing.save_bulletin`` stores. Notes (the guesses an editor should
check) and the text that was dropped on purpose stay outside that schema.
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Note:
    """A guess that may be wrong, attached to what it concerns: an article
    (by index) and one of its fields, or the whole text when ``article`` is
    None."""

    message: str
    article: int | None = None
    field: str = ""


@dataclass
class Masthead:
    name: str = ""
    banner: str = ""
    office: str = ""
    number: int | None = None
    total_number: int | None = None
    # The last number of a combined issue (第7—8期 → 8); None otherwise.
    number_last: int | None = None
    kind: str = "regular"
    date: datetime.date | None = None
    editors_note: str = ""
    # The lines the masthead was read from, kept so that every character of
    # the input can be accounted for.
    lines: list[str] = field(default_factory=list)


@dataclass
class SourceRef:
    name: str = ""
    date: datetime.date | None = None
    page: str = ""
    url: str = ""


@dataclass
class Article:
    title: str = ""
    subtitle: str = ""
    byline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    source: SourceRef = field(default_factory=SourceRef)
    citation: str = ""
    # A note printed under the article's own title (编者按 for this article).
    editors_note: str = ""

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "byline": self.byline,
            "paragraphs": list(self.paragraphs),
            "source": {
                "name": self.source.name,
                "date": iso(self.source.date),
                "page": self.source.page,
                "url": self.source.url,
            },
            "citation": self.citation,
            "editors_note": self.editors_note,
        }


@dataclass
class Recognised:
    """A recognised text: a masthead (None for plain articles), the articles,
    notes for the editor, and the page furniture and trailer lines that were
    left out."""

    masthead: Masthead | None
    articles: list[Article]
    notes: list[Note] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """The recognised structure in the ``import_bulletin --json`` schema."""
        masthead = self.masthead or Masthead()
        return {
            "series": {
                "name": masthead.name,
                "banner": masthead.banner,
                "office": masthead.office,
            },
            "issue": {
                "number": masthead.number,
                "number_last": masthead.number_last,
                "total_number": masthead.total_number,
                "kind": masthead.kind,
                "date": iso(masthead.date),
                "editors_note": masthead.editors_note,
            },
            "articles": [article.to_json() for article in self.articles],
        }

    def notes_for(self, article: int | None) -> list[Note]:
        return [note for note in self.notes if note.article == article]


def iso(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""

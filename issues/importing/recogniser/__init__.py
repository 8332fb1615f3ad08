"""Turn bulletins and articles (text, Word, PDF) into draft content.

``recognise(text)`` and ``recognise_file(data, name)`` return a
``Recognised`` whose ``to_json()`` is what ``issues.importing`` stores;
``RecogniserError`` carries the message a user reads when input cannot be
imported.
"""

from issues.importing.recogniser.core import recognise
from issues.importing.recogniser.errors import RecogniserError
from issues.importing.recogniser.readers import read_text
from issues.importing.recogniser.result import Note, Recognised

__all__ = [
    "Note",
    "Recognised",
    "RecogniserError",
    "read_text",
    "recognise",
    "recognise_file",
]


def recognise_file(
    data: bytes, name: str, *, max_bytes: int | None = None
) -> Recognised:
    """Read a .txt, .docx or .pdf file's bytes and recognise its text."""
    return recognise(read_text(data, name, max_bytes=max_bytes))

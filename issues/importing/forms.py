"""The import wizard's forms: paste or upload (step 1), then the recognised
masthead and articles, every field open to correction (step 2)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy as _

from articles.text import parse_body, split_paragraphs, strip_invisible
from issues.importing.recogniser import RecogniserError, recognise, recognise_file
from issues.importing.recogniser.readers import check_size
from issues.importing.writer import find_duplicates, place
from issues.models import Issue

# Articles one import may hold: a bulletin has a few dozen at most, and the
# confirmation form of more would pass Django's DATA_UPLOAD_MAX_NUMBER_FIELDS
# (1000, about 12 per article). It also bounds what a text, or a tampered
# confirmation, can make the server render.
MAX_ARTICLES = 80


class ImportStartForm(forms.Form):
    """Step 1 of an import: pasted text or an uploaded file, recognised on
    validation (``self.recognised``)."""

    text = forms.CharField(
        label=_("paste text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "vLargeTextField"}),
        help_text=_("Copied from a newspaper site, a Word document or a PDF."),
    )
    file = forms.FileField(
        label=_("or upload a file"),
        required=False,
        help_text=_(
            ".txt (UTF-8, GB18030/GBK or UTF-16), .docx, or .pdf with a text layer."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text") or ""
        limit = settings.IMPORT_MAX_BYTES
        try:
            if upload:
                check_size(upload.size, limit)
                self.recognised = recognise_file(
                    upload.read(), upload.name, max_bytes=limit
                )
            elif text.strip():
                check_size(len(text.encode()), limit)
                self.recognised = recognise(text)
            else:
                raise ValidationError(_("Paste text or choose a file."), code="empty")
        except RecogniserError as error:
            raise ValidationError(str(error), code="unrecognised") from None
        if len(self.recognised.articles) > MAX_ARTICLES:
            raise ValidationError(
                _(
                    "The text holds %(count)d articles; import at most %(max)d "
                    "at a time."
                ),
                params={"count": len(self.recognised.articles), "max": MAX_ARTICLES},
                code="too_many",
            )
        return cleaned


class NotesMixin:
    """Notes of the recogniser travel with the form in a hidden field (no
    server-side state between preview and confirmation) and are shown next
    to the field they concern."""

    def notes(self) -> list[dict]:
        value = self["notes"].value()
        return (
            [note for note in value if isinstance(note, dict) and "message" in note]
            if isinstance(value, list)
            else []
        )

    def rows(self):
        """(field, its notes) for every visible field."""
        notes = self.notes()
        return [
            (
                field,
                [note["message"] for note in notes if note.get("field") == field.name],
            )
            for field in self.visible_fields()
        ]

    def general_notes(self) -> list[str]:
        names = {field.name for field in self.visible_fields()}
        return [
            note["message"] for note in self.notes() if note.get("field") not in names
        ]


class ImportIssueForm(NotesMixin, forms.Form):
    """Step 2, the masthead: with a series name the import becomes a draft
    issue, without one the articles go to the pool."""

    series_name = forms.CharField(
        label=_("series"),
        max_length=50,
        required=False,
        help_text=_(
            "An existing series of this name is used, otherwise it is created. "
            "Leave empty to put the articles in the pool without an issue."
        ),
    )
    banner = forms.CharField(label=_("banner line"), max_length=100, required=False)
    office = forms.CharField(label=_("issuing office"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=Issue.Kind.choices)
    number = forms.IntegerField(label=_("number"), min_value=1, required=False)
    total_number = forms.IntegerField(
        label=_("running total (总第N期)"), min_value=1, required=False
    )
    date = forms.DateField(
        label=_("issue date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    editors_note = forms.CharField(
        label=_("editor's note (编者按)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
    )
    notes = forms.JSONField(required=False, widget=forms.HiddenInput)

    @classmethod
    def initial_from(cls, data: dict, notes: list[dict]) -> dict:
        return {
            "series_name": data["series"]["name"],
            "banner": data["series"]["banner"],
            "office": data["series"]["office"],
            **{key: data["issue"][key] for key in ("kind", "number", "total_number")},
            "date": data["issue"]["date"] or None,
            "editors_note": data["issue"]["editors_note"],
            "notes": notes,
        }

    def to_data(self) -> dict:
        """The series and issue parts of the import schema."""
        cleaned = self.cleaned_data
        return {
            "series": {
                key: cleaned[name]
                for key, name in (
                    ("name", "series_name"),
                    ("banner", "banner"),
                    ("office", "office"),
                )
            },
            "issue": {
                "number": cleaned["number"],
                "total_number": cleaned["total_number"],
                "kind": cleaned["kind"],
                "date": cleaned["date"].isoformat() if cleaned["date"] else "",
                "editors_note": cleaned["editors_note"].strip(),
            },
        }


class ImportArticleForm(NotesMixin, forms.Form):
    """Step 2, one recognised article, every field open to correction."""

    include = forms.BooleanField(label=_("import this article"), required=False)
    title = forms.CharField(label=_("title"), max_length=200, required=False)
    subtitle = forms.CharField(label=_("subtitle"), max_length=200, required=False)
    byline = forms.CharField(label=_("byline"), max_length=200, required=False)
    paragraphs = forms.CharField(
        label=_("body"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "vLargeTextField"}),
        help_text=_(
            "One paragraph per line; lines starting with 一、 or （一） are headings."
        ),
    )
    source_name = forms.CharField(label=_("source"), max_length=100, required=False)
    source_date = forms.DateField(
        label=_("source date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    source_page = forms.CharField(label=_("page"), max_length=30, required=False)
    source_url = forms.URLField(
        label=_("source URL"), max_length=500, required=False, assume_scheme="https"
    )
    citation = forms.CharField(
        label=_("citation line"),
        max_length=200,
        required=False,
        help_text=_("As printed; leave empty to form it from the source."),
    )
    notes = forms.JSONField(required=False, widget=forms.HiddenInput)

    @classmethod
    def initial_from(cls, data: dict, notes: list[dict], duplicate) -> dict:
        source = data["source"]
        return {
            "include": duplicate is None,
            **{key: data[key] for key in ("title", "subtitle", "byline", "citation")},
            "paragraphs": "\n\n".join(data["paragraphs"]),
            "source_name": source["name"],
            "source_date": source["date"] or None,
            "source_page": source["page"],
            "source_url": source["url"],
            "notes": notes,
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("include"):
            if not cleaned.get("title", "").strip():
                self.add_error("title", _("Give the article a title."))
            if not split_paragraphs(cleaned.get("paragraphs", "")):
                self.add_error("paragraphs", _("The article has no body text."))
        return cleaned

    def headings(self) -> list[str]:
        """The headings recognised in the body, to show the editor."""
        return [
            block.text
            for block in parse_body(self["paragraphs"].value() or "")
            if block.is_heading
        ]

    def to_data(self) -> dict:
        """One article in the import schema."""
        cleaned = self.cleaned_data
        return {
            **{key: cleaned[key].strip() for key in ("title", "subtitle", "byline")},
            "paragraphs": split_paragraphs(cleaned["paragraphs"]),
            "source": {
                "name": cleaned["source_name"].strip(),
                "date": cleaned["source_date"].isoformat()
                if cleaned["source_date"]
                else "",
                "page": cleaned["source_page"].strip(),
                "url": cleaned["source_url"],
            },
            "citation": cleaned["citation"].strip(),
        }


ImportArticleFormSet = forms.formset_factory(
    ImportArticleForm,
    extra=0,
    max_num=MAX_ARTICLES,
    absolute_max=MAX_ARTICLES,
    validate_max=True,
)


def import_forms(recognised, data=None):
    """The preview forms for a recognised text (unbound), or the same forms
    bound to the submitted ``data``."""
    if data is not None:
        # Corrections are shown again after an error, and checked, without
        # the characters saving would strip (as the recogniser does).
        data = data.copy()
        for key in list(data):
            data.setlist(key, [strip_invisible(value) for value in data.getlist(key)])
        return (
            ImportIssueForm(data, prefix="issue"),
            ImportArticleFormSet(data, prefix="articles"),
        )
    found = recognised.to_json()
    duplicates = find_duplicates(found["articles"])

    def notes(article):
        return [
            {"field": note.field, "message": note.message}
            for note in recognised.notes_for(article)
        ]

    articles = []
    for index, (item, duplicate) in enumerate(
        zip(found["articles"], duplicates, strict=True)
    ):
        article_notes = notes(index)
        if duplicate is not None:
            article_notes.insert(
                0,
                {
                    "field": "title",
                    "message": gettext(
                        "Already imported: an article with this title and source "
                        "date exists (%(place)s). Tick “import this article” to "
                        "import it again."
                    )
                    % {"place": place(duplicate)},
                },
            )
        articles.append(ImportArticleForm.initial_from(item, article_notes, duplicate))
    return (
        ImportIssueForm(
            prefix="issue", initial=ImportIssueForm.initial_from(found, notes(None))
        ),
        ImportArticleFormSet(prefix="articles", initial=articles),
    )

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminSplitDateTime, FilteredSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

from articles.models import Article
from articles.text import parse_body, split_paragraphs, strip_invisible
from issues.importing import find_duplicates, place
from issues.models import CONTENT_FIELDS, Issue, Series
from issues.numbering import next_free_number
from issues.recogniser import RecogniserError, recognise, recognise_file
from issues.recogniser.readers import check_size


class IssueAdminForm(forms.ModelForm):
    add_articles = forms.ModelMultipleChoiceField(
        label=_("add articles from the pool"),
        queryset=Article.objects.in_pool().with_source(),
        required=False,
        widget=FilteredSelectMultiple(_("pool articles"), is_stacked=False),
        help_text=_("Chosen articles are placed after the existing ones."),
    )

    class Meta:
        model = Issue
        fields = ["series", *CONTENT_FIELDS]
        widgets = {
            "editors_note": forms.Textarea(attrs={"rows": 4}),
            "report_to": forms.Textarea(attrs={"rows": 2}),
            "copy_to": forms.Textarea(attrs={"rows": 2}),
            "distribute_to": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "number" in self.fields:
            self.fields["number"].help_text = self.number_suggestion()

    def number_suggestion(self) -> str:
        """Tell the editor the next free number of each series it may go in."""
        if self.instance.series_id:
            issue = self.instance
            suggestions = [
                str(
                    next_free_number(
                        issue.series, issue.kind, issue.compute_number_year()
                    )
                )
            ]
        else:
            suggestions = [
                "{} {}".format(
                    series.name,
                    next_free_number(
                        series,
                        Issue.Kind.REGULAR,
                        series.number_year_for(timezone.localdate()),
                    ),
                )
                for series in Series.objects.all()[:10]
            ]
        return _(
            "Next free number: %(numbers)s. Leave empty to assign it at sign-off, "
            "so abandoned drafts leave no gaps."
        ) % {"numbers": "，".join(suggestions)}


class ArticleOrderForm(forms.ModelForm):
    """A row of the issue's article list: its position, or out of the issue."""

    remove = forms.BooleanField(label=_("remove from issue"), required=False)

    class Meta:
        model = Article
        fields = ["position"]
        widgets = {
            # A class, not a style attribute: the Content-Security-Policy
            # refuses inline styles.
            "position": forms.NumberInput(attrs={"min": 1, "class": "vIntegerField"})
        }

    def validate_unique(self):
        # Positions are renumbered 1..n on save (Issue.arrange), so two rows
        # typed with the same number are a tie to break, not an error.
        pass


class ArticleOrderFormSet(forms.BaseInlineFormSet):
    def validate_unique(self):
        pass

    def save(self, commit=True):
        """Apply the new order through the issue, never row by row."""
        rows = [form for form in self.forms if form.instance.pk and form.cleaned_data]
        removed = [form.instance.pk for form in rows if form.cleaned_data.get("remove")]
        kept = sorted(
            (form for form in rows if not form.cleaned_data.get("remove")),
            key=lambda form: (
                form.cleaned_data.get("position") or 0,
                form.initial.get("position") or 0,
            ),
        )
        self.instance.arrange([form.instance.pk for form in kept], removed)
        # What the admin's change message reads.
        self.new_objects, self.deleted_objects = [], []
        self.changed_objects = [
            (form.instance, ["position"]) for form in rows if form.has_changed()
        ]
        return []


class TransitionForm(forms.Form):
    comment = forms.CharField(
        label=_("comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )

    def __init__(self, *args, comment_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = comment_required


class PublishForm(TransitionForm):
    class When(models.TextChoices):
        NOW = "now", _("publish now")
        LATER = "later", _("publish at a set time")

    when = forms.ChoiceField(
        label=_("when"), choices=When, initial=When.NOW, widget=forms.RadioSelect
    )
    publish_at = forms.SplitDateTimeField(
        label=_("publication time (Beijing time)"),
        required=False,
        widget=AdminSplitDateTime,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") == self.When.LATER:
            publish_at = cleaned.get("publish_at")
            if publish_at is None:
                self.add_error(
                    "publish_at", _("Give the date and time of publication.")
                )
            elif publish_at <= timezone.now():
                self.add_error(
                    "publish_at", _("The scheduled time must be in the future.")
                )
        return cleaned


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


ImportArticleFormSet = forms.formset_factory(ImportArticleForm, extra=0)


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

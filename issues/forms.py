from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime, FilteredSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from articles.search.query import MAX_LENGTH
from issues import visibility
from issues.models import CONTENT_FIELDS, Issue, Series
from issues.numbering import next_free_number


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


# Bounds what one comment on an article may cost to store and show.
NOTE_MAX_LENGTH = 2000


class TransitionForm(forms.Form):
    """A transition's confirmation: a comment and, where the transition
    takes them, an optional comment on each of the issue's ``articles``."""

    comment = forms.CharField(
        label=_("comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )

    def __init__(self, *args, comment_required=False, articles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = comment_required
        self.articles = {f"note_{article.pk}": article for article in articles}
        for name, article in self.articles.items():
            self.fields[name] = forms.CharField(
                label=f"{article.position}. {article.title}",
                required=False,
                max_length=NOTE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
            )

    def general_fields(self):
        return [field for field in self if field.name not in self.articles]

    def note_fields(self):
        return [field for field in self if field.name in self.articles]

    def notes(self) -> dict[int, str]:
        """Article id → comment, for the articles commented on."""
        return {
            article.pk: self.cleaned_data[name].strip()
            for name, article in self.articles.items()
            if self.cleaned_data.get(name, "").strip()
        }


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


class SeriesAdminForm(forms.ModelForm):
    """The series form. Once a series exists, its visibility and handling
    mark are not fields of it (``issues.visibility`` changes them, signed
    off); a request that tries to change them anyway is refused whole."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and any(
            name not in self.fields
            and self.add_prefix(name) in self.data
            and self.data[self.add_prefix(name)] != getattr(self.instance, name)
            for name in visibility.FIELDS
        ):
            raise ValidationError(
                _(
                    "Visibility and handling mark decide who reads the published "
                    "issues: only a publisher or an administrator changes them, "
                    "with a reason, on the page “Change visibility”. Nothing was "
                    "saved."
                ),
                code="signed_off",
            )
        return cleaned


class SeriesVisibilityForm(forms.Form):
    """A series' visibility and handling mark with the reason for changing
    them. The values the user started from travel with the form, so that a
    change made meanwhile is refused, not overwritten; ``confirmed`` is set
    by the confirmation step."""

    visibility = forms.ChoiceField(
        label=_("visibility"), choices=Series.Visibility, widget=forms.RadioSelect
    )
    handling_mark = forms.CharField(
        label=_("handling mark"),
        max_length=Series._meta.get_field("handling_mark").max_length,
        required=False,
        help_text=Series._meta.get_field("handling_mark").help_text,
    )
    reason = forms.CharField(
        label=_("reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": _("Give the reason for the change.")},
    )
    was_visibility = forms.ChoiceField(
        choices=Series.Visibility, widget=forms.HiddenInput
    )
    was_handling_mark = forms.CharField(required=False, widget=forms.HiddenInput)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, series: Series, **kwargs):
        current = visibility.values_of(series)
        initial = {**current, **{f"was_{name}": v for name, v in current.items()}}
        super().__init__(*args, initial=initial, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            new = visibility.normalised(cleaned["visibility"], cleaned["handling_mark"])
        except ValidationError as error:
            self.add_error(None, error)
            return cleaned
        cleaned.update(new)
        cleaned["was"] = {name: cleaned[f"was_{name}"] for name in visibility.FIELDS}
        if not visibility.changes(cleaned["was"], new):
            raise ValidationError(
                _("Neither the visibility nor the handling mark would change."),
                code="unchanged",
            )
        return cleaned

    def decision(self) -> dict:
        """The arguments of ``visibility.change``, but for the series and
        who decides."""
        data = self.cleaned_data
        return {
            "visibility": data["visibility"],
            "handling_mark": data["handling_mark"],
            "reason": data["reason"],
            "expected": data["was"],
        }


class SearchForm(forms.Form):
    q = forms.CharField(label=_("words"), max_length=MAX_LENGTH, required=False)

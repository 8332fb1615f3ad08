import django_filters
from django.utils.translation import gettext_lazy as _

from articles.models import Source
from issues.models import Issue


class IssueFilter(django_filters.FilterSet):
    """Archive filters of one series, fed its published issues."""

    # Not a TypedChoiceFilter: that has no empty choice, so the first year
    # would be chosen whenever the form is sent again.
    year = django_filters.ChoiceFilter(
        field_name="issue_date",
        lookup_expr="year",
        label=_("year"),
        empty_label=_("all"),
    )
    source = django_filters.ModelChoiceFilter(
        field_name="articles__source",
        queryset=Source.objects.none(),
        distinct=True,
        label=_("source"),
        empty_label=_("all"),
    )
    kind = django_filters.ChoiceFilter(
        choices=Issue.Kind.choices, label=_("kind"), empty_label=_("all")
    )

    class Meta:
        model = Issue
        fields = ["year", "source", "kind"]

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, queryset=queryset, **kwargs)
        # Offer only the years and sources this archive contains.
        years = queryset.dates("issue_date", "year", order="DESC")
        self.filters["year"].extra["choices"] = [(d.year, f"{d.year}年") for d in years]
        self.filters["source"].queryset = Source.objects.filter(
            articles__issue__in=queryset
        ).distinct()

import django_filters
from django.utils.translation import gettext_lazy as _

from articles.models import Source
from issues.models import Issue


class IssueFilter(django_filters.FilterSet):
    """Archive filters of one series, fed its published issues."""

    year = django_filters.TypedChoiceFilter(
        field_name="issue_date", lookup_expr="year", coerce=int, label=_("year")
    )
    source = django_filters.ModelChoiceFilter(
        field_name="articles__source",
        queryset=Source.objects.none(),
        distinct=True,
        label=_("source"),
    )
    kind = django_filters.ChoiceFilter(choices=Issue.Kind.choices, label=_("kind"))

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

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Source
from bulletin_cms.invalidation import remembered
from issues.models import Issue, Series


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


class ArticleSearchFilter(django_filters.FilterSet):
    """The filters of the search page, over the articles the visitor may
    read."""

    series = django_filters.ChoiceFilter(
        field_name="issue__series", label=_("series"), empty_label=_("all")
    )
    # Not a TypedChoiceFilter: that has no empty choice, so the first year
    # would be chosen whenever the form is sent again.
    year = django_filters.ChoiceFilter(
        field_name="issue__issue_date",
        lookup_expr="year",
        label=_("year"),
        empty_label=_("all"),
    )
    source = django_filters.ChoiceFilter(label=_("source"), empty_label=_("all"))
    kind = django_filters.ChoiceFilter(
        field_name="issue__kind",
        choices=Issue.Kind.choices,
        label=_("kind"),
        empty_label=_("all"),
    )

    class Meta:
        model = Article
        fields = ["series", "year", "source", "kind"]

    def __init__(self, *args, readable, audience, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only what the visitor can find: series, years and sources
        # of the issues they may read. Listing the sources reads every
        # article, so the lists are kept until something is published.
        choices = remembered(f"search-choices:{audience}", lambda: choices_of(readable))
        for name, values in choices.items():
            self.filters[name].extra["choices"] = values


def choices_of(readable) -> dict[str, list[tuple]]:
    series = Series.objects.filter(Exists(readable.filter(series=OuterRef("pk"))))
    sources = Source.objects.filter(
        Exists(Article.objects.filter(source=OuterRef("pk"), issue__in=readable))
    )
    years = readable.dates("issue_date", "year", order="DESC")
    return {
        "series": list(series.values_list("pk", "name")),
        "year": [(d.year, f"{d.year}年") for d in years],
        "source": list(sources.values_list("pk", "name")),
    }

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Source
from issues.models import Issue, Series


class ArticleSearchFilter(django_filters.FilterSet):
    """The filters of the search page, over the articles the visitor may
    read."""

    series = django_filters.ModelChoiceFilter(
        field_name="issue__series",
        queryset=Series.objects.none(),
        label=_("series"),
        empty_label=_("all"),
    )
    # Not a TypedChoiceFilter: that has no empty choice, so the first year
    # would be chosen whenever the form is sent again.
    year = django_filters.ChoiceFilter(
        field_name="issue__issue_date",
        lookup_expr="year",
        label=_("year"),
        empty_label=_("all"),
    )
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.none(), label=_("source"), empty_label=_("all")
    )
    kind = django_filters.ChoiceFilter(
        field_name="issue__kind",
        choices=Issue.Kind.choices,
        label=_("kind"),
        empty_label=_("all"),
    )

    class Meta:
        model = Article
        fields = ["series", "year", "source", "kind"]

    def __init__(self, *args, readable=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only what the visitor can find: series, years and sources
        # of the issues they may read.
        self.filters["series"].queryset = Series.objects.filter(
            Exists(readable.filter(series=OuterRef("pk")))
        )
        years = readable.dates("issue_date", "year", order="DESC")
        self.filters["year"].extra["choices"] = [(d.year, f"{d.year}年") for d in years]
        self.filters["source"].queryset = Source.objects.filter(
            Exists(Article.objects.filter(source=OuterRef("pk"), issue__in=readable))
        )

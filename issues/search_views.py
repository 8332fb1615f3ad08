"""The search page of the reading site."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.utils.safestring import SafeString
from django.views.generic import TemplateView

from articles import search
from articles.models import Article
from articles.search.query import parse
from articles.search.snippets import excerpt, highlight
from bulletin_cms.page_cache import audience_of
from issues import edition
from issues.filters import ArticleSearchFilter
from issues.forms import SearchForm
from issues.models import Issue


@dataclass
class Hit:
    article: Article
    title: SafeString
    excerpt: SafeString
    # The source's name as the issue printed it.
    source: str


class SearchView(TemplateView):
    """Published articles the visitor may read that contain every word
    searched for, best or newest first."""

    template_name = "issues/search.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        readable = Issue.objects.readable_by(self.request.user)
        articles = Article.objects.filter(issue__in=readable).order_by(
            "-issue__issue_date", "-pk"
        )
        form = SearchForm(self.request.GET or None)
        filterset = ArticleSearchFilter(
            self.request.GET or None,
            queryset=articles,
            readable=readable,
            audience=audience_of(self.request.user),
        )
        by_date = self.request.GET.get("order") == "date"
        context = super().get_context_data(
            form=form, filter=filterset, by_date=by_date, **kwargs
        )
        if not (form.is_valid() and filterset.is_valid()):
            return context
        words = form.cleaned_data["q"]
        terms = parse(words)
        if not terms:
            return {**context, "unsearchable": bool(words.strip())}
        year = filterset.form.cleaned_data["year"]
        ids = search.ranked_ids(
            filterset.qs, terms, by_date=by_date, year=int(year) if year else None
        )
        page = Paginator(ids, self.paginate_by).get_page(self.request.GET.get("page"))
        found = Article.objects.select_related("issue__series", "source").in_bulk(
            page.object_list
        )
        hits = []
        for pk in page.object_list:
            if pk in found:  # deleted since the ids were read
                article = found[pk]
                hits.append(
                    Hit(
                        article=article,
                        title=highlight(article.title, terms),
                        excerpt=excerpt(f"{article.byline} {article.body}", terms),
                        source=edition.printed(article.issue, article).source,
                    )
                )
        return {
            **context,
            "terms": terms,
            "page_obj": page,
            "hits": hits,
            "count": len(ids),
            "capped": len(ids) >= search.CANDIDATES,
            "filtered": any(filterset.form.cleaned_data[n] for n in filterset.filters),
        }

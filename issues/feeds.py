from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from issues import policy
from issues.models import Issue, Series

FEED_SIZE = 30


class IssueFeed(Feed):
    """Atom feed of published issues: of one series, or of all public ones.

    An internal series' feed answers 404 to anonymous readers, as does the
    feed of a series that has published nothing yet; the feed of all series
    never includes internal ones.
    """

    feed_type = Atom1Feed

    def get_object(self, request, series=None):
        if series is None:
            return None
        series = get_object_or_404(Series.objects.with_archive_flag(), slug=series)
        if not policy.can_read_series(request.user, series) or not series.has_published:
            raise Http404
        return series

    def title(self, series):
        return series.name if series else _("Study bulletins")

    def subtitle(self, series):
        return series.office if series else _("Latest issues of every public series")

    def link(self, series):
        return series.get_absolute_url() if series else "/"

    def items(self, series):
        issues = Issue.objects.published().with_toc()
        if series is None:
            issues = issues.filter(policy.indexable_series("series__"))
        else:
            issues = issues.filter(series=series)
        return issues.order_by("-published_at")[:FEED_SIZE]

    def item_title(self, issue):
        return str(issue)

    def item_description(self, issue):
        # Atom sends the summary as type="html": titles are text, so they
        # are escaped once for HTML (the feed generator escapes for XML).
        # Titles, subtitles and names go out as plain-text elements.
        return "；".join(escape(article.title) for article in issue.articles.all())

    def item_author_name(self, issue):
        # Atom requires an author; a bulletin's is the office that issues
        # it, as its masthead prints (the series name if none is recorded).
        edition = issue.edition
        return edition.office or edition.series_name

    def item_pubdate(self, issue):
        return issue.published_at

    def item_updateddate(self, issue):
        return issue.updated_at

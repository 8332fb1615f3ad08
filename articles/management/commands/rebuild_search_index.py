"""Rebuild the search index from the articles.

    python manage.py rebuild_search_index

Articles are indexed as they are saved; this is for after a restore from a
database dump, a change in how text is tokenised, or rows written around
Django (``restore`` runs the same rebuild itself). One transaction: searches
see the old index until it is done.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from articles import search
from articles.models import Article


class Command(BaseCommand):
    help = "Rebuild the full-text search index of all articles."

    def handle(self, *args, verbosity=1, **options):
        done = search.rebuild_with_progress(
            Article.objects.order_by("pk"), self.stderr, verbosity > 0
        )
        self.stdout.write(
            _("Search index rebuilt: %(count)d articles.") % {"count": done}
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from django.db.models.signals import post_delete

        from articles.models import Article
        from articles.search import remove

        # A signal, not delete(): queryset and cascade deletes go through it.
        post_delete.connect(
            lambda sender, instance, using, **kwargs: remove([instance.pk], using),
            sender=Article,
            weak=False,
            dispatch_uid="articles.search.remove",
        )

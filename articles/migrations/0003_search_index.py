from django.db import migrations

from articles import search
from articles.search.backends import index_for


def install(apps, schema_editor):
    using = schema_editor.connection.alias
    for statement in index_for(using).install_sql:
        schema_editor.execute(statement)
    Article = apps.get_model("articles", "Article")
    for _done in search.rebuild(Article.objects.using(using)):
        pass


def uninstall(apps, schema_editor):
    for statement in index_for(schema_editor.connection.alias).uninstall_sql:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_article_version")]

    operations = [migrations.RunPython(install, uninstall)]

from django.db import migrations

# The index is a table of its own (see articles.search.backends).
INSTALL = {
    "postgresql": [
        "CREATE TABLE articles_search "
        "(article_id integer PRIMARY KEY, vector tsvector NOT NULL)",
        "CREATE INDEX articles_search_vector ON articles_search USING gin (vector)",
    ],
    "sqlite": [
        "CREATE VIRTUAL TABLE articles_search USING fts5("
        "title, body, tokenize = 'unicode61 remove_diacritics 0')"
    ],
}


def install(apps, schema_editor):
    for statement in INSTALL[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS articles_search")


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_article_version")]

    # Existing articles are indexed by 0004, once the table is complete.
    operations = [migrations.RunPython(install, uninstall)]

from django.db import migrations

from articles import search

# PostgreSQL: each index row carries its issue's date, so that the newest
# matches of a common word are found by walking a date index and stopping
# early, instead of sorting every match. Triggers keep the date in step with
# the issue whatever writes it (a moved article, a publication, a corrected
# date); a stale date could only misorder results, never show one, because
# visibility is always decided on the articles themselves.
POSTGRESQL = [
    "ALTER TABLE articles_search ADD COLUMN sort_date date",
    "CREATE INDEX articles_search_recent "
    "ON articles_search (sort_date DESC NULLS LAST, article_id DESC)",
    """CREATE FUNCTION articles_search_article_moved() RETURNS trigger AS $$
       BEGIN
         UPDATE articles_search SET sort_date =
           (SELECT issue_date FROM issues_issue WHERE id = NEW.issue_id)
         WHERE article_id = NEW.id;
         RETURN NULL;
       END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER articles_search_article_moved
       AFTER UPDATE OF issue_id ON articles_article FOR EACH ROW
       WHEN (OLD.issue_id IS DISTINCT FROM NEW.issue_id)
       EXECUTE FUNCTION articles_search_article_moved()""",
    """CREATE FUNCTION articles_search_issue_dated() RETURNS trigger AS $$
       BEGIN
         UPDATE articles_search s SET sort_date = NEW.issue_date
         FROM articles_article a WHERE a.issue_id = NEW.id AND s.article_id = a.id;
         RETURN NULL;
       END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER articles_search_issue_dated
       AFTER UPDATE OF issue_date ON issues_issue FOR EACH ROW
       WHEN (OLD.issue_date IS DISTINCT FROM NEW.issue_date)
       EXECUTE FUNCTION articles_search_issue_dated()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER articles_search_issue_dated ON issues_issue",
    "DROP FUNCTION articles_search_issue_dated",
    "DROP TRIGGER articles_search_article_moved ON articles_article",
    "DROP FUNCTION articles_search_article_moved",
    "ALTER TABLE articles_search DROP COLUMN sort_date",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


def index_existing(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for _done in search.rebuild(Article.objects.using(schema_editor.connection.alias)):
        pass


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_search_index"),
        ("issues", "0003_revisions"),
    ]

    operations = [
        migrations.RunPython(run(POSTGRESQL), run(POSTGRESQL_REVERSE)),
        migrations.RunPython(index_existing, migrations.RunPython.noop),
    ]

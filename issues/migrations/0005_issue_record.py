from django.db import migrations, models

from issues.edition import capture


def record_signed_off_issues(apps, schema_editor):
    """Issues published (or withdrawn) before records existed are recorded
    as they read now, so that from here on they stay as they are."""
    Issue = apps.get_model("issues", "Issue")
    signed_off = Issue.objects.filter(status__in=["published", "withdrawn"])
    for issue in signed_off.select_related(
        "series", "submitted_by", "approved_by", "published_by"
    ).iterator():
        Issue.objects.filter(pk=issue.pk).update(record=capture(issue))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_search_sort_date"),
        ("issues", "0004_series_distinct_signoff"),
    ]

    operations = [
        migrations.AddField(
            model_name="issue",
            name="record",
            field=models.JSONField(
                blank=True,
                default=dict,
                editable=False,
                verbose_name="signed-off record",
            ),
        ),
        migrations.RunPython(record_signed_off_issues, migrations.RunPython.noop),
    ]

from django.db import migrations, models

from issues.edition import record_signed_off


def record_signed_off_issues(apps, schema_editor):
    """Issues published (or withdrawn) before records existed are recorded
    as they read now, so that from here on they stay as they are."""
    record_signed_off(apps.get_model("issues", "Issue").objects.all())


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

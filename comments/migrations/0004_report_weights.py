"""Weighted reports. Reports filed before keep the weight one they had; a comment's tally counts
those made after its last decision (a moderator's, or the one that published it)."""

from django.db import migrations, models
from django.db.models import Count, FloatField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce


def tally_reports_since_last_decision(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    Report = apps.get_model("comments", "Report")
    since = Q(created_at__gt=OuterRef("decided_at")) | Q(comment__decided_at__isnull=True)
    counted = (
        Report.objects.filter(since, comment=OuterRef("pk"))
        .order_by()
        .values("comment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Comment.objects.filter(report_count__gt=0).update(
        report_weight=Cast(Coalesce(Subquery(counted), 0), FloatField())
    )


class Migration(migrations.Migration):

    dependencies = [
        ('comments', '0003_verified_emails'),
    ]

    operations = [
        migrations.AddField(
            model_name='comment',
            name='report_weight',
            field=models.FloatField(default=0.0),
        ),
        migrations.AddField(
            model_name='report',
            name='weight',
            field=models.FloatField(default=1.0, help_text='How much this report counted towards the threshold.'),
        ),
        migrations.RunPython(tally_reports_since_last_decision, migrations.RunPython.noop),
    ]

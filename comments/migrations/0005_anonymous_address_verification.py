"""Verified addresses of anonymous authors: a comment whose address was proven by a mailed link."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('comments', '0004_report_weights'),
    ]

    operations = [
        migrations.AddField(
            model_name='comment',
            name='email_verified_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]

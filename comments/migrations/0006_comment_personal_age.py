"""A partial index on the comments that still hold an IP address or user agent, for the retention purge."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('comments', '0005_anonymous_address_verification'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(condition=models.Q(('ip_address__isnull', False), models.Q(('user_agent', ''), _negated=True), _connector='OR'), fields=['created_at'], name='comment_personal_age'),
        ),
    ]

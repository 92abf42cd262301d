"""Store authors' e-mail addresses lower-cased, so history and bans use the plain index."""

from django.db import migrations
from django.db.models.functions import Lower


def lowercase_emails(apps, schema_editor):
    apps.get_model("comments", "Comment").objects.exclude(author_email="").update(author_email=Lower("author_email"))


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial")]

    operations = [migrations.RunPython(lowercase_emails, migrations.RunPython.noop)]

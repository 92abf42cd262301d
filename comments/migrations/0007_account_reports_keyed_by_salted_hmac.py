"""Accounts' reports re-keyed from the plain SHA-256 of SECRET_KEY and the account to its salted HMAC.

An account's report row names the account, so its new key can be computed here; an anonymous
one does not keep the address, so it keeps its old key, matched by
`comments.reports.former_reporter_keys` until the retention purge expires it.
"""

import hashlib

from django.conf import settings
from django.db import migrations

from core.keyed_hashes import keyed_hash

PURPOSE = "comments.reports.reporter"  # comments.reports.REPORTER_PURPOSE when this was written


def _former(user_id):
    return hashlib.sha256(f"{settings.SECRET_KEY}:report:user:{user_id}".encode()).hexdigest()


def _salted(user_id):
    return keyed_hash(PURPOSE, f"user:{user_id}")


def _rekey(apps, old, new):
    Report = apps.get_model("comments", "Report")
    for report in Report.objects.exclude(user=None).only("pk", "user_id", "reporter_key").iterator():
        if report.reporter_key == old(report.user_id):
            Report.objects.filter(pk=report.pk).update(reporter_key=new(report.user_id))


def forwards(apps, schema_editor):
    _rekey(apps, _former, _salted)


def backwards(apps, schema_editor):
    _rekey(apps, _salted, _former)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0006_comment_personal_age"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

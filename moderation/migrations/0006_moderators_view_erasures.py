"""Moderators may read the erasures' log (they erase from the console)."""

import importlib

from django.db import migrations

MODERATORS_GROUP = "Moderators"
ADDED = [("moderation", "view_erasure")]
EARLIER = importlib.import_module("moderation.migrations.0004_moderators_exact_permissions")
FIRST = importlib.import_module("moderation.migrations.0002_moderators_group")
# The group's whole list from here on (the browser tests rebuild the group from it).
PERMISSIONS = EARLIER.PERMISSIONS + ADDED


def _group_and_permissions(apps):
    FIRST.create_permissions_now(apps)
    group = apps.get_model("auth", "Group").objects.filter(name=MODERATORS_GROUP).first()
    Permission = apps.get_model("auth", "Permission")
    wanted = [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in ADDED]
    return group, wanted


def forwards(apps, schema_editor):
    group, wanted = _group_and_permissions(apps)
    if group is not None:
        group.permissions.add(*wanted)


def backwards(apps, schema_editor):
    group, wanted = _group_and_permissions(apps)
    if group is not None:
        group.permissions.remove(*wanted)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0005_erasures"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

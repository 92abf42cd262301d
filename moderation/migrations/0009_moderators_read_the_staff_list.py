"""Moderators read the newsroom's staff list (the editors keep it): the names the Staff abuse queue protects."""

import importlib

from django.db import migrations

ADDED = [("newsite", "view_staffmember")]
EARLIER = importlib.import_module("moderation.migrations.0008_moderators_keep_the_schedule")
FIRST = importlib.import_module("moderation.migrations.0002_moderators_group")
MODERATORS_GROUP = FIRST.MODERATORS_GROUP
# The group's whole list from here on (the browser tests rebuild the group from it).
PERMISSIONS = EARLIER.PERMISSIONS + ADDED


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0008_moderators_keep_the_schedule"),
        ("newsite", "0004_staff_list"),
    ]

    operations = [FIRST.granting(ADDED)]

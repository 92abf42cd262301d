"""Moderators work the appeals queue (they decide appeals through its buttons, never by editing the rows)."""

import importlib

from django.db import migrations

ADDED = [("moderation", "view_appeal")]
EARLIER = importlib.import_module("moderation.migrations.0009_moderators_read_the_staff_list")
FIRST = importlib.import_module("moderation.migrations.0002_moderators_group")
MODERATORS_GROUP = FIRST.MODERATORS_GROUP
# The group's whole list from here on (the browser tests rebuild the group from it).
PERMISSIONS = EARLIER.PERMISSIONS + ADDED


class Migration(migrations.Migration):
    dependencies = [("moderation", "0010_appeals")]

    operations = [FIRST.granting(ADDED)]

"""Moderators keep the desk's schedule (shifts, holidays, sections' off-shift policies) and read the log of comment
mode changes."""

import importlib

from django.db import migrations

ADDED = [
    *(("moderation", f"{verb}_{model}") for model in ("shift", "holiday", "offshiftpolicy")
      for verb in ("view", "add", "change", "delete")),
    ("newsite", "view_commentmodechange"),
]  # fmt: skip
EARLIER = importlib.import_module("moderation.migrations.0006_moderators_view_erasures")
FIRST = importlib.import_module("moderation.migrations.0002_moderators_group")
MODERATORS_GROUP = FIRST.MODERATORS_GROUP
# The group's whole list from here on (the browser tests rebuild the group from it).
PERMISSIONS = EARLIER.PERMISSIONS + ADDED


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0007_moderators_schedule"),
        ("newsite", "0003_comment_mode_origin"),
    ]

    operations = [FIRST.granting(ADDED)]

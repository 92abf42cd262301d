"""The Moderators group holds exactly what moderation needs.

0002 gave it `newsite.change_article`, which let a moderator rewrite any story's headline and body,
when all moderation changes on an article is its comment settings (mode, closing date): that is now
`newsite.change_comment_settings`. And `comments.change_comment` is gone: comments change only through
the decision service, and the admin never edits one. The rest of 0002's list stands.
"""

import importlib

from django.db import migrations

MODERATORS_GROUP = "Moderators"
REMOVED = [("newsite", "change_article"), ("comments", "change_comment")]
ADDED = [("newsite", "change_comment_settings")]
EARLIER = importlib.import_module("moderation.migrations.0002_moderators_group")
# The group's whole list from here on (the browser tests rebuild the group from it).
PERMISSIONS = [pair for pair in EARLIER.PERMISSIONS if pair not in REMOVED] + ADDED


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    return [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in pairs]


def _regrant(apps, take, give):
    EARLIER.create_permissions_now(apps)
    group = apps.get_model("auth", "Group").objects.filter(name=MODERATORS_GROUP).first()
    if group is None:
        return
    group.permissions.remove(*_permissions(apps, take))
    group.permissions.add(*_permissions(apps, give))


def forwards(apps, schema_editor):
    _regrant(apps, take=REMOVED, give=ADDED)


def backwards(apps, schema_editor):
    _regrant(apps, take=ADDED, give=REMOVED)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0003_training_examples"),
        ("newsite", "0002_article_comment_settings_permission"),
        ("comments", "0005_anonymous_address_verification"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

"""The Moderators group, with exactly the permissions moderation needs."""

from django.db import migrations

MODERATORS_GROUP = "Moderators"
PERMISSIONS = [
    ("comments", "view_comment"),
    ("comments", "change_comment"),
    ("comments", "moderate_comment"),
    ("comments", "view_report"),
    ("moderation", "view_decision"),
    ("moderation", "view_assessment"),
    ("moderation", "view_ban"),
    ("moderation", "add_ban"),
    ("moderation", "change_ban"),
    ("moderation", "delete_ban"),
    ("moderation", "view_rule"),
    ("moderation", "add_rule"),
    ("moderation", "change_rule"),
    ("moderation", "delete_rule"),
    ("newsite", "view_article"),
    ("newsite", "change_article"),
]


def create_permissions_now(apps):
    """Permissions are normally created after all migrations; a migration that grants them needs them now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def change_moderators_permissions(apps, *, grant=(), take=()):
    """For later migrations: give the Moderators group the `grant` (app label, codename) pairs and take `take`."""
    create_permissions_now(apps)
    group = apps.get_model("auth", "Group").objects.filter(name=MODERATORS_GROUP).first()
    if group is None:
        return
    Permission = apps.get_model("auth", "Permission")
    for pairs, change in ((grant, group.permissions.add), (take, group.permissions.remove)):
        change(*(Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in pairs))


def granting(pairs):
    """A later migration's operation: the Moderators group gets `pairs`, taken back if the migration is unapplied."""
    return migrations.RunPython(
        lambda apps, schema_editor: change_moderators_permissions(apps, grant=pairs),
        lambda apps, schema_editor: change_moderators_permissions(apps, take=pairs),
    )


def create_moderators_group(apps, schema_editor):
    create_permissions_now(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def remove_moderators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=MODERATORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("comments", "0001_initial"),
        ("newsite", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_moderators_group, remove_moderators_group)]

"""Moderators ban senders and mark trusted readers: the "Kiểm duyệt viên" group gets the sender rules."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Kiểm duyệt viên"
CODENAMES = ["view_senderrule", "add_senderrule", "change_senderrule", "delete_senderrule"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("comments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="comments", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="comments", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("comments", "0005_sender_rules")]

    operations = [migrations.RunPython(grant, revoke)]

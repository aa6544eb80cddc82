"""Who works the tip desk: editors (everything but deleting), reporters (the tips given to them, read-only; the admin
narrows the list), moderators (turn a comment into a tip)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "Biên tập viên": ["view_tip", "change_tip", "handle_tip", "view_tipreply", "view_tiplog", "view_tipphoto"],
    "Phóng viên": ["view_tip", "view_tipphoto"],
    "Kiểm duyệt viên": ["add_tip"],
}


def give(apps, schema_editor):
    app_config = apps.get_app_config("tips")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="tips", codename__in=codenames))


def take_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=list(PERMISSIONS)):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="tips"))


class Migration(migrations.Migration):
    dependencies = [
        ("tips", "0001_initial"),
        ("articles", "0007_newsroom_roles"),
        ("comments", "0002_moderator_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(give, take_back)]

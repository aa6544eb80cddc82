"""The staff group "Kiểm duyệt viên": members moderate comments and nothing else."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Kiểm duyệt viên"
PERMISSIONS = [
    ("comment", "view_comment"),
    ("comment", "change_comment"),
    ("comment", "moderate_comment"),
    ("bannedword", "view_bannedword"),
    ("bannedword", "add_bannedword"),
    ("bannedword", "change_bannedword"),
    ("bannedword", "delete_bannedword"),
    ("moderationlog", "view_moderationlog"),
]


def create_group(apps, schema_editor):
    # Permissions are normally created after `migrate` finishes; this group needs them now.
    app_config = apps.get_app_config("comments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    permissions = [
        Permission.objects.get(content_type__app_label="comments", content_type__model=model, codename=codename)
        for model, codename in PERMISSIONS
    ]
    group.permissions.set(permissions)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]

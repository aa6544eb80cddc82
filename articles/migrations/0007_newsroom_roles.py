"""The staff groups "Phóng viên" (reporters) and "Biên tập viên" (editors), with exactly these permissions.

Reporters write and submit their own stories (ownership is checked by the admin, not by a permission);
editors handle every story, its classification and redirects, and may also moderate comments.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER = "Phóng viên"
EDITOR = "Biên tập viên"

CRUD = ("add", "change", "delete", "view")

PERMISSIONS = {
    REPORTER: [
        ("articles", "article", ["add_article", "change_article", "view_article"]),
        # The byline and photo inlines of their own stories.
        ("articles", "articleauthor", [f"{verb}_articleauthor" for verb in CRUD]),
        ("articles", "articleimage", [f"{verb}_articleimage" for verb in CRUD]),
        # Choosing a section, localities and bylines in the form (autocomplete needs "view").
        ("articles", "section", ["view_section"]),
        ("articles", "locality", ["view_locality"]),
        ("articles", "author", ["view_author"]),
        ("articles", "tag", ["view_tag"]),
    ],
    EDITOR: [
        ("articles", "article", [f"{verb}_article" for verb in CRUD] + ["publish_article", "review_article"]),
        ("articles", "articleauthor", [f"{verb}_articleauthor" for verb in CRUD]),
        ("articles", "articleimage", [f"{verb}_articleimage" for verb in CRUD]),
        ("articles", "relatedpin", [f"{verb}_relatedpin" for verb in CRUD]),
        ("articles", "section", [f"{verb}_section" for verb in CRUD]),
        ("articles", "locality", [f"{verb}_locality" for verb in CRUD]),
        ("articles", "author", [f"{verb}_author" for verb in CRUD]),
        ("articles", "tag", [f"{verb}_tag" for verb in CRUD]),
        ("redirects", "redirect", [f"{verb}_redirect" for verb in CRUD]),
        ("comments", "comment", ["view_comment", "change_comment", "moderate_comment"]),
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after `migrate` finishes; these groups need them now.
    for label in ("articles", "redirects", "comments"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, entries in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [
                Permission.objects.get(content_type__app_label=app, content_type__model=model, codename=codename)
                for app, model, codenames in entries
                for codename in codenames
            ]
        )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_article_workflow_revisions"),
        ("comments", "0002_moderator_group"),
        ("redirects", "0002_alter_redirect_new_path_help_text"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]

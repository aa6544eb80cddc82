"""The ranks above the editor: "Thư ký tòa soạn" (the newsroom's secretary) and "Lãnh đạo tòa soạn" (the deputies and
the editor-in-chief), with exactly these permissions.

Both act at their steps of a section's approval chain: they read, edit (when they take a story over), approve, send
back and publish any story, and place its bylines, library photos and related stories; they arrange the front page.
They write no story of their own and delete none, manage no section, tag or redirect, and moderate no comment. The
leaders alone also set the chains. Permissions are added, never replaced: the royalties' migration gives these groups
theirs, in whichever order the two run.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SECRETARY = "Thư ký tòa soạn"
LEADER = "Lãnh đạo tòa soạn"

CRUD = ("add", "change", "delete", "view")

DESK = [
    ("articles", "article", ["view_article", "change_article", "review_article", "publish_article"]),
    ("articles", "articleauthor", [f"{verb}_articleauthor" for verb in CRUD]),
    ("articles", "frontplacement", ["arrange_frontpage"]),
    ("articles", "photo", ["view_photo", "add_photo", "change_photo"]),
    ("articles", "frontplacement", [f"{verb}_frontplacement" for verb in CRUD]),
    ("articles", "frontplacementlog", ["view_frontplacementlog"]),
    ("articles", "relatedpin", [f"{verb}_relatedpin" for verb in CRUD]),
    ("articles", "section", ["view_section"]),
    ("articles", "locality", ["view_locality"]),
    ("articles", "author", ["view_author"]),
    ("articles", "tag", ["view_tag"]),
]

PERMISSIONS = {
    SECRETARY: DESK,
    LEADER: [
        *DESK,
        ("articles", "approvalchain", [f"{verb}_approvalchain" for verb in CRUD]),
        ("articles", "approvalstep", [f"{verb}_approvalstep" for verb in CRUD]),
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after `migrate` finishes; these groups need them now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, entries in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *            [
                Permission.objects.get(content_type__app_label=app, content_type__model=model, codename=codename)
                for app, model, codenames in entries
                for codename in codenames
            ]
        )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_approval_chains"),
        ("articles", "0007_newsroom_roles"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]

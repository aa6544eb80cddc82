"""Genres with their frames (Decree 18/2014/NĐ-CP), the value of one unit, and who grades.

The frames are the decree's maxima for a daily paper; the decree is under revision, so all of it is editable in
the admin. Groups are fetched or created by name: the approval-chain migration creates the same two groups, and
permissions are only ever added here, never replaced.
"""

from datetime import date

from django.contrib.auth.management import create_permissions
from django.db import migrations

GENRES = [
    ("Tin", 10),
    ("Trả lời bạn đọc", 10),
    ("Ảnh", 10),
    ("Tranh, ký họa", 10),
    ("Bài viết, tường thuật", 20),
    ("Phỏng vấn", 30),
    ("Bình luận, chuyên luận", 30),
    ("Phóng sự, ký sự", 30),
]

LEADERS = "Lãnh đạo tòa soạn"
SECRETARIES = "Thư ký tòa soạn"
CRUD = ("add", "change", "delete", "view")
PERMISSIONS = {
    LEADERS: [
        ("work", ["grade_work", "view_work"]),
        ("month", ["close_month", "view_month"]),
        ("genre", [f"{verb}_genre" for verb in CRUD]),
        ("unitvalue", [f"{verb}_unitvalue" for verb in CRUD]),
    ],
    SECRETARIES: [
        ("work", ["grade_work", "view_work"]),
        ("month", ["view_month"]),
        ("genre", ["view_genre"]),
        ("unitvalue", ["view_unitvalue"]),
    ],
}


def seed(apps, schema_editor):
    Genre = apps.get_model("royalties", "Genre")
    for order, (name, frame) in enumerate(GENRES, start=1):
        Genre.objects.get_or_create(name=name, defaults={"max_coefficient": frame, "order": order})
    apps.get_model("royalties", "UnitValue").objects.get_or_create(
        valid_from=date(2024, 7, 1),
        defaults={"amount": 234_000, "note": "10 % mức lương cơ sở 2.340.000 đ (Nghị định 73/2024/NĐ-CP)"},
    )

    # Permissions are normally created after `migrate` finishes; these groups need them now.
    app_config = apps.get_app_config("royalties")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, entries in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *[
                Permission.objects.get(content_type__app_label="royalties", content_type__model=model, codename=code)
                for model, codes in entries
                for code in codes
            ]
        )


def unseed(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=list(PERMISSIONS)):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="royalties"))


class Migration(migrations.Migration):
    dependencies = [
        ("royalties", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, unseed)]

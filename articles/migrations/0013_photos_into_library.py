"""Every story's cover and every photo placed in a body become photos of the library.

A body photo keeps its number (Photo pk = ArticleImage pk), so the body's <figure class="body-image-N"> markers
stay as they are; covers get the numbers after them. Files and renditions are reused as they are, not encoded again
(the focal crops are made when an editor sets the focal point). The uses are recorded for "used in".
"""

import re
import unicodedata

from django.contrib.auth.management import create_permissions
from django.core.management.color import no_style
from django.db import migrations

BODY_IMAGE = re.compile(r'<figure\b[^>]*\bclass="[^"]*\bbody-image-(?P<pk>\d+)\b[^"]*"[^>]*>')
CREDIT_PREFIX = re.compile(r"^\s*ảnh\s*[:\-–—]?\s*", re.IGNORECASE)


def clean_credit(text):
    text = " ".join((text or "").split())
    while True:
        stripped = CREDIT_PREFIX.sub("", text, count=1)
        if stripped == text:
            return text
        text = stripped


def fold(text):
    text = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).lower().split())


def into_library(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    ArticleImage = apps.get_model("articles", "ArticleImage")
    Photo = apps.get_model("articles", "Photo")
    PhotoUse = apps.get_model("articles", "PhotoUse")
    Author = apps.get_model("articles", "Author")
    authors = {name.casefold(): pk for pk, name in Author.objects.values_list("pk", "pen_name")}

    def photo(pk, image, caption, credit, alt, renditions, created):
        credit = clean_credit(credit)
        return Photo(
            pk=pk,
            image=image,
            caption=caption,
            credit=credit,
            credit_author_id=authors.get(credit.casefold()) if credit else None,
            alt=alt,
            renditions=renditions or [],
            search_text=fold(" ".join([caption, credit, alt])),
            uploaded_at=created,
        )

    photos, uses = [], []
    for image in ArticleImage.objects.select_related("article").order_by("pk").iterator():
        photos.append(
            photo(image.pk, image.image.name, image.caption, image.credit, image.alt, image.renditions,
                  image.article.created_at)
        )
    next_pk = (photos[-1].pk if photos else 0) + 1
    covers = {}
    for article in Article.objects.exclude(cover="").order_by("pk").iterator():
        # Stories sharing one cover file (the demo's) share one library photo.
        if article.cover.name not in covers:
            photos.append(
                photo(next_pk, article.cover.name, article.cover_caption, article.cover_credit, article.cover_alt,
                      article.cover_renditions, article.created_at)
            )
            covers[article.cover.name] = next_pk
            next_pk += 1
    Photo.objects.bulk_create(photos, batch_size=500)
    if photos:
        # Explicit ids: PostgreSQL's sequence must move past them before the next upload.
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Photo]):
                cursor.execute(sql)

    known = {p.pk for p in photos}
    for article in Article.objects.only("pk", "body", "cover", "cover_credit").iterator():
        if article.cover.name:
            pk = covers[article.cover.name]
            Article.objects.filter(pk=article.pk).update(
                cover_photo_id=pk, cover_credit=clean_credit(article.cover_credit)
            )
            uses.append(PhotoUse(photo_id=pk, article_id=article.pk, kind="cover"))
        for pk in {int(m["pk"]) for m in BODY_IMAGE.finditer(article.body or "")} & known:
            uses.append(PhotoUse(photo_id=pk, article_id=article.pk, kind="body"))
    PhotoUse.objects.bulk_create(uses, batch_size=1000)


def out_of_library(apps, schema_editor):
    """Back to story files: covers return from the library (body photos return only if 0014 was not applied)."""
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.exclude(cover_photo=None).select_related("cover_photo").iterator():
        Article.objects.filter(pk=article.pk).update(cover=article.cover_photo.image.name, cover_photo=None)
    apps.get_model("articles", "PhotoUse").objects.all().delete()
    apps.get_model("articles", "Photo").objects.all().delete()


# The library in the staff groups of 0007: reporters upload and describe photos, editors also delete unused ones.
PHOTO_PERMISSIONS = {
    "Phóng viên": ["view_photo", "add_photo", "change_photo"],
    "Biên tập viên": ["view_photo", "add_photo", "change_photo", "delete_photo"],
}


def grant_library(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in PHOTO_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
            )
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="articles", content_type__model="articleimage")
            )


def revoke_library(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=list(PHOTO_PERMISSIONS)):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="articles", content_type__model="photo"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_photo_library"),
        ("articles", "0007_newsroom_roles"),
    ]

    operations = [
        migrations.RunPython(into_library, out_of_library),
        migrations.RunPython(grant_library, revoke_library),
    ]

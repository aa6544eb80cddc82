"""The data migration that moves every cover and body photo into the library (no django-test-migrations: Django's
MigrationExecutor directly). Migration names are found by their suffix, so renumbering at merge keeps this test."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article, Photo, PhotoUse

pytestmark = pytest.mark.django_db(transaction=True)

RENDITIONS = [
    {"width": 480, "height": 270, "webp": "renditions/covers/a-480.webp", "jpeg": "renditions/covers/a-480.jpg"}
]


def node(executor, suffix):
    [found] = [key for key in executor.loader.graph.nodes if key[0] == "articles" and key[1].endswith(suffix)]
    return found


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.fixture(autouse=True)
def back_to_the_latest_schema():
    """Going back before the library also unapplies what came after it (front slots, chains, tips, royalties):
    every app's latest migration is applied again after the test, so the tests after it find their tables."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_covers_and_body_photos_move_into_the_library_keeping_the_body_markers():
    executor = MigrationExecutor(connection)
    schema = node(executor, "_photo_library")
    [before] = [parent for parent in executor.loader.graph.node_map[schema].parents if parent.key[0] == "articles"]
    after = node(executor, "_library_replaces_story_files")

    old = migrate(before.key)
    Section = old.get_model("articles", "Section")
    OldArticle = old.get_model("articles", "Article")
    ArticleImage = old.get_model("articles", "ArticleImage")
    Author = old.get_model("articles", "Author")
    minh_hue = Author.objects.create(pen_name="Minh Huệ", slug="minh-hue")
    section = Section.objects.create(name="Thời sự", slug="thoi-su")
    first = OldArticle.objects.create(
        headline="Bài có ảnh bìa và ảnh trong bài",
        slug="bai-1",
        sapo="Tóm tắt",
        section=section,
        cover="covers/a.jpg",
        cover_caption="Cán bộ lão thành",
        cover_credit="Ảnh: Minh Huệ",
        cover_alt="Cán bộ",
        cover_renditions=RENDITIONS,
    )
    second = OldArticle.objects.create(
        headline="Bài dùng cùng ảnh bìa", slug="bai-2", sapo="Tóm tắt", section=section, cover="covers/a.jpg"
    )
    OldArticle.objects.create(headline="Bài không ảnh", slug="bai-3", sapo="Tóm tắt", section=section)
    ArticleImage.objects.create(pk=7, article=first, image="body/cau.jpg", caption="Cầu Bến Thủy", credit="Ảnh - Tuấn")
    ArticleImage.objects.create(pk=9, article=first, image="body/song.jpg", caption="Sông La")
    OldArticle.objects.filter(pk=first.pk).update(
        body='<p>Trước</p><figure class="body-image-7"><img src="/x.jpg"></figure><p>Sau</p>'
    )

    migrate(after)

    body_photo = Photo.objects.get(pk=7)
    assert (body_photo.image.name, body_photo.caption, body_photo.credit) == ("body/cau.jpg", "Cầu Bến Thủy", "Tuấn")
    assert "cau ben thuy" in body_photo.search_text
    assert Photo.objects.get(pk=9).caption == "Sông La"  # not placed, still in the library
    story = Article.objects.get(pk=first.pk)
    assert 'class="body-image-7"' in story.body and "Cầu Bến Thủy" in story.body_html
    cover = story.cover
    assert cover.image.name == "covers/a.jpg" and cover.renditions == RENDITIONS and cover.pk > 9
    assert cover.credit == "Minh Huệ" and cover.credit_author_id == minh_hue.pk
    assert story.cover_credit == "Minh Huệ"
    assert Article.objects.get(pk=second.pk).cover_id == cover.pk  # one library photo for one file
    assert Photo.objects.count() == 3
    assert set(PhotoUse.objects.values_list("photo_id", "article_id", "kind")) == {
        (7, first.pk, "body"),
        (cover.pk, first.pk, "cover"),
        (cover.pk, second.pk, "cover"),
    }
    # New uploads number on after the migrated photos (PostgreSQL's sequence moved past them).
    assert Photo.objects.create(image="photos/new.jpg").pk > cover.pk

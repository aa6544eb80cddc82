"""Derived data only: cached lists and cached pages are dropped when stories change."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from articles import cached
from articles.images import delete_renditions
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    FrontPlacement,
    Locality,
    Photo,
    RelatedPin,
    Section,
    Tag,
    TaggedArticle,
)
from core import pagecache

# Everything a public page shows about stories: headlines and bodies, bylines, library photos, sections,
# localities, tags, editors' pins and front-page placements.
CONTENT_MODELS = (
    Article,
    ArticleAuthor,
    Author,
    FrontPlacement,
    Locality,
    Photo,
    RelatedPin,
    Section,
    Tag,
    TaggedArticle,
)


def forget_cached_blocks(**kwargs):
    # Now, so that this transaction's own later reads (and tests) see fresh pages; and again after the commit,
    # because a page another request rendered in between from the old rows went under the token dropped now.
    pagecache.content_changed()
    transaction.on_commit(pagecache.content_changed)


def forget_structure(**kwargs):
    cached.forget_structure()
    transaction.on_commit(cached.forget_structure)


def forget_photo_files(sender, instance, **kwargs):
    # Renditions are derived files: gone with their photo once the deletion is committed. The original stays, as
    # backups and older revisions may name it.
    renditions = [*(instance.renditions or []), *(instance.crops or [])]
    transaction.on_commit(lambda: delete_renditions(renditions))


def connect():
    post_delete.connect(forget_photo_files, sender=Photo, dispatch_uid="photo-files")
    for model in CONTENT_MODELS:
        post_save.connect(forget_cached_blocks, sender=model, dispatch_uid=f"blocks-save-{model.__name__}")
        post_delete.connect(forget_cached_blocks, sender=model, dispatch_uid=f"blocks-delete-{model.__name__}")
    m2m_changed.connect(forget_cached_blocks, sender=Article.localities.through, dispatch_uid="blocks-localities")
    for model in (Section, Locality):
        post_save.connect(forget_structure, sender=model, dispatch_uid=f"structure-save-{model.__name__}")
        post_delete.connect(forget_structure, sender=model, dispatch_uid=f"structure-delete-{model.__name__}")

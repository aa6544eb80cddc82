"""Derived data only: cached page blocks are dropped once a change to stories is committed."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from articles import selectors
from articles.models import Article, RelatedPin, Section, TaggedArticle


def forget_cached_blocks(**kwargs):
    # After the commit: a page rendered in between must not cache the old data under the new generation.
    transaction.on_commit(selectors.forget_cached_blocks)


def connect():
    for model in (Article, RelatedPin, TaggedArticle, Section):
        post_save.connect(forget_cached_blocks, sender=model, dispatch_uid=f"blocks-save-{model.__name__}")
        post_delete.connect(forget_cached_blocks, sender=model, dispatch_uid=f"blocks-delete-{model.__name__}")
    m2m_changed.connect(forget_cached_blocks, sender=Article.localities.through, dispatch_uid="blocks-localities")

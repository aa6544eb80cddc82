"""Derived data only: cached blocks and cached pages are dropped when stories, or a story's comments, change."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from articles import selectors
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleImage,
    Author,
    Locality,
    RelatedPin,
    Section,
    Tag,
    TaggedArticle,
)
from newsroom import pagecache

# Everything a public page shows about stories: headlines and bodies, bylines, photos in the body, sections,
# localities, tags and editors' pins.
CONTENT_MODELS = (Article, ArticleAuthor, ArticleImage, Author, Locality, RelatedPin, Section, Tag, TaggedArticle)


def forget_cached_blocks(**kwargs):
    # Now, so that this transaction's own later reads (and tests) see fresh pages; and again after the commit,
    # because a page another request rendered in between from the old rows went under the token dropped now.
    selectors.forget_cached_blocks()
    transaction.on_commit(selectors.forget_cached_blocks)


def forget_structure(**kwargs):
    selectors.forget_structure()
    transaction.on_commit(selectors.forget_structure)


def comment_saved(sender, instance, **kwargs):
    # A new comment is pending: its story page changes only once a moderator publishes it.
    if instance.status == instance.Status.APPROVED:
        pagecache.stories_changed([instance.article_id])


def connect():
    from comments.models import Comment

    for model in CONTENT_MODELS:
        post_save.connect(forget_cached_blocks, sender=model, dispatch_uid=f"blocks-save-{model.__name__}")
        post_delete.connect(forget_cached_blocks, sender=model, dispatch_uid=f"blocks-delete-{model.__name__}")
    m2m_changed.connect(forget_cached_blocks, sender=Article.localities.through, dispatch_uid="blocks-localities")
    for model in (Section, Locality):
        post_save.connect(forget_structure, sender=model, dispatch_uid=f"structure-save-{model.__name__}")
        post_delete.connect(forget_structure, sender=model, dispatch_uid=f"structure-delete-{model.__name__}")
    # Moderation steps call pagecache.stories_changed themselves; these cover the admin's save and delete.
    post_save.connect(comment_saved, sender=Comment, dispatch_uid="pages-comment-save")
    post_delete.connect(comment_saved, sender=Comment, dispatch_uid="pages-comment-delete")

"""Derived data only: a story's cached page is dropped when one of its published comments is saved or deleted."""

from django.db.models.signals import post_delete, post_save

from comments.models import Comment
from core import pagecache


def comment_saved(sender, instance, **kwargs):
    # A new comment is pending: its story page changes only once a moderator publishes it. Moderation steps call
    # pagecache.stories_changed themselves; this covers the admin's save and delete.
    if instance.status == instance.Status.APPROVED:
        pagecache.stories_changed([instance.article_id])


def connect():
    post_save.connect(comment_saved, sender=Comment, dispatch_uid="pages-comment-save")
    post_delete.connect(comment_saved, sender=Comment, dispatch_uid="pages-comment-delete")

"""Derived data only: a story's cached page is dropped when one of its published comments is saved or deleted."""

from django.db.models.signals import post_delete, post_save

from comments import spam
from comments.models import Comment, SenderRule
from core import pagecache


def comment_saved(sender, instance, **kwargs):
    # A new comment is pending: its story page changes only once a moderator publishes it. Moderation steps call
    # pagecache.stories_changed themselves; this covers the admin's save and delete.
    if instance.status == instance.Status.APPROVED:
        pagecache.stories_changed([instance.article_id])


def forget_sender_rules(**kwargs):
    spam.forget_sender_rules()


def connect():
    post_save.connect(comment_saved, sender=Comment, dispatch_uid="pages-comment-save")
    post_delete.connect(comment_saved, sender=Comment, dispatch_uid="pages-comment-delete")
    post_save.connect(forget_sender_rules, sender=SenderRule, dispatch_uid="sender-rules-save")
    post_delete.connect(forget_sender_rules, sender=SenderRule, dispatch_uid="sender-rules-delete")

"""What the admin index shows moderators."""

from django import template

from comments.models import Comment

register = template.Library()


@register.simple_tag
def pending_comment_count():
    """How many comments wait for a moderator (one COUNT on the status index)."""
    return Comment.objects.pending().count()

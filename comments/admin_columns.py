"""What comments show in other apps' admin lists (core.adminhooks): the pending count beside each story."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from comments.models import Comment
from core import adminhooks


def pending_count():
    """Each story's pending comments: one correlated subquery in the story list's own query, not a query per row."""
    pending = (
        Comment.objects.pending()
        .filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(pending, output_field=IntegerField()), 0)


def pending_link(article, count):
    """The count, linked to the moderation desk filtered to this story."""
    if not count:
        return "0"
    url = reverse("comments_desk:desk") + "?" + urlencode({"article": article.pk})
    return format_html('<a href="{}" class="pending-comments">{}</a>', url, count)


def register():
    adminhooks.register(
        "articles.Article",
        "pending_comments",
        description=_("comments waiting"),
        annotation=pending_count,
        render=pending_link,
    )

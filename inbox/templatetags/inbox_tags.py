"""The admin's header count of "Việc của tôi" and the "who is editing" note on a story's change page."""

from django import template

from articles.models import Article
from inbox import presence

register = template.Library()


@register.simple_tag
def my_work_count(user):
    """Stories waiting for my step and my stories sent back: one COUNT each (none for awaiting without the role)."""
    return Article.objects.awaiting(user).count() + Article.objects.sent_back_to(user).count()


@register.inclusion_tag("inbox/_presence_box.html", takes_context=True)
def editing_now(context, article):
    """Record that this person has the story open, and show who else has (rendered with the page, so it is
    there before anyone types, with or without JavaScript)."""
    user = context["request"].user
    presence.touch(article.pk, user)
    return {"article": article, "editors": presence.others(article.pk, user)}

from django import template

from articles.models import Article

register = template.Library()


@register.simple_tag(takes_context=True)
def stories_in_review(context):
    """How many stories wait for this person's step of their chain, for the admin index."""
    return Article.objects.awaiting(context["request"].user).count()

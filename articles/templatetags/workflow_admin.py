from django import template

from articles.models import Article

register = template.Library()


@register.simple_tag
def stories_in_review():
    """How many stories wait for an editor, for the admin index."""
    return Article.objects.filter(status=Article.Status.REVIEW).count()

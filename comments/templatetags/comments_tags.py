"""The comment block of a story page (placeholder until the comments issue lands)."""

from django import template

register = template.Library()


@register.inclusion_tag("comments/_comments.html", takes_context=True)
def comments_for(context, article):
    return {"article": article, "comments": [], "count": 0, "request": context.get("request")}

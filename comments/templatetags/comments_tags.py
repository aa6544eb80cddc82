"""The comment block under a story: `{% comments_for article %}`."""

from django import template

from comments import spam, thread
from comments.forms import CommentForm, comments_open
from comments.models import Comment

register = template.Library()


@register.inclusion_tag("comments/_comments.html", takes_context=True)
def comments_for(context, article):
    """One page of approved comments with their replies (?binh-luan=N), the reader's own pending ones, the form."""
    request = context.get("request")
    query = request.GET if request is not None else {}
    is_open = comments_open(article)
    shown = thread.listing(request, article, thread.positive_int(query.get(thread.PAGE_PARAM)) or 1, is_open=is_open)

    form = context.get("comment_form") or getattr(request, "comment_form", None)
    reply_id = thread.positive_int(form.data.get("parent") if form is not None else query.get("tra-loi"))
    reply_to = shown.by_id.get(reply_id)
    if reply_id and reply_to is None:
        # A reply to a comment on another page (a refused form comes back on the first): one more query.
        reply_to = Comment.objects.visible().filter(article=article, pk=reply_id).first()
    if form is None and is_open:
        form = CommentForm(article=article, initial={"parent": reply_to.pk if reply_to else None})

    return {
        "article": article,
        "article_url": article.get_absolute_url(),
        "thread": shown.html,
        "page": shown.page,
        "count": shown.page.count,
        "is_open": is_open,
        "form": form,
        "form_ts": spam.form_timestamp(article.pk),
        "reply_to": reply_to,
        "request": request,
        "messages": context.get("messages"),
        "csrf_token": context.get("csrf_token"),
    }

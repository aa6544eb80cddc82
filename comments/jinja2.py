"""The comment block under a story for Jinja2 templates: `{{ comments_for(article) }}` (added by newsroom/jinja2.py)."""

from jinja2 import pass_context
from markupsafe import Markup

from comments import spam, thread
from comments.forms import CommentForm, comments_open
from comments.models import Comment


def block_context(request, article, form=None):
    """One page of approved comments with their replies (?binh-luan=N), the reader's own pending ones, the form."""
    query = request.GET if request is not None else {}
    is_open = comments_open(article)
    shown = thread.listing(request, article, thread.positive_int(query.get(thread.PAGE_PARAM)) or 1, is_open=is_open)

    form = form or getattr(request, "comment_form", None)
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
    }


@pass_context
def comments_for(context, article):
    """comments/_comments.html for this story, with the page's messages (the notice after posting)."""
    values = block_context(context.get("request"), article, context.get("comment_form"))
    values["messages"] = context.get("messages")
    return Markup(context.environment.get_template("comments/_comments.html").render(values))


GLOBALS = {"comments_for": comments_for}

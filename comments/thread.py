"""The comment list under a story, one page at a time: the story page's block and the "Xem thêm" fragment.

Its markup is templates/jinja2/comments/ (Jinja2 through Django's backend: 200 comments render in a few
milliseconds, several times faster than Django templates); the rest of the block is Django templates.
"""

import dataclasses

from django.template import engines
from django.utils.safestring import mark_safe

from comments import own
from comments.models import Comment

# ?binh-luan=2#binh-luan: page 2 of a story's comments (core.pagecache keeps this parameter in its keys).
PAGE_PARAM = "binh-luan"


def positive_int(value):
    """A positive whole number from the query string, or None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def render_comment(comment, *, is_own_pending=False, is_open=False, reply_url=""):
    """One comment's <article> (comments/_comment.html), as the list shows it."""
    context = {"comment": comment, "is_own_pending": is_own_pending, "is_open": is_open, "reply_url": reply_url}
    return engines["jinja2"].get_template("comments/_comment.html").render(context)


@dataclasses.dataclass
class Listing:
    """One page of comments as a reader sees it: the page, its rendered <li>s and the comments it shows by id."""

    page: object
    html: str
    by_id: dict


def listing(request, article, number, *, is_open):
    """Page `number` of the story's comments, with this browser's own pending ones (one more query, only for them).

    The reader's pending replies join their root when it is on this page; their pending top-level comments come
    after the approved ones on the first page, where posting brings them back.
    """
    page = Comment.objects.thread_page(article, number)
    roots = {root.pk: root for root in page.roots}
    pending_roots = []
    ids = own.posted_ids(request) if request is not None else None
    if ids:
        mine = Comment.objects.pending().filter(article=article, pk__in=ids).order_by("created_at", "id")
        for comment in mine:
            if comment.parent_id is None:
                if page.number == 1:
                    pending_roots.append(comment)
            elif comment.parent_id in roots:
                roots[comment.parent_id].pending_replies.append(comment)
    by_id = {}
    for root in page.roots:
        by_id[root.pk] = root
        by_id.update((reply.pk, reply) for reply in root.visible_replies)
    html = ""
    if page.roots or pending_roots:
        article_url = article.get_absolute_url()
        context = {
            "roots": page.roots,
            "pending_roots": pending_roots,
            "is_open": is_open,
            # Reply links keep the page, so the form opens under the same comments.
            "reply_url": f"{article_url}?" if page.number == 1 else f"{article_url}?{PAGE_PARAM}={page.number}&",
        }
        # The output of a template whose values Jinja2 escaped (autoescape), as Django's own widgets mark theirs.
        html = mark_safe(engines["jinja2"].get_template("comments/_thread.html").render(context))
    return Listing(page, html, by_id)

"""The comment list under a story, one page at a time: the story page's block and the "Xem thêm" fragment.

Its markup is templates/jinja2/comments/ (Jinja2 through Django's backend: 200 comments render in a few
milliseconds, several times faster than Django templates), as every public page. A page of comments is kept as
plain rows under the story's token (core.pagecache), which any change to its comments replaces.
"""

import dataclasses

from django.conf import settings
from django.core.cache import cache
from django.template import engines
from django.urls import reverse
from django.utils.safestring import mark_safe

from comments import own
from comments.models import Comment, ThreadPage
from core import pagecache

# ?binh-luan=2#binh-luan: page 2 of a story's comments (core.pagecache keeps this parameter in its keys).
PAGE_PARAM = "binh-luan"
# How long a page of comments is kept as rows; any change to the story's comments replaces its token sooner.
ROWS_SECONDS = 5 * 60
# A comment's columns and the strings of when it was posted (Comment.posted_iso and .posted_text): a page of
# comments is rendered without formatting a date.
COMMENT_FIELDS = ("id", "parent_id", "name", "body", "posted_iso", "posted_text", "is_featured")
REPORT_PLACEHOLDER = 987654321


def positive_int(value):
    """A positive whole number from the query string, or None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def report_link_parts():
    """{"report_prefix", "report_suffix"}: a report link is the comment's number between them. One reverse() for a
    page of comments instead of one per comment (a page shows up to 50 comments and their replies)."""
    prefix, _number, suffix = reverse("comments:report", args=[REPORT_PLACEHOLDER]).partition(str(REPORT_PLACEHOLDER))
    return {"report_prefix": prefix, "report_suffix": suffix}


def render_comment(comment, *, is_own_pending=False, is_open=False, reply_url=""):
    """One comment's <article> (comments/_comment.html), as the list shows it."""
    context = {"comment": comment, "is_own_pending": is_own_pending, "is_open": is_open, "reply_url": reply_url}
    context.update(report_link_parts())
    return engines["jinja2"].get_template("comments/_comment.html").render(context)


@dataclasses.dataclass
class Shown:
    """A published comment as the list shows it, from its row: what comments/_comment.html reads, and its replies."""

    id: int
    parent_id: int | None
    name: str
    body: str
    posted_iso: str
    posted_text: str
    is_featured: bool
    visible_replies: list = dataclasses.field(default_factory=list)
    pending_replies: list = dataclasses.field(default_factory=list)

    @property
    def pk(self):
        return self.id


def _row(comment):
    return {name: getattr(comment, name) for name in COMMENT_FIELDS}


def thread_page(article, number):
    """Comment.objects.thread_page() kept as plain rows under the story's token (core.pagecache), which any change to
    its comments replaces: the story page and its comment pages read them in one cache round trip when warm."""
    story_key = pagecache.STORY_KEY.format(article.pk)
    key = f"comments:page:{article.pk}:{number}:{settings.COMMENTS_PER_PAGE}"
    stored = cache.get_many([story_key, key])
    # Read before the query: rows read from older comments land under the token already replaced.
    token = stored.get(story_key) or pagecache.story_token(story_key)
    entry = stored.get(key)
    if not (isinstance(entry, dict) and entry.get("token") == token and entry.get("fields") == COMMENT_FIELDS):
        page = Comment.objects.thread_page(article, number)
        rows = [(_row(root), [_row(reply) for reply in root.visible_replies]) for root in page.roots]
        entry = {"token": token, "fields": COMMENT_FIELDS, "roots": rows, "count": page.count}
        entry.update(number=page.number, pages=page.pages)
        cache.set(key, entry, ROWS_SECONDS)
    roots = [Shown(**row, visible_replies=[Shown(**reply) for reply in replies]) for row, replies in entry["roots"]]
    return ThreadPage(roots, entry["count"], entry["number"], entry["pages"])


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
    page = thread_page(article, number)
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
            **report_link_parts(),
            "roots": page.roots,
            "pending_roots": pending_roots,
            "is_open": is_open,
            # Reply links keep the page, so the form opens under the same comments.
            "reply_url": f"{article_url}?" if page.number == 1 else f"{article_url}?{PAGE_PARAM}={page.number}&",
        }
        # The output of a template whose values Jinja2 escaped (autoescape), as Django's own widgets mark theirs.
        html = mark_safe(engines["jinja2"].get_template("comments/_thread.html").render(context))
    return Listing(page, html, by_id)

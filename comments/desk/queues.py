"""The moderation desk: the queues a moderator works through, one card per comment, and the desk head's figures.

Everything here reads; every decision goes through the Comment's own steps (approve, reject, mark_spam, hide),
the same ones the admin and the tests call.
"""

import collections
import datetime
import statistics

from django.db.models import (
    Case,
    CharField,
    Count,
    IntegerField,
    Min,
    OuterRef,
    Q,
    StringAgg,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comments import spam
from comments.diacritics import lacks_diacritics
from comments.models import Comment, CommentReport, ModerationLog

Status = Comment.Status
CARDS_PER_PAGE = 50


class Queue:
    """The desk's queues: name -> (label, filter)."""

    PENDING = "pending"
    REPORTED = "reported"
    BANNED = "banned"
    FEATURED = "featured"
    APPROVED = "approved"
    ALL = "all"
    CHOICES = {
        PENDING: (_("Pending"), Q(status=Status.PENDING)),
        REPORTED: (_("Reported by readers"), Q(status=Status.APPROVED, report_count__gt=0)),
        BANNED: (_("Held by a banned word"), Q(status=Status.PENDING) & ~Q(banned_match="")),
        FEATURED: (_("Good comments"), Q(status=Status.APPROVED, is_featured=True)),
        APPROVED: (_("Approved"), Q(status=Status.APPROVED)),
        ALL: (_("All"), Q()),
    }
    # Reported comments: those already off the page first, then the most reported.
    ORDER = {REPORTED: ("-hidden_by_reports", "-report_count")}


# A short list a moderator picks from in one keystroke; the note says the rest.
REJECT_REASONS = {
    "insult": _("Insulting or vulgar"),
    "off-topic": _("Not about the story"),
    "advertising": _("Advertising"),
    "false": _("False information"),
    "unlawful": _("Against the law"),
}


def earlier_count(status):
    """How many earlier comments with the same e-mail ended in `status`: one subquery, not a query per row."""
    earlier = (
        Comment.objects.filter(email=OuterRef("email"), status=status, created_at__lt=OuterRef("created_at"))
        .order_by()
        .values("email")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(earlier, output_field=IntegerField()), 0)


def filtered(queue=Queue.PENDING, section=None, article=None, email=None, network=None):
    """The comments of one queue, narrowed to a section, a story, an author's e-mail or an address range."""
    rows = Comment.objects.filter(Queue.CHOICES.get(queue, Queue.CHOICES[Queue.PENDING])[1])
    if section:
        rows = rows.filter(Q(article__section_id=section) | Q(article__section__parent_id=section))
    if article:
        rows = rows.filter(article_id=article)
    if email:
        rows = rows.filter(email=email.strip().lower())
    if network:
        rows = rows.filter(ip_address__startswith=network_prefix(network))
    return rows


def network_prefix(address):
    """The part of an address its /24 (IPv4) or /48 (IPv6) range shares: "203.0.113.7" -> "203.0.113."."""
    if ":" in address:
        return ":".join(address.split(":")[:3]) + ":"
    return ".".join(address.split(".")[:3]) + "."


def reports_joined(field, delimiter):
    """What readers wrote in their reports (`field`), joined: one subquery, not a query per card."""
    joined = (
        CommentReport.objects.filter(comment=OuterRef("pk"))
        .exclude(**{field: ""})
        .order_by()
        .values("comment")
        .annotate(joined=StringAgg(field, delimiter=Value(delimiter)))
        .values("joined")
    )
    return Subquery(joined, output_field=CharField())


def cards(rows, limit=CARDS_PER_PAGE, queue=Queue.PENDING):
    """The desk's cards, trusted readers first, then oldest first (the reported queue: hidden and most reported
    first): story, parent, author history, flags and readers' reports in one query for any number of cards."""
    rules = spam.sender_rules()
    trusted = Case(When(email__in=rules["trusted"], then=Value(0)), default=Value(1))
    comments = list(
        rows.annotate(trusted_first=trusted)
        .select_related("article", "parent", "moderated_by")
        .defer("article__body", "article__search_text")
        .annotate(
            approved_before=earlier_count(Status.APPROVED),
            rejected_before=earlier_count(Status.REJECTED),
            spam_before=earlier_count(Status.SPAM),
            # Notes are kept on one line when stored, so a line break separates them here.
            report_codes=reports_joined("reason", ","),
            report_notes=reports_joined("note", "\n"),
        )
        .order_by(*Queue.ORDER.get(queue, ()), "trusted_first", "created_at", "pk")[:limit]
    )
    labels = dict(CommentReport.Reason.choices)
    for comment in comments:
        comment.trusted = comment.email in rules["trusted"]
        comment.flags = flags(comment, rules)
        codes = collections.Counter((comment.report_codes or "").split(",")) if comment.report_codes else {}
        comment.report_reasons = [(labels.get(code, code), count) for code, count in sorted(codes.items())]
        comment.report_notes = comment.report_notes.split("\n") if comment.report_notes else []
    return comments


def flags(comment, rules):
    """What deserves a second look: the words a moderator checks before anything else, and who sent them."""
    found = []
    if spam.is_banned(comment.email, comment.ip_address, rules):
        found.append(_("Banned sender"))
    if lacks_diacritics(comment.body):
        found.append(_("No diacritics"))
    links = spam.count_links(comment.body)
    if links:
        found.append(_("%(count)d link(s)") % {"count": links})
    return found


def queue_counts():
    """{queue name: count} for the tabs, in one query."""
    return Comment.objects.aggregate(
        **{name: Count("pk", filter=condition) for name, (_label, condition) in Queue.CHOICES.items() if condition}
    )


def pending_by_section():
    """(section id, name, count, oldest) of sections with pending comments, the longest waiting first."""
    rows = (
        Comment.objects.pending()
        .values("article__section_id", "article__section__name")
        .annotate(count=Count("pk"), oldest=Min("created_at"))
        .order_by("oldest")
    )
    return [(r["article__section_id"], r["article__section__name"], r["count"], r["oldest"]) for r in rows]


def pending_by_story(limit=20):
    """(story id, headline, count, oldest) of the stories with pending comments, the longest waiting first."""
    rows = (
        Comment.objects.pending()
        .values("article_id", "article__headline")
        .annotate(count=Count("pk"), oldest=Min("created_at"))
        .order_by("oldest")[:limit]
    )
    return [(r["article_id"], r["article__headline"], r["count"], r["oldest"]) for r in rows]


def figures(now=None):
    """The desk head's figures: waiting, the oldest's age, decisions per moderator today, median time to decision."""
    now = now or timezone.now()
    waiting = Comment.objects.pending().aggregate(count=Count("pk"), oldest=Min("created_at"))
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    per_moderator = list(
        ModerationLog.objects.filter(created_at__gte=midnight, actor__isnull=False)
        .values("actor__username")
        .annotate(count=Count("pk"))
        .order_by("-count", "actor__username")
    )
    return {
        "waiting": waiting["count"],
        "oldest": waiting["oldest"],
        "per_moderator": [(row["actor__username"], row["count"]) for row in per_moderator],
        "median_day": median_wait(now - datetime.timedelta(days=1), now),
        "median_month": median_wait(now - datetime.timedelta(days=30), now),
    }


def median_wait(since, until):
    """Median minutes from posting to the latest decision, for comments a moderator decided in [since, until)."""
    pairs = Comment.objects.filter(
        moderated_at__gte=since, moderated_at__lt=until, moderated_by__isnull=False
    ).values_list("created_at", "moderated_at")
    waits = [(decided - posted).total_seconds() for posted, decided in pairs]
    return round(statistics.median(waits) / 60) if waits else None


LOG_PER_PAGE = 50


def decisions(moderator=None):
    """Every moderation step, newest first, with its comment, story and moderator in the same query."""
    rows = (
        ModerationLog.objects.select_related("actor", "comment", "comment__article")
        .only(
            "created_at",
            "from_status",
            "to_status",
            "reason",
            "note",
            "actor__username",
            "comment__name",
            "comment__body",
            "comment__article__headline",
        )
        .order_by("-created_at", "-id")
    )
    return rows.filter(actor_id=moderator) if moderator else rows


def moderators_with_decisions():
    """(id, username, count) of everyone who decided something, for the log's filter: one query."""
    rows = (
        ModerationLog.objects.filter(actor__isnull=False)
        .values("actor_id", "actor__username")
        .annotate(count=Count("pk"))
        .order_by("actor__username")
    )
    return [(row["actor_id"], row["actor__username"], row["count"]) for row in rows]

"""What readers write and its moderation: every state change goes through this module."""

import dataclasses
import ipaddress
import math
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from comments import emails, wordfilter
from comments.tasks import send_comment_mail
from core import pagecache
from core.outbox import Outbox, OutboxQuerySet
from core.text import normalize


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")
    HIDDEN = "hidden", _("Hidden")


S = CommentStatus

# The one place that says which moderation step may follow which.
# - pending: a moderator publishes it, refuses it or calls it spam;
# - approved: taken off the page again (hidden) or recognised as spam later;
# - hidden: published again;
# - rejected and spam: a moderator may change their mind and publish it after all.
# Nothing ever goes back to pending: the reader's status link only moves forward.
ALLOWED = {
    S.PENDING: {S.APPROVED, S.REJECTED, S.SPAM},
    S.APPROVED: {S.HIDDEN, S.SPAM},
    S.HIDDEN: {S.APPROVED},
    S.REJECTED: {S.APPROVED},
    S.SPAM: {S.APPROVED},
}


def sources_of(target):
    """The states from which a comment may move to `target`."""
    return [source for source, targets in ALLOWED.items() if target in targets]


class ModerationError(Exception):
    """A moderation step that could not be done."""


class InvalidTransition(ModerationError):
    """The transition table forbids this step (e.g. hiding a pending comment)."""

    def __init__(self, from_status, to_status):
        self.from_status = from_status
        self.to_status = to_status
        super().__init__(f"A comment cannot go from {from_status} to {to_status}.")


class ParentNotPublished(InvalidTransition):
    """A reply cannot be published under a comment readers do not see: it would never appear."""

    def __init__(self, comment):
        super().__init__(comment.status, S.APPROVED)


class ConcurrentModeration(ModerationError):
    """Someone else moderated this comment since it was loaded: nothing was overwritten."""


StaleComment = ConcurrentModeration


@dataclasses.dataclass(slots=True)
class ThreadPage:
    """One page of a story's comments: top-level comments (each with `visible_replies`) and where it sits."""

    roots: list
    count: int  # every approved comment shown under the story, replies included
    number: int
    pages: int

    @property
    def previous_number(self):
        return self.number - 1 if self.number > 1 else None

    @property
    def next_number(self):
        return self.number + 1 if self.number < self.pages else None


class CommentQuerySet(models.QuerySet):
    def visible(self):
        """Comments a reader may see: approved ones that readers' reports have not taken off the page."""
        return self.filter(status=S.APPROVED, hidden_by_reports=False)

    def pending(self):
        """Comments waiting for a moderator."""
        return self.filter(status=S.PENDING)

    def thread_page(self, article, number=1, per_page=None):
        """Page `number` of the story's approved top-level comments, oldest first, each with its approved replies.

        One query whatever the thread's size: the page's comments and their replies, each row carrying the thread's
        counts (two subqueries the database answers once). A reply whose root is not approved is neither shown nor
        counted. An out-of-range number gives the nearest page (a query for the counts, then the page again).
        """
        per_page = per_page or settings.COMMENTS_PER_PAGE
        shown = self.visible().filter(article=article)
        counted = shown.filter(
            Q(parent__isnull=True) | Q(parent__status=S.APPROVED, parent__hidden_by_reports=False)
        ).order_by()

        def total(queryset):
            counts = queryset.values("article_id").annotate(n=Count("pk")).values("n")
            return models.Subquery(counts, output_field=models.IntegerField())

        def page_of(number):
            start = (max(1, number) - 1) * per_page
            # Featured comments ("Bình luận hay") come first, on the first page; then the oldest first.
            page_roots = (
                shown.filter(parent__isnull=True)
                .order_by("-is_featured", "created_at", "id")
                .values("pk")[start : start + per_page]
            )
            rows = (
                shown.filter(Q(pk__in=page_roots) | Q(parent__in=page_roots))
                .only("pk", "parent_id", "name", "body", "created_at", "is_featured")
                .annotate(thread_count=total(counted), thread_roots=total(counted.filter(parent__isnull=True)))
                .order_by("-is_featured", "created_at", "id")
            )
            return list(rows)

        comments = page_of(number)
        if comments:
            count, roots_count = comments[0].thread_count, comments[0].thread_roots
        elif number <= 1:
            count = roots_count = 0  # no top-level comment on the first page: none at all
        else:
            counts = counted.aggregate(count=Count("pk"), roots=Count("pk", filter=Q(parent__isnull=True)))
            count, roots_count = counts["count"], counts["roots"]
        pages = max(1, math.ceil(roots_count / per_page))
        if not 1 <= number <= pages:
            number = min(max(1, number), pages)
            comments = page_of(number) if roots_count else []
        roots = {comment.pk: comment for comment in comments if comment.parent_id is None}
        for comment in comments:
            comment.visible_replies, comment.pending_replies = [], []
        for comment in comments:
            if comment.parent_id is not None:
                roots[comment.parent_id].visible_replies.append(comment)
        return ThreadPage(list(roots.values()), count, number, pages)

    def submit(
        self,
        *,
        article,
        name,
        email,
        body,
        parent=None,
        ip_address=None,
        user_agent="",
        notify_on_approval=False,
        banned_match="",
        banned_action=None,
    ):
        """Store a reader's comment for moderation; a reply to a reply joins its thread's root."""
        if parent is not None:
            if parent.article_id != article.pk:
                raise ValueError("A reply must belong to the same article as its parent.")
        parent_id = (parent.parent_id or parent.pk) if parent is not None else None
        with transaction.atomic():
            comment = Comment.objects.create(
                article=article,
                parent_id=parent_id,
                name=normalize(name)[:80],
                email=email.strip().lower()[:254],
                body=normalize(body),
                ip_address=ip_address or None,
                user_agent=(user_agent or "")[:300],
                notify_on_approval=notify_on_approval,
                banned_match=(banned_match or "")[:100],
            )
            if banned_action == BannedWord.Action.REJECT:
                # Refused automatically, logged like any other step (no moderator).
                comment._move(S.REJECTED, None, reason=str(_("Banned word: %(word)s") % {"word": banned_match}))
        return comment

    def _bulk_move(self, target, moderator, *, reason="", extra=None):
        """Move every comment here that may go to `target`: one SELECT, one UPDATE, one bulk insert of log rows."""
        now = timezone.now()
        with transaction.atomic():
            # Lock through a plain pk subquery: the admin's queryset may carry joins, DISTINCT or annotations.
            rows = list(
                Comment.objects.filter(pk__in=self.values("pk"), status__in=sources_of(target))
                .select_for_update()
                .order_by()
                .values_list("pk", "status", "notify_on_approval", "article_id")
            )
            if not rows:
                return 0
            ids = [pk for pk, _status, _notify, _article in rows]
            changed = Comment.objects.filter(pk__in=ids).update(
                status=target,
                moderated_by=moderator,
                moderated_at=now,
                version=F("version") + 1,
                **(extra or {}),
            )
            ModerationLog.objects.bulk_create(
                ModerationLog(
                    comment_id=pk,
                    actor=moderator,
                    from_status=status,
                    to_status=target,
                    reason=reason,
                    created_at=now,
                )
                for pk, status, _notify, _article in rows
            )
            if target in (S.HIDDEN, S.SPAM):
                CommentReport.objects.filter(comment_id__in=ids).delete()  # the reports are dealt with
            # Story pages show approved comments and their count: publishing or withdrawing one refreshes them.
            pagecache.stories_changed(
                [article for _pk, status, _notify, article in rows if S.APPROVED in (status, target)]
            )
            if target == S.APPROVED:
                CommentMail.objects.queue_approval_mails(
                    Comment.objects.filter(pk__in=[pk for pk, _status, notify, _article in rows if notify])
                )
        return changed

    def approve(self, moderator):
        """Publish every comment here that may be published; returns how many changed.

        Top-level comments first, then the replies whose comment is published by then: a reply under a comment
        readers do not see would never appear, so it stays where it is.
        """
        roots = self._bulk_move_filtered(Q(parent__isnull=True), S.APPROVED, moderator)
        return roots + self._bulk_move_filtered(Q(parent__status=S.APPROVED), S.APPROVED, moderator)

    def _bulk_move_filtered(self, condition, target, moderator):
        return Comment.objects.filter(pk__in=self.values("pk")).filter(condition)._bulk_move(target, moderator)

    def reject(self, moderator, reason=""):
        """Refuse every pending comment here (or other allowed sources); returns how many changed."""
        reason = (reason or "").strip()[:500]
        return self._bulk_move(S.REJECTED, moderator, reason=reason, extra={"rejection_reason": reason})

    def mark_spam(self, moderator):
        """Call every comment here that may be spam, spam; returns how many changed."""
        return self._bulk_move(S.SPAM, moderator, extra=REPORTS_CLEARED)

    def hide(self, moderator, reason=""):
        """Take every approved comment here off the page; returns how many changed."""
        return self._bulk_move(S.HIDDEN, moderator, reason=(reason or "").strip()[:500], extra=REPORTS_CLEARED)

    def set_featured(self, moderator, featured=True):
        """Mark (or unmark) every approved comment here as "Bình luận hay": one UPDATE, one bulk insert of log rows."""
        now = timezone.now()
        reason = str(_("Featured") if featured else _("No longer featured"))
        with transaction.atomic():
            rows = list(
                Comment.objects.filter(pk__in=self.values("pk"), status=S.APPROVED)
                .exclude(is_featured=featured)
                .select_for_update()
                .order_by()
                .values_list("pk", "article_id")
            )
            if not rows:
                return 0
            changed = Comment.objects.filter(pk__in=[pk for pk, _a in rows]).update(
                is_featured=featured, moderated_by=moderator, moderated_at=now, version=F("version") + 1
            )
            ModerationLog.objects.bulk_create(
                ModerationLog(
                    comment_id=pk, actor=moderator, from_status=S.APPROVED, to_status=S.APPROVED, reason=reason
                )
                for pk, _a in rows
            )
            pagecache.stories_changed([article for _pk, article in rows])
        return changed


# What a moderator's decision on a reported comment resets: its reports are dealt with.
REPORTS_CLEARED = {"report_count": 0, "hidden_by_reports": False}


class Comment(models.Model):
    """A reader's comment on a story, published only after a moderator approves it."""

    Status = CommentStatus
    ALLOWED = ALLOWED

    class EditReason(models.TextChoices):
        SPELLING = "spelling", _("Spelling")
        DIACRITICS = "diacritics", _("Added diacritics")
        SHORTENED = "shortened", _("Shortened")
        VIOLATION = "violation", _("Removed a violation")
        OTHER = "other", _("Other reason")

    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments"
    )
    # Always a top-level comment: one level of nesting, as on Vietnamese news sites.
    parent = models.ForeignKey(
        "self", verbose_name=_("in reply to"), null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(_("email"))
    body = models.TextField(_("comment"))
    original_body = models.TextField(
        _("reader's original text"), blank=True, help_text=_("Kept when a moderator edits the comment.")
    )
    status = models.CharField(_("status"), max_length=20, choices=CommentStatus, default=CommentStatus.PENDING)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edit_reason = models.CharField(_("edit reason"), max_length=20, choices=EditReason, blank=True)
    edit_note = models.CharField(_("edit note"), max_length=500, blank=True)
    rejection_reason = models.CharField(_("rejection reason"), max_length=500, blank=True)
    # Kept for abuse handling only; `manage.py erase_comment_ips` blanks them after COMMENTS_IP_RETENTION_DAYS.
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    notify_on_approval = models.BooleanField(_("e-mail me when published"), default=False)
    token = models.UUIDField(_("status token"), default=uuid.uuid4, unique=True, editable=False)
    banned_match = models.CharField(_("banned word matched"), max_length=100, blank=True)
    is_featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown first under the story, marked “Good comment”.")
    )
    # Readers' reports waiting for a moderator (CommentReport rows); past the threshold the comment leaves the page.
    report_count = models.PositiveIntegerField(_("reports"), default=0, editable=False)
    hidden_by_reports = models.BooleanField(_("hidden after readers' reports"), default=False, editable=False)
    # A moderator kept it after reports: later reports queue it again but no longer take it off the page.
    reports_kept_at = models.DateTimeField(_("kept after reports"), null=True, blank=True, editable=False)
    # Bumped by every moderation step: a step taken on a stale copy changes nothing.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("moderate_comment", "Can moderate comments")]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_article_status"),
            models.Index(fields=["status", "created_at"], name="comment_status_created"),
            models.Index(fields=["email"], name="comment_email"),
            models.Index(fields=["status", "report_count"], name="comment_reported"),
        ]

    def __str__(self):
        return f"{self.name}: {self.body[:60]}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    # When it was posted, in the site's time zone, as the list shows it (comments/_comment.html): a page of comments
    # keeps these strings in its rows (comments/thread.py), so rendering it formats no date.

    @property
    def posted_iso(self):
        """ "2026-01-05T07:59:12+07:00", for <time datetime>."""
        return timezone.localtime(self.created_at).replace(microsecond=0).isoformat()

    @property
    def posted_text(self):
        """ "05/01/2026 07:59"."""
        return timezone.localtime(self.created_at).strftime("%d/%m/%Y %H:%M")

    def get_status_url(self):
        """The reader's private link to this comment's status."""
        return reverse("comments:status", args=[self.token])

    def banned_context(self):
        """(before, matched words, after) of the banned entry that held this comment, or None."""
        if not self.banned_match:
            return None
        match = wordfilter.search(self.original_body or self.body, [self.banned_match])
        return match.context() if match else None

    @property
    def is_edited(self):
        return bool(self.original_body) and self.original_body != self.body

    def can_move_to(self, target):
        return target in ALLOWED.get(self.status, set())

    def _move(self, target, moderator, *, reason="", note="", correction=False, **fields):
        """One guarded step: checks the table, updates only if nobody moved first, logs it.

        `correction`: the comment keeps its state (a published text corrected), which the table does not list.
        """
        if not (correction and target == self.status) and not self.can_move_to(target):
            raise InvalidTransition(self.status, target)
        now = timezone.now()
        with transaction.atomic():
            changed = Comment.objects.filter(pk=self.pk, version=self.version, status=self.status).update(
                status=target, moderated_by=moderator, moderated_at=now, version=F("version") + 1, **fields
            )
            if not changed:
                raise ConcurrentModeration(
                    f"Comment {self.pk} was moderated by someone else since it was loaded; reload it."
                )
            ModerationLog.objects.create(
                comment=self,
                actor=moderator,
                from_status=self.status,
                to_status=target,
                reason=reason,
                note=note,
                created_at=now,
            )
            if S.APPROVED in (self.status, target):
                pagecache.stories_changed([self.article_id])
            if target == S.APPROVED and self.status != S.APPROVED and self.notify_on_approval:
                CommentMail.objects.queue_approval_mails(Comment.objects.filter(pk=self.pk))
        for field, value in fields.items():
            setattr(self, field, value)
        self.status = target
        self.moderated_by = moderator
        self.moderated_at = now
        self.version += 1

    def _edit(self, body, reason, note):
        """The fields of a moderator's edit (the reader's first original kept), or {} when the text is unchanged."""
        if body is None:
            return {}
        body = normalize(body)
        if body == self.body:
            return {}
        if not body.strip():
            raise ValueError("A published comment cannot be empty.")
        reason = reason or self.EditReason.OTHER
        if reason not in self.EditReason.values:
            raise ValueError(f"Unknown edit reason: {reason!r}")
        # The first original stays: a second edit must not overwrite what the reader wrote.
        return {
            "body": body,
            "original_body": self.original_body or self.body,
            "edit_reason": reason,
            "edit_note": (note or "").strip()[:500],
        }

    def approve(self, moderator, *, body=None, reason="", note=""):
        """Publish the comment; a moderator's edit keeps the reader's original and records who, when and why."""
        if self.parent_id and self.parent.status != S.APPROVED:
            raise ParentNotPublished(self)
        fields = self._edit(body, reason, note)
        log_reason = str(self.EditReason(fields["edit_reason"]).label) if fields else ""
        self._move(S.APPROVED, moderator, reason=log_reason, note=fields.get("edit_note", ""), **fields)

    def correct(self, moderator, *, body, reason="", note=""):
        """Correct a published comment's text: it stays published, the reader's original is kept, the step logged."""
        if self.status != S.APPROVED:
            raise InvalidTransition(self.status, S.APPROVED)
        fields = self._edit(body, reason, note)
        if fields:
            label = str(self.EditReason(fields["edit_reason"]).label)
            self._move(S.APPROVED, moderator, reason=label, note=fields["edit_note"], correction=True, **fields)

    def reject(self, moderator, reason=""):
        """Refuse the comment, with an optional reason."""
        reason = (reason or "").strip()[:500]
        self._move(S.REJECTED, moderator, reason=reason, rejection_reason=reason)

    def hide(self, moderator, reason=""):
        """Take a published comment off the page again; its readers' reports are dealt with."""
        with transaction.atomic():
            self._move(S.HIDDEN, moderator, reason=(reason or "").strip()[:500], **REPORTS_CLEARED)
            self.reports.all().delete()

    def mark_spam(self, moderator):
        """File the comment as spam."""
        with transaction.atomic():
            self._move(S.SPAM, moderator, **REPORTS_CLEARED)
            self.reports.all().delete()

    def keep(self, moderator, note=""):
        """A moderator read the readers' reports and keeps the comment published: the reports are cleared."""
        if self.status != S.APPROVED or not (self.report_count or self.hidden_by_reports):
            raise InvalidTransition(self.status, S.APPROVED)
        reason = str(_("Kept after %(count)d report(s)") % {"count": self.report_count})
        with transaction.atomic():
            # `correction`: the comment stays published; the step is still guarded by its version and logged.
            self._move(
                S.APPROVED,
                moderator,
                reason=reason,
                note=(note or "").strip()[:500],
                correction=True,
                reports_kept_at=timezone.now(),
                **REPORTS_CLEARED,
            )
            self.reports.all().delete()

    def set_featured(self, moderator, featured=True):
        """Mark (or unmark) a published comment as "Bình luận hay": it shows first under the story."""
        if self.status != S.APPROVED:
            raise InvalidTransition(self.status, S.APPROVED)
        if self.is_featured == featured:
            return
        reason = str(_("Featured") if featured else _("No longer featured"))
        self._move(S.APPROVED, moderator, reason=reason, correction=True, is_featured=featured)

    def report(self, address, reason, note=""):
        """A reader reports this published comment; False if this address reported it already.

        Past COMMENTS_REPORT_HIDE_THRESHOLD distinct reporters, counted by address range so that one person with a
        few addresses is one reporter, the comment leaves the page until a moderator decides. A featured comment,
        a trusted reader's and one a moderator kept after earlier reports stay: reports only queue them.
        """
        if self.status != S.APPROVED:
            raise InvalidTransition(self.status, S.APPROVED)
        reporter, network = CommentReport.keys_for(address)
        with transaction.atomic():
            _report, created = CommentReport.objects.get_or_create(
                comment=self,
                reporter=reporter,
                defaults={"network": network, "reason": reason, "note": " ".join(normalize(note or "").split())[:300]},
            )
            if not created:
                return False
            Comment.objects.filter(pk=self.pk).update(report_count=F("report_count") + 1)
            self.report_count += 1
            if self._reports_hide_it():
                hidden = Comment.objects.filter(pk=self.pk, status=S.APPROVED, hidden_by_reports=False).update(
                    hidden_by_reports=True
                )
                if hidden:
                    self.hidden_by_reports = True
                    ModerationLog.objects.create(
                        comment=self,
                        actor=None,
                        from_status=S.APPROVED,
                        to_status=S.APPROVED,
                        reason=str(_("Hidden after readers' reports, until a moderator decides")),
                    )
                    pagecache.stories_changed([self.article_id])
        return True

    def _reports_hide_it(self):
        threshold = settings.COMMENTS_REPORT_HIDE_THRESHOLD
        if threshold <= 0 or self.hidden_by_reports or self.is_featured or self.reports_kept_at:
            return False
        if self.reports.values("network").distinct().count() < threshold:
            return False
        trusted = SenderRule.objects.active().filter(
            kind=SenderRule.Kind.EMAIL, action=SenderRule.Action.TRUST, value=self.email
        )
        return not trusted.exists()


class SenderRuleQuerySet(models.QuerySet):
    def active(self, now=None):
        """Rules in force now: for ever, or until a time still to come."""
        return self.filter(models.Q(until__isnull=True) | models.Q(until__gt=now or timezone.now()))


class SenderRule(models.Model):
    """A moderator's rule about one sender: an e-mail or an address range banned for a while or for ever, or an
    e-mail trusted (its comments come first on the desk; every comment is still read before it appears)."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("E-mail address")
        NETWORK = "network", _("Address range")

    class Action(models.TextChoices):
        BAN = "ban", _("Ban")
        TRUST = "trust", _("Trusted reader")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.EMAIL)
    value = models.CharField(
        _("e-mail or address range"),
        max_length=254,
        help_text=_("An e-mail address, or a range such as 203.0.113.0/24."),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action, default=Action.BAN)
    until = models.DateTimeField(_("until"), null=True, blank=True, help_text=_("Empty: for ever."))
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SenderRuleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sender rule")
        verbose_name_plural = _("sender rules")
        indexes = [models.Index(fields=["kind", "value"])]

    def __str__(self):
        return f"{self.get_action_display()}: {self.value}"

    def clean(self):
        value = (self.value or "").strip()
        if self.kind == self.Kind.EMAIL:
            self.value = value.lower()
            validate_email(self.value)
        else:
            try:
                self.value = str(ipaddress.ip_network(value, strict=False))
            except ValueError as exc:
                raise ValidationError({"value": _("Type an address range such as 203.0.113.0/24.")}) from exc
            if self.action == self.Action.TRUST:
                raise ValidationError({"action": _("Only an e-mail address can be trusted.")})


class CommentMailQuerySet(OutboxQuerySet):
    def queue_approval_mails(self, comments):
        """One outbox row per reader who asked to be told, written with the approval; sent after it commits."""
        mails = self.bulk_create(
            CommentMail(comment_id=pk, kind=CommentMail.Kind.APPROVED, to=email)
            for pk, email in comments.filter(notify_on_approval=True).exclude(email="").values_list("pk", "email")
        )
        ids = [mail.pk for mail in mails]
        if ids:
            transaction.on_commit(lambda: [send_comment_mail.enqueue(pk) for pk in ids])
        return len(ids)


class CommentMail(Outbox):
    """One e-mail to a reader about their comment: the outbox row the task queue sends from, at most once.

    The task (comments/tasks.py) carries only this row's id, so the queue's own rows hold no address. A
    worker claims the row with one conditional UPDATE before sending and marks it sent after, so a second
    run of the same task, or a second worker, finds nothing to send.
    """

    class Kind(models.TextChoices):
        APPROVED = "approved", _("Comment published")

    comment = models.ForeignKey(Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="mails")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    to = models.EmailField(_("to"))

    objects = CommentMailQuerySet.as_manager()

    class Meta(Outbox.Meta):
        verbose_name = _("e-mail to a reader")
        verbose_name_plural = _("e-mails to readers")

    def __str__(self):
        return f"{self.kind} #{self.comment_id}"

    def message(self):
        comment = Comment.objects.select_related("article").get(pk=self.comment_id)
        return emails.approval_message(comment, self.to)


class BannedWord(models.Model):
    """A word moderators do not want published; matched as whole words with the same tone marks (any case)."""

    class Action(models.TextChoices):
        HOLD = "hold", _("Hold for moderation")
        REJECT = "reject", _("Reject")

    word = models.CharField(_("word or phrase"), max_length=100, unique=True)
    action = models.CharField(_("action"), max_length=10, choices=Action, default=Action.HOLD)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("banned word")
        verbose_name_plural = _("banned words")

    @staticmethod
    def would_have_caught(word, recent=1000):
        """(how many, of how many) of the most recent published comments this entry would have held."""
        bodies = list(
            Comment.objects.filter(status=Comment.Status.APPROVED)
            .order_by("-created_at")
            .values_list("body", flat=True)[:recent]
        )
        return sum(1 for body in bodies if wordfilter.search(body, [word])), len(bodies)

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = normalize(self.word).strip()
        super().save(*args, **kwargs)


class CommentReport(models.Model):
    """A reader's report ("Báo vi phạm") of a published comment: one per comment and address, no account needed.

    The address itself is not kept, only keyed hashes of it and of its range (/24 for IPv4, /48 for IPv6): enough to
    refuse a second report and to count distinct reporters, nothing to give away.
    """

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Insulting or vulgar")
        FALSE = "false", _("False information")
        OTHER = "other", _("Other")

    comment = models.ForeignKey(Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=10, choices=Reason)
    note = models.CharField(_("note"), max_length=300, blank=True)
    reporter = models.CharField(max_length=64, editable=False)
    network = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("reader's report")
        verbose_name_plural = _("readers' reports")
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_address")]

    def __str__(self):
        return f"{self.comment_id}: {self.reason}"

    @staticmethod
    def keys_for(address):
        """(reporter, range) keys of a client address: keyed hashes, so the table holds no address."""
        address = address or "unknown"
        try:
            ip = ipaddress.ip_address(address)
            network = str(ipaddress.ip_network(f"{ip}/{24 if ip.version == 4 else 48}", strict=False))
        except ValueError:
            network = address

        def key(value):
            return salted_hmac("comments.report", value, algorithm="sha256").hexdigest()

        return key(address), key(network)


class ModerationLog(models.Model):
    """One moderation step: who moved which comment from which state to which, and why. Never edited."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="log_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(_("from status"), max_length=20, choices=CommentStatus)
    to_status = models.CharField(_("to status"), max_length=20, choices=CommentStatus)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")

    def __str__(self):
        return f"{self.comment_id}: {self.from_status} → {self.to_status}"


class DataRequestLog(models.Model):
    """One handled personal-data request: who exported or erased what the paper held for an address. Never edited."""

    class Action(models.TextChoices):
        EXPORT = "export", _("Export")
        ERASE = "erase", _("Erasure")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action)
    # A SHA-256 of the normalised address, never the address: the log must not keep what was erased,
    # yet staff can still answer "was this address handled?" by hashing it again.
    email_hash = models.CharField(_("e-mail address hash"), max_length=64, db_index=True)
    comment_count = models.PositiveIntegerField(_("comments found"), default=0)
    anonymised_count = models.PositiveIntegerField(_("comments anonymised"), default=0)
    deleted_count = models.PositiveIntegerField(_("comments deleted"), default=0)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        permissions = [("handle_personal_data", "Can find, export and erase commenters' personal data")]

    def __str__(self):
        return f"{self.action} {self.email_hash[:12]} ({self.comment_count})"

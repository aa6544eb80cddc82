"""An e-mail outbox row: what the task queue sends from, at most once, with retries after a mail server's failure.

Readers' comment mail (comments.CommentMail), staff notifications (inbox.Notification) and replies to tipsters
(tips.TipReply) are each a concrete model of `Outbox`. The task carries only the row's id, so the queue's own rows
hold no address. A worker claims the row with one conditional UPDATE before sending, so a task run twice, or two
workers, send one mail; a worker that died mid-send leaves its claim, which another may take after CLAIM.
"""

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True, failed_at__isnull=True)

    def due(self, now):
        """Rows still to send whose next attempt is due and that no worker is sending."""
        return self.unsent().filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now), next_attempt_at__lte=now)


class Outbox(models.Model):
    # About a day of retries before the mail is given up.
    RETRY_DELAYS = (
        datetime.timedelta(minutes=1),
        datetime.timedelta(minutes=5),
        datetime.timedelta(minutes=30),
        datetime.timedelta(hours=2),
        datetime.timedelta(hours=6),
        datetime.timedelta(hours=12),
    )
    # Far above EMAIL_TIMEOUT: a claim older than this belongs to a worker that died.
    CLAIM = datetime.timedelta(minutes=10)
    # Fields deliver() reads again after claiming (another process may have changed them since this row was read).
    REFRESH = ("attempts",)

    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When the next attempt is due: a run before then (a duplicate of the task) sends nothing.
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_until = models.DateTimeField(_("being sent until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    failed_at = models.DateTimeField(_("given up"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def sendable(self, rows):
        """Narrow the claim to rows that may still be sent (a subclass drops, say, rows whose address was erased)."""
        return rows

    def claim(self, now):
        """Take the row for sending; False if it was sent, given up, not due or being sent by someone else."""
        rows = OutboxQuerySet(type(self)).filter(pk=self.pk).due(now)
        return bool(self.sendable(rows).update(claimed_until=now + self.CLAIM, attempts=F("attempts") + 1))

    def retry_at(self):
        """When a failed send is tried again: a longer wait after each failure; None once attempts run out."""
        if self.attempts > len(self.RETRY_DELAYS):
            return None
        return timezone.now() + self.RETRY_DELAYS[self.attempts - 1]

    def message(self):
        """The EmailMessage to send, or None when there is nothing to say any more (the row then counts as sent)."""
        raise NotImplementedError

    def deliver(self, build_message=None):
        """Send at most once; returns "sent", "skipped" (sent, given up or being sent), "retry" or "failed".

        `build_message(row)`, when given, makes the mail instead of message()."""
        if not self.claim(timezone.now()):
            return "skipped"
        self.refresh_from_db(fields=list(self.REFRESH))
        try:
            message = build_message(self) if build_message else self.message()
            if message is not None:
                message.send()
        except Exception as error:  # any failure of the mail server is kept and tried again, never raised
            # The class only: SMTP messages can quote the address, and this row outlives its erasure in logs.
            self.last_error = type(error).__name__[:200]
            self.claimed_until = None
            retry_at = self.retry_at()
            self.next_attempt_at = retry_at or self.next_attempt_at
            self.failed_at = None if retry_at else timezone.now()
            self.save(update_fields=["last_error", "claimed_until", "next_attempt_at", "failed_at"])
            return "retry" if self.failed_at is None else "failed"
        self.sent_at = timezone.now()
        self.claimed_until = None
        self.save(update_fields=["sent_at", "claimed_until"])
        return "sent"

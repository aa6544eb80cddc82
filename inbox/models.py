"""What each staff member wants to hear about by e-mail, and the outbox those e-mails are sent from."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    """Something that happened to a story that somebody may want an e-mail about."""

    SENT_BACK = "sent_back", _("My story was sent back to me")
    AWAITING = "awaiting", _("A story is waiting for my step")
    PUBLISHED = "published", _("My story was published")
    SCHEDULED_OUT = "scheduled_out", _("My scheduled story went out")


class NotificationPreferenceQuerySet(models.QuerySet):
    def wanting(self, event, user_ids):
        """The ids among `user_ids` who want e-mail about `event` (everyone does until they say otherwise)."""
        declined = set(self.filter(user_id__in=user_ids, **{event: False}).values_list("user_id", flat=True))
        return [pk for pk in user_ids if pk not in declined]


class NotificationPreference(models.Model):
    """Which e-mails one staff member gets; a person without a row gets them all."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    sent_back = models.BooleanField(Event.SENT_BACK.label, default=True)
    awaiting = models.BooleanField(Event.AWAITING.label, default=True)
    published = models.BooleanField(Event.PUBLISHED.label, default=True)
    scheduled_out = models.BooleanField(Event.SCHEDULED_OUT.label, default=True)

    objects = NotificationPreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")

    def __str__(self):
        return str(self.user)

    @classmethod
    def of(cls, user):
        """The user's preferences, or the defaults (not saved) if they never chose."""
        return cls.objects.filter(user=user).first() or cls(user=user)


class NotificationQuerySet(models.QuerySet):
    def queue(self, event, article, occasion, user_ids, transition=None):
        """One outbox row per person for this occasion; a row that exists already is kept, never doubled.

        Returns the rows of this occasion still to send."""
        self.bulk_create(
            [
                Notification(user_id=pk, event=event, article=article, occasion=occasion, transition=transition)
                for pk in user_ids
            ],
            ignore_conflicts=True,
        )
        return list(self.filter(event=event, article=article, occasion=occasion, user_id__in=user_ids).unsent())

    def unsent(self):
        return self.filter(sent_at__isnull=True, failed_at__isnull=True)

    def due(self, now):
        """Rows still to send whose next attempt is due and that no worker is sending."""
        return self.unsent().filter(
            models.Q(claimed_until__isnull=True) | models.Q(claimed_until__lt=now), next_attempt_at__lte=now
        )


class Notification(models.Model):
    """One e-mail to one staff member about one thing that happened to a story: sent at most once.

    The occasion (a workflow step's id, or the minute a scheduled story went out) is part of a unique key, so a
    task run twice, or two workers, cannot mail the same person twice about the same thing. A worker claims the
    row with one conditional UPDATE before sending, as comment mail does.
    """

    # About a day of retries before the mail is given up (the same waits as mail to readers).
    RETRY_DELAYS = (
        datetime.timedelta(minutes=1),
        datetime.timedelta(minutes=5),
        datetime.timedelta(minutes=30),
        datetime.timedelta(hours=2),
        datetime.timedelta(hours=6),
        datetime.timedelta(hours=12),
    )
    CLAIM = datetime.timedelta(minutes=10)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("to"), on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(_("event"), max_length=20, choices=Event)
    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="notifications"
    )
    occasion = models.CharField(max_length=64)
    transition = models.ForeignKey(
        "articles.ArticleTransition", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_until = models.DateTimeField(_("being sent until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    failed_at = models.DateTimeField(_("given up"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("e-mail to staff")
        verbose_name_plural = _("e-mails to staff")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event", "article", "occasion"], name="one_notification_per_occasion"
            )
        ]

    def __str__(self):
        return f"{self.event} #{self.article_id} -> {self.user_id}"

    def claim(self, now):
        """Take the row for sending; False if it was sent, given up, not due or being sent by someone else."""
        return bool(
            Notification.objects.due(now)
            .filter(pk=self.pk)
            .update(claimed_until=now + self.CLAIM, attempts=F("attempts") + 1)
        )

    def deliver(self, build_message):
        """Send at most once; returns "sent", "skipped", "retry" or "failed". `build_message(row)` makes the mail."""
        if not self.claim(timezone.now()):
            return "skipped"
        self.refresh_from_db(fields=["attempts"])
        try:
            message = build_message(self)
            if message is not None:
                message.send()
        except Exception as error:  # a mail server's failure is kept and tried again, never raised
            self.last_error = type(error).__name__[:200]
            self.claimed_until = None
            retry_at = (
                timezone.now() + self.RETRY_DELAYS[self.attempts - 1]
                if self.attempts <= len(self.RETRY_DELAYS)
                else None
            )
            self.next_attempt_at = retry_at or self.next_attempt_at
            self.failed_at = None if retry_at else timezone.now()
            self.save(update_fields=["last_error", "claimed_until", "next_attempt_at", "failed_at"])
            return "retry" if self.failed_at is None else "failed"
        self.sent_at = timezone.now()
        self.claimed_until = None
        self.save(update_fields=["sent_at", "claimed_until"])
        return "sent"

"""What each staff member wants to hear about by e-mail, and the outbox those e-mails are sent from."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.outbox import Outbox, OutboxQuerySet


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


class NotificationQuerySet(OutboxQuerySet):
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


class Notification(Outbox):
    """One e-mail to one staff member about one thing that happened to a story: sent at most once.

    The occasion (a workflow step's id, or the minute a scheduled story went out) is part of a unique key, so a
    task run twice, or two workers, cannot mail the same person twice about the same thing. A worker claims the
    row with one conditional UPDATE before sending, as comment mail does.
    """

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

    objects = NotificationQuerySet.as_manager()

    class Meta(Outbox.Meta):
        verbose_name = _("e-mail to staff")
        verbose_name_plural = _("e-mails to staff")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event", "article", "occasion"], name="one_notification_per_occasion"
            )
        ]

    def __str__(self):
        return f"{self.event} #{self.article_id} -> {self.user_id}"

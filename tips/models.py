"""Readers' tips ("Đường dây nóng"): what a reader sends the newsroom, and what the tip desk does with it.

Each state change is one method (assign, move_to, link_story, reply), logged in TipLog; the admin and the tests
call them. A reply to the reader is an outbox row (TipReply) sent by the task queue at most once.
"""

import datetime
import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Locality
from core.outbox import Outbox
from tips.tasks import send_tip_reply


class InvalidTipStep(Exception):
    pass


class TipQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=[Tip.State.NEW, Tip.State.CHECKING])

    def closed_before(self, moment):
        """Closed tips (published or dropped) last changed before `moment` whose tipster's data is still held."""
        return self.filter(state__in=[Tip.State.PUBLISHED, Tip.State.DROPPED], updated_at__lt=moment).exclude(
            personal_data_erased=True
        )

    def for_address(self, email="", phone=""):
        condition = models.Q(pk__in=[])
        if email:
            condition |= models.Q(email__iexact=email.strip())
        if phone:
            condition |= models.Q(phone=phone)
        return self.filter(condition)


def tip_photo_path(instance, filename):
    # A random folder per photo: a tipster's photo is not found by guessing its address.
    return f"tips/{timezone.now():%Y/%m}/{uuid.uuid4().hex}/{filename}"


class Tip(models.Model):
    class State(models.TextChoices):
        NEW = "new", _("new")
        CHECKING = "checking", _("being checked")
        PUBLISHED = "published", _("story published")
        DROPPED = "dropped", _("not pursued")

    # Which state may follow which: a closed tip can be opened again for checking.
    STEPS = {
        State.NEW: {State.CHECKING, State.DROPPED, State.PUBLISHED},
        State.CHECKING: {State.NEW, State.PUBLISHED, State.DROPPED},
        State.PUBLISHED: {State.CHECKING},
        State.DROPPED: {State.CHECKING},
    }

    name = models.CharField(_("name"), max_length=80)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    locality = models.ForeignKey(
        Locality, verbose_name=_("place"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("what happened"))
    consent = models.BooleanField(_("agrees to be contacted"), default=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("last change"), default=timezone.now)

    state = models.CharField(_("state"), max_length=20, choices=State, default=State.NEW, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tips",
        limit_choices_to={"is_staff": True, "is_active": True},
    )
    story = models.ForeignKey(
        Article, verbose_name=_("resulting story"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(_("internal notes"), blank=True)
    from_comment_id = models.PositiveBigIntegerField(_("from comment"), null=True, blank=True)
    personal_data_erased = models.BooleanField(_("personal data erased"), default=False)

    objects = TipQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reader's tip")
        verbose_name_plural = _("readers' tips")
        permissions = [
            ("handle_tip", "Can work the tip desk: assign, change state, reply"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.text[:60]}"

    # Steps -------------------------------------------------------------------------------------------------------

    def _log(self, by, action, detail=""):
        TipLog.objects.create(tip=self, user=by, action=action, detail=detail[:300])

    def _touch(self, *fields):
        self.updated_at = timezone.now()
        self.save(update_fields=[*fields, "updated_at"])

    def assign(self, reporter, by):
        """Give the tip to a reporter (None: to nobody); a new tip is being checked from then."""
        with transaction.atomic():
            self.assigned_to = reporter
            fields = ["assigned_to"]
            if reporter is not None and self.state == self.State.NEW:
                self.state = self.State.CHECKING
                fields.append("state")
            self._touch(*fields)
            self._log(by, TipLog.Action.ASSIGNED, reporter.get_username() if reporter else "—")

    def move_to(self, state, by):
        if state == self.state:
            return
        if state not in self.STEPS[self.State(self.state)]:
            raise InvalidTipStep(self.state, state)
        with transaction.atomic():
            before = self.get_state_display()
            self.state = state
            self._touch("state")
            self._log(by, TipLog.Action.STATE, f"{before} → {self.get_state_display()}")

    def link_story(self, story, by):
        with transaction.atomic():
            self.story = story
            self._touch("story")
            self._log(by, TipLog.Action.STORY, story.headline if story else "—")

    def reply(self, body, by):
        """Queue an e-mail to the reader (sent by the worker, once); None if the tip has no address."""
        if not self.email or self.personal_data_erased:
            return None
        with transaction.atomic():
            mail = TipReply.objects.create(tip=self, to=self.email, body=body, written_by=by)
            self._log(by, TipLog.Action.REPLIED, body[:120])
            transaction.on_commit(lambda: send_tip_reply.enqueue(mail.pk))
        return mail

    def erase_personal_data(self, by=None):
        """Keep the tip's text and history for the newsroom; drop who sent it and from where."""
        with transaction.atomic():
            self.name = ""
            self.phone = ""
            self.email = ""
            self.ip_address = None
            self.user_agent = ""
            self.personal_data_erased = True
            self._touch("name", "phone", "email", "ip_address", "user_agent", "personal_data_erased")
            self.replies.update(to="")
            self._log(by, TipLog.Action.ERASED)

    @classmethod
    def from_comment(cls, comment, by):
        """A comment that is really a tip, copied to the tip desk in one step (the comment itself stays as it is)."""
        with transaction.atomic():
            existing = cls.objects.filter(from_comment_id=comment.pk).first()
            if existing is not None:
                return existing
            tip = cls.objects.create(
                name=comment.name,
                email=comment.email,
                text=comment.body,
                ip_address=comment.ip_address,
                user_agent=comment.user_agent,
                created_at=comment.created_at,
                from_comment_id=comment.pk,
                notes=_("From a comment under “%(headline)s”.") % {"headline": comment.article.headline},
            )
            tip._log(by, TipLog.Action.FROM_COMMENT, str(comment.pk))
        return tip


class TipPhoto(models.Model):
    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=tip_photo_path)

    class Meta:
        ordering = ["id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.image.name


class TipLog(models.Model):
    class Action(models.TextChoices):
        ASSIGNED = "assigned", _("assigned")
        STATE = "state", _("state changed")
        STORY = "story", _("story linked")
        REPLIED = "replied", _("reply queued")
        FROM_COMMENT = "comment", _("made from a comment")
        ERASED = "erased", _("personal data erased")

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="log_entries")
    at = models.DateTimeField(_("at"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("tip log entry")
        verbose_name_plural = _("tip log")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class TipReply(Outbox):
    """The newsroom's e-mail to a tipster: the outbox row the task queue sends from, at most once."""

    RETRY_DELAYS = (
        datetime.timedelta(minutes=1),
        datetime.timedelta(minutes=10),
        datetime.timedelta(hours=1),
        datetime.timedelta(hours=6),
    )
    REFRESH = ("attempts", "to")  # an erasure may have emptied the address since the row was read

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="replies")
    to = models.EmailField(_("to"), blank=True)
    body = models.TextField(_("reply"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta(Outbox.Meta):
        verbose_name = _("reply to a tipster")
        verbose_name_plural = _("replies to tipsters")

    def __str__(self):
        return f"#{self.tip_id} {self.created_at:%Y-%m-%d %H:%M}"

    def sendable(self, rows):
        return rows.exclude(to="")  # erased: nobody to write to

    def message(self):
        with translation.override(settings.LANGUAGE_CODE):
            subject = str(_("Reply from the newsroom about your tip"))
            text = render_to_string(
                "tips/reply_email.txt", {"reply": self, "tip": self.tip, "SITE_NAME": settings.SITE_NAME}
            )
        return EmailMessage(subject, text, to=[self.to])

"""Staff login security: every login attempt, lockouts, authenticator devices and recovery codes."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import totp


class LoginEvent(models.Model):
    """One staff login attempt (password or second step), kept for the audit and counted by the throttle."""

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("Logged in")
        BAD_PASSWORD = "bad_password", _("Wrong username or password")
        LOCKED = "locked", _("Refused: locked")
        CODE_OK = "code_ok", _("Two-factor code accepted")
        BAD_CODE = "bad_code", _("Wrong two-factor code")
        RECOVERY_CODE = "recovery_code", _("Recovery code used")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    username = models.CharField(_("username"), max_length=150, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True, db_index=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)

    class Meta:
        verbose_name = _("login event")
        verbose_name_plural = _("login events")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.username} {self.get_outcome_display()} {self.at:%Y-%m-%d %H:%M}"


class LockoutQuerySet(models.QuerySet):
    def active(self):
        """Lockouts still in force: not yet expired and not lifted by an admin."""
        return self.filter(lifted_at__isnull=True, locked_until__gt=timezone.now())


class Lockout(models.Model):
    """An address, a username from one address, or a username everywhere, refused at login until `locked_until`."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", _("Account, from every address")
        PAIR = "pair", _("Account, from one address")
        ADDRESS = "address", _("IP address")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # "username" (account), "username address" (pair) or "address".
    key = models.CharField(_("username or address"), max_length=200, db_index=True)
    created_at = models.DateTimeField(_("locked at"), default=timezone.now)
    locked_until = models.DateTimeField(_("locked until"))
    failures = models.PositiveIntegerField(_("failed attempts"), default=0)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lifted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = LockoutQuerySet.as_manager()

    class Meta:
        verbose_name = _("lockout")
        verbose_name_plural = _("lockouts")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key}"

    @property
    def is_active(self):
        return self.lifted_at is None and self.locked_until > timezone.now()

    def lift(self, admin_user):
        """End the lockout now; the failures that caused it no longer count."""
        self.lifted_at = timezone.now()
        self.lifted_by = admin_user
        self.save(update_fields=["lifted_at", "lifted_by"])

    def message(self):
        until = date_format(timezone.localtime(self.locked_until), "H:i")
        if self.kind == self.Kind.ACCOUNT:
            return gettext(
                "This account is locked until %(time)s after failed logins from many addresses. Log in from a "
                "computer you have used before, or type the code from your authenticator app with your password."
            ) % {"time": until}
        if self.kind == self.Kind.PAIR:
            return gettext("Too many failed logins to this account from your address. Try again after %(time)s.") % {
                "time": until
            }
        return gettext("Too many failed logins from your address. Try again after %(time)s.") % {"time": until}


class StaffSessionQuerySet(models.QuerySet):
    def live(self):
        """Sessions not yet expired (ended ones are deleted with their row)."""
        return self.filter(expires_at__gt=timezone.now())


class StaffSession(models.Model):
    """Which session belongs to whom: written at login, deleted at logout, so a person can list and end theirs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="staff_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("device"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("logged in at"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))

    objects = StaffSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff session")
        verbose_name_plural = _("staff sessions")
        ordering = ["-last_seen", "-id"]

    def __str__(self):
        return f"{self.user} {self.ip_address or ''}"


class TOTPDevice(models.Model):
    """A staff member's authenticator app: the shared secret and the last time step used (codes are single-use)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = models.CharField(_("secret"), max_length=64, default=totp.new_secret)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    last_used_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("enabled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    def __str__(self):
        return str(self.user)

    def verify(self, code):
        """True for a current code not used before; the step is claimed in one UPDATE so a replay always fails."""
        step = totp.matching_step(self.secret, code)
        if step is None or step <= self.last_used_step:
            return False
        claimed = TOTPDevice.objects.filter(pk=self.pk, last_used_step__lt=step).update(last_used_step=step)
        if claimed:
            self.last_used_step = step
        return bool(claimed)

    def confirm(self, code):
        """Enable the device once the person shows a code from it; returns fresh recovery codes or None."""
        if not self.verify(code):
            return None
        self.confirmed = True
        self.confirmed_at = timezone.now()
        self.save(update_fields=["confirmed", "confirmed_at"])
        return RecoveryCode.objects.replace_for(self.user)


def _hash(code):
    return hashlib.sha256(code.replace("-", "").replace(" ", "").lower().encode()).hexdigest()


class RecoveryCodeQuerySet(models.QuerySet):
    def replace_for(self, user, count=10):
        """Delete the user's old codes and return `count` new ones in clear (only their hashes are stored)."""
        self.filter(user=user).delete()
        alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
        codes = ["".join(secrets.choice(alphabet) for _ in range(10)) for _ in range(count)]
        codes = [f"{code[:5]}-{code[5:]}" for code in codes]
        self.bulk_create([RecoveryCode(user=user, code_hash=_hash(code)) for code in codes])
        return codes

    def use(self, user, code):
        """Spend one unused code; True if it was valid."""
        return bool(self.filter(user=user, code_hash=_hash(code), used_at__isnull=True).update(used_at=timezone.now()))


class RecoveryCode(models.Model):
    """A one-time code for a lost phone; stored hashed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    objects = RecoveryCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self):
        return f"{self.user} #{self.pk}"

"""Where a staff session stands with the second step, kept in the session so most requests need no query."""

from django.conf import settings

from accounts.models import LoginEvent, RecoveryCode, TOTPDevice

SESSION_KEY = "accounts_2fa"
NOT_NEEDED = "not_needed"  # no device, and the person's roles do not require one
PENDING = "pending"  # password accepted, code not yet given
ENROL = "enrol"  # the roles require a device and there is none yet
VERIFIED = "verified"


def is_required(user):
    """Superusers and members of TWO_FACTOR_REQUIRED_GROUPS must use an authenticator app (when so configured)."""
    if user.is_superuser and settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS:
        return True
    groups = settings.TWO_FACTOR_REQUIRED_GROUPS
    return bool(groups) and user.groups.filter(name__in=groups).exists()


def has_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def state_after_password(user):
    if not user.is_staff:
        return NOT_NEEDED
    if has_device(user):
        return PENDING
    if is_required(user):
        return ENROL
    return NOT_NEEDED


def check_code(user, code):
    """The login outcome a code from the app or a recovery code earns (spending it), or None if it is not valid."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    if device.verify(code):
        return LoginEvent.Outcome.CODE_OK
    if len(code.replace("-", "").strip()) == 10 and RecoveryCode.objects.use(user, code):
        return LoginEvent.Outcome.RECOVERY_CODE
    return None

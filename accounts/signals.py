"""Login signals: the audit trail, the throttle count and the record of staff sessions, whatever the login path."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts import staffsessions, throttle, twofactor


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the username is kept.
    second_factor = bool(credentials.get("second_factor"))
    throttle.register_failure(request, credentials.get("username", ""), second_factor=second_factor)


@receiver(user_logged_in)
def start_second_step(sender, request, user, **kwargs):
    if request is None or not user.is_staff:
        return
    throttle.record(request, throttle.Outcome.SUCCESS, user.get_username(), user)
    if getattr(user, "second_factor_checked", None):  # the code came with the password (accounts/backends.py)
        request.session[twofactor.SESSION_KEY] = twofactor.VERIFIED
        throttle.record(request, user.second_factor_checked, user.get_username(), user)
    else:
        request.session[twofactor.SESSION_KEY] = twofactor.state_after_password(user)
    staffsessions.start(request, user)


@receiver(user_logged_out)
def forget_session(sender, request, user, **kwargs):
    if request is not None:
        staffsessions.forget(request.session.session_key)

"""Login signals: the audit trail and the throttle count, whatever the login path."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from accounts import throttle, twofactor


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the username is kept.
    throttle.register_failure(request, credentials.get("username", ""))


@receiver(user_logged_in)
def start_second_step(sender, request, user, **kwargs):
    if request is None or not user.is_staff:
        return
    request.session[twofactor.SESSION_KEY] = twofactor.state_after_password(user)
    throttle.record(request, throttle.Outcome.SUCCESS, user.get_username(), user)

from django.contrib.auth.backends import ModelBackend

from accounts import throttle, twofactor
from core.client import client_ip


class LockoutAwareBackend(ModelBackend):
    """Django's backend, but a blocked username or address never authenticates, even with the right password.

    `second_factor`: a code from the person's authenticator app typed with the password; it opens an account locked
    after failures from many addresses, and is checked (and spent) only once the password is right.
    """

    def authenticate(self, request, username=None, password=None, second_factor=None, **kwargs):
        ip = client_ip(request) if request is not None else None
        if username is not None and throttle.refusal(username, ip, second_factor=bool(second_factor)) is not None:
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None or not second_factor:
            return user
        outcome = twofactor.check_code(user, second_factor)
        if outcome is None:
            return None
        user.second_factor_checked = outcome
        return user

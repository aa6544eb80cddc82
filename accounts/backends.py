from django.contrib.auth.backends import ModelBackend

from accounts import throttle
from core.client import client_ip


class LockoutAwareBackend(ModelBackend):
    """Django's backend, but a locked username or address never authenticates, even with the right password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        ip = client_ip(request) if request is not None else None
        if username is not None and throttle.active_lockout(username, ip) is not None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

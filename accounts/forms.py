from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import throttle
from accounts.models import Lockout
from core.client import client_ip


def _code_widget():
    return forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"})


class StaffAuthenticationForm(AdminAuthenticationForm):
    """The admin login form: a blocked attempt is refused before its password is looked at, so "blocked" says nothing
    about the password. An account locked from many addresses also takes the code of the owner's authenticator app."""

    code = forms.CharField(
        label=_("Code from your authenticator app"), max_length=20, required=False, widget=_code_widget()
    )

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.wants_code = bool(self.data.get("code"))

    def clean(self):
        username = self.cleaned_data.get("username", "")
        code = self.cleaned_data.get("code", "").strip()
        ip = client_ip(self.request)
        lock = throttle.refusal(username, ip, second_factor=bool(code))
        if lock is not None:
            throttle.record(self.request, throttle.Outcome.LOCKED, username)
            self._refuse(lock)
        if code:
            return self._clean_with_code(username, code, ip)
        try:
            return super().clean()
        except ValidationError:
            # The failure itself was counted by the user_login_failed signal; say so if it just blocked.
            self._refuse(throttle.active_lockout(username, ip))
            raise

    def _clean_with_code(self, username, code, ip):
        password = self.cleaned_data.get("password")
        self.user_cache = authenticate(self.request, username=username, password=password, second_factor=code)
        if self.user_cache is None:
            # A wrong password and a wrong code read the same.
            self._refuse(throttle.active_lockout(username, ip))
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data

    def _refuse(self, lock):
        if lock is None:
            return
        if lock.kind == Lockout.Kind.ACCOUNT:
            self.wants_code = True
        raise ValidationError(lock.message(), code="locked")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("The 6 digits shown by your authenticator app, or one of your recovery codes."),
    )

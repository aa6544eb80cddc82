from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import throttle
from core.client import client_ip


class StaffAuthenticationForm(AdminAuthenticationForm):
    """The admin login form, refusing locked usernames and addresses with the time the lock ends."""

    def clean(self):
        username = self.cleaned_data.get("username", "")
        lock = throttle.active_lockout(username, client_ip(self.request))
        if lock is not None:
            throttle.record(self.request, throttle.Outcome.LOCKED, username)
            raise ValidationError(lock.message(), code="locked")
        try:
            return super().clean()
        except ValidationError:
            # The failure itself was counted by the user_login_failed signal; say so if it just locked.
            lock = throttle.active_lockout(username, client_ip(self.request))
            if lock is not None:
                raise ValidationError(lock.message(), code="locked") from None
            raise


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("The 6 digits shown by your authenticator app, or one of your recovery codes."),
    )

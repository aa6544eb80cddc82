from django import forms

from inbox.models import NotificationPreference


class PreferenceForm(forms.ModelForm):
    """The e-mails a staff member wants, ticked on "Việc của tôi"."""

    class Meta:
        model = NotificationPreference
        fields = ["sent_back", "awaiting", "published", "scheduled_out"]

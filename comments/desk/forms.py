"""One decision on one card: the admin's ModerateForm, with the desk's short list of reasons to reject."""

from django import forms
from django.utils.translation import gettext_lazy as _

from comments.admin import ModerateForm
from comments.desk.queues import REJECT_REASONS
from comments.models import Comment


class DeskForm(ModerateForm):
    """Approve (as is, or edited), reject with a reason from the list and an optional note, spam, or hide; keep a
    reported comment; feature a published one or take the mark off."""

    # The desk's own steps on a published comment: it stays published.
    ACTIONS = {
        **ModerateForm.ACTIONS,
        "keep": Comment.Status.APPROVED,
        "feature": Comment.Status.APPROVED,
        "unfeature": Comment.Status.APPROVED,
    }

    action = forms.ChoiceField(choices=[(name, name) for name in ACTIONS])
    reject_reason = forms.ChoiceField(label=_("Reason"), choices=list(REJECT_REASONS.items()), required=False)
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)

    def clean(self):
        # Approving without an edit needs no copy of the text in the form: the comment's own text is meant.
        if self.cleaned_data.get("action") == "approve" and not (self.cleaned_data.get("body") or "").strip():
            self.cleaned_data["body"] = self.comment.body
        data = super().clean()
        if data.get("action") == "reject":
            code = data.get("reject_reason")
            if not code:
                self.add_error("reject_reason", _("Choose why the comment is rejected."))
            else:
                label = str(REJECT_REASONS[code])
                note = (data.get("note") or "").strip()
                data["reason"] = f"{label}: {note}" if note else label
        elif data.get("action") == "hide":
            data["reason"] = (data.get("note") or "").strip()
        return data

    def apply(self, moderator):
        """A published comment edited here is corrected in place; everything else is the admin's step."""
        comment = self.comment
        action = self.cleaned_data["action"]
        if action in ("keep", "feature", "unfeature"):
            comment.version = self.cleaned_data["version"]
            if action == "keep":
                comment.keep(moderator, note=self.cleaned_data.get("note", ""))
            else:
                comment.set_featured(moderator, featured=action == "feature")
            return comment.Status.APPROVED
        if self.cleaned_data["action"] == "approve" and comment.status == comment.Status.APPROVED:
            data = self.cleaned_data
            comment.version = data["version"]
            comment.correct(moderator, body=data["body"].strip(), reason=data["edit_reason"], note=data["edit_note"])
            return comment.Status.APPROVED
        return super().apply(moderator)

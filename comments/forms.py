"""The reader's comment form: every check a comment passes before it reaches the moderators."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comments import spam
from comments.diacritics import lacks_diacritics
from comments.models import Comment, CommentReport
from core.formguard import JINJA2_RENDERER, TypedEmailField, TypedTextField

NAME_MAX = 80
EMAIL_MAX = 254
BODY_MIN = 2
BODY_MAX = 3000

# The error for Vietnamese typed without diacritics says what is wrong and where help is.
NO_DIACRITICS = _(
    "Your comment has no diacritics. Please type Vietnamese with its marks; without a Vietnamese keyboard, "
    "switch on the Telex or VNI typing helper under the comment box."
)


def comments_open(article, now=None):
    """Whether readers may still comment: the story allows it and is younger than COMMENTS_CLOSE_AFTER_DAYS."""
    if not article.allow_comments:
        return False
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if days <= 0 or article.published_at is None:
        return True
    return article.published_at >= (now or timezone.now()) - timedelta(days=days)


class CommentForm(forms.Form):
    """What a reader sends and every check it passes. Its markup is templates/jinja2/comments/_form.html and
    _field.html (the inputs written there, with their attributes: autocomplete, aria-describedby, the typing helper's
    data-vn-typing)."""

    default_renderer = JINJA2_RENDERER
    name = TypedTextField(
        label=_("Your name"),
        max_length=NAME_MAX,
        error_messages={
            "required": _("Please enter your name."),
            "max_length": _("Your name can be at most %(limit_value)d characters long."),
        },
    )
    email = TypedEmailField(
        label=_("E-mail (never published)"),
        max_length=EMAIL_MAX,
        error_messages={
            "required": _("Please enter your e-mail address."),
            "invalid": _("Please enter a valid e-mail address, e.g. ten@example.com."),
            "max_length": _("The e-mail address can be at most %(limit_value)d characters long."),
        },
    )
    # No max_length on the field: a browser would silently cut a long paste; the server says how long it is instead.
    body = TypedTextField(
        label=_("Your comment"),
        error_messages={"required": _("Please write your comment.")},
    )
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    notify_on_approval = forms.BooleanField(
        label=_("E-mail me when my comment is published"), required=False, initial=False
    )
    # Honeypot: hidden from people and screen readers; bots that fill every field give themselves away.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    ts = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, article, ip=None, user_agent="", **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.ip = ip
        self.user_agent = user_agent
        self.parent_comment = None
        self.banned_entry = None

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body) < BODY_MIN:
            raise forms.ValidationError(_("Your comment is too short."), code="min_length")
        if len(body) > BODY_MAX:
            raise forms.ValidationError(
                _("Your comment is %(length)d characters long; please keep it to at most %(limit)d characters."),
                code="max_length",
                params={"length": len(body), "limit": BODY_MAX},
            )
        if lacks_diacritics(body):
            raise forms.ValidationError(NO_DIACRITICS, code="diacritics")
        if spam.too_many_links(body):
            raise forms.ValidationError(
                _("A comment may contain at most %(limit)d links."),
                code="links",
                params={"limit": settings.COMMENTS_MAX_LINKS},
            )
        return body

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if parent_id is None:
            return None
        parent = Comment.objects.visible().filter(article=self.article, pk=parent_id).first()
        if parent is None:
            raise forms.ValidationError(
                _("The comment you are replying to is not available. Please post a new comment instead."),
                code="parent",
            )
        self.parent_comment = parent
        return parent_id

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("Your comment could not be sent. Please try again."), code="honeypot")
        try:
            spam.check_form_timestamp(cleaned.get("ts"), self.article.pk)
        except spam.FormTimestampError as exc:
            messages = {
                "too_fast": _("That was very fast: please check your comment, wait a few seconds and send it again."),
                "expired": _("This form has expired. Your text is kept below: please send it again."),
                "invalid": _("This form could not be verified. Your text is kept below: please send it again."),
            }
            raise forms.ValidationError(messages[exc.reason], code=exc.reason) from exc
        if spam.is_banned(cleaned.get("email"), self.ip) and settings.COMMENTS_BANNED_SENDERS != "hold":
            # The spam refusal's own words: a banned sender learns nothing of the ban.
            raise forms.ValidationError(_("Your comment could not be sent. Please try again."), code="banned")
        body = cleaned.get("body")
        if body:
            if spam.is_duplicate(self.article.pk, self.ip, body):
                raise forms.ValidationError(_("You have already sent this comment."), code="duplicate")
            self.banned_entry = spam.banned_match(f"{cleaned.get('name', '')}\n{body}")
        return cleaned

    def save(self):
        """Store the comment as pending (or rejected, if a banned word says so) and remember its text."""
        data = self.cleaned_data
        banned_word, banned_action = self.banned_entry or ("", None)
        comment = Comment.objects.submit(
            article=self.article,
            parent=self.parent_comment,
            name=data["name"],
            email=data["email"],
            body=data["body"],
            ip_address=self.ip,
            user_agent=self.user_agent,
            notify_on_approval=data["notify_on_approval"],
            banned_match=banned_word,
            banned_action=banned_action,
        )
        spam.remember_body(self.article.pk, self.ip, data["body"])
        return comment


class ReportForm(forms.Form):
    default_renderer = JINJA2_RENDERER
    """A reader's report of a published comment: a reason from a short list and, if they like, a few words."""

    reason = forms.ChoiceField(
        label=_("Why do you report this comment?"), choices=CommentReport.Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("More detail (optional)"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

"""The public form "Gửi thông tin cho tòa soạn": every check a tip passes before it reaches the tip desk."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from articles.images import reencode_upload, validate_image
from articles.models import Locality
from core import formguard
from core.formguard import TypedEmailField, TypedTextField
from tips.models import Tip, TipPhoto

FORM_SALT = "tips.form-timestamp"
FORM_VALUE = "tip"
TEXT_MIN = 20
TEXT_MAX = 5000
# Vietnamese numbers after dropping spaces, dots, dashes and brackets, with +84/84 read as 0: mobiles are 10 digits
# (03, 05, 07, 08, 09 since 2018), landlines 11 (02x area codes since 2017).
PHONE = re.compile(r"^0(?:[35789]\d{8}|2\d{9})$")
PHONE_SEPARATORS = re.compile(r"[\s.\-()]")


def normalize_phone(value):
    digits = PHONE_SEPARATORS.sub("", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits


def form_token():
    return formguard.sign_form(FORM_VALUE, FORM_SALT)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to TIPS_MAX_PHOTOS photos, each a checked image (articles.images) stored re-encoded without metadata."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        limit = settings.TIPS_MAX_PHOTOS
        if len(files) > limit:
            raise ValidationError(_("Please send at most %(limit)d photos."), code="too_many", params={"limit": limit})
        cleaned, errors = [], []
        for upload in files:
            if not isinstance(upload, UploadedFile):
                continue
            original = upload.name
            try:
                validate_image(upload)
                cleaned.append(reencode_upload(upload))
            except ValidationError as error:
                errors.extend(f"{original}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class LocalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class TipForm(forms.Form):
    default_renderer = formguard.JINJA2_RENDERER
    name = TypedTextField(
        label=_("Your name"),
        max_length=80,
        error_messages={
            "required": _("Please enter your name."),
            "max_length": _("Your name can be at most %(limit_value)d characters long."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = TypedTextField(
        label=_("Phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = TypedEmailField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Please enter a valid e-mail address, e.g. ten@example.com.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    locality = LocalityChoiceField(
        label=_("Where it happened"),
        queryset=Locality.objects.none(),
        required=False,
        empty_label=_("— choose a place (optional) —"),
        error_messages={"invalid_choice": _("Please choose a place from the list.")},
    )
    text = TypedTextField(
        label=_("What happened"),
        error_messages={"required": _("Please tell us what happened.")},
        widget=forms.Textarea(attrs={"rows": 8, "cols": 60}),
    )
    photos = PhotosField(label=_("Photos (up to 5)"), required=False)
    consent = forms.BooleanField(
        label=_("I agree that the newsroom may contact me about this information."),
        error_messages={"required": _("Please agree that we may contact you, so that we can check the information.")},
    )
    # Honeypot and signed timestamp, as on the comment form (core.formguard).
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    ts = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, ip=None, user_agent="", **kwargs):
        super().__init__(*args, **kwargs)
        self.ip = ip
        self.user_agent = user_agent
        self.fields["locality"].queryset = Locality.objects.current().order_by("level", "name")
        for name in ("name", "phone", "email", "locality", "text", "photos", "consent"):
            self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}-error"
        self.fields["phone"].widget.attrs["aria-describedby"] = "contact-help id_phone-error"
        self.fields["email"].widget.attrs["aria-describedby"] = "contact-help id_email-error"

    def clean_phone(self):
        raw = self.cleaned_data.get("phone", "")
        if not raw:
            return ""
        phone = normalize_phone(raw)
        if not PHONE.match(phone):
            raise ValidationError(
                _("Please enter a Vietnamese phone number, e.g. 0912 345 678 or 0239 3855 555."), code="phone"
            )
        return phone

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < TEXT_MIN:
            raise ValidationError(
                _("Please tell us a little more: at least %(limit)d characters."),
                code="min_length",
                params={"limit": TEXT_MIN},
            )
        if len(text) > TEXT_MAX:
            raise ValidationError(
                _("Your text is %(length)d characters long; please keep it to at most %(limit)d characters."),
                code="max_length",
                params={"length": len(text), "limit": TEXT_MAX},
            )
        return text

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(_("Your information could not be sent. Please try again."), code="honeypot")
        try:
            formguard.check_signed_form(
                cleaned.get("ts"),
                FORM_VALUE,
                FORM_SALT,
                min_seconds=settings.TIPS_MIN_SECONDS,
                max_age=settings.TIPS_MAX_FORM_AGE,
            )
        except formguard.FormTimestampError as exc:
            messages = {
                "too_fast": _("That was very fast: please check the form, wait a few seconds and send it again."),
                "expired": _("This form has expired. What you typed is kept below: please send it again."),
                "invalid": _("This form could not be verified. What you typed is kept below: please send it again."),
            }
            raise ValidationError(messages[exc.reason], code=exc.reason) from exc
        if not self.errors.get("phone") and not self.errors.get("email"):
            if not cleaned.get("phone") and not cleaned.get("email"):
                raise ValidationError(
                    _("Please give a phone number or an e-mail address (at least one), so that we can reach you."),
                    code="contact",
                )
        return cleaned

    def save(self):
        data = self.cleaned_data
        tip = Tip.objects.create(
            name=data["name"],
            phone=data["phone"],
            email=data["email"],
            locality=data["locality"],
            text=data["text"],
            consent=True,
            ip_address=self.ip,
            user_agent=self.user_agent,
        )
        for photo in data["photos"]:
            TipPhoto.objects.create(tip=tip, image=photo)
        return tip

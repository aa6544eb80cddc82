"""Admin forms: safe image uploads, ASCII slugs, comma-separated tags and the body editor."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from articles import chains, workflow
from articles.images import reencode_upload, validate_image
from articles.models import Article, Author, Section
from articles.widgets import BodyEditorWidget, CommaTagWidget
from core.text import normalize, vn_slugify


class SafeImageField(forms.ImageField):
    """An image upload that must pass validate_image (format, bytes, pixels) before Django opens it, and is stored
    re-encoded: no EXIF (a phone's GPS position), no other metadata, nothing appended to the image."""

    def to_python(self, data):
        if data:
            validate_image(data)
            if isinstance(data, UploadedFile):
                data = reencode_upload(data)
        return super().to_python(data)


class CommaTagField(TagField):
    """Tags separated by commas only: "Hà Tĩnh" is one tag, not two."""

    widget = CommaTagWidget

    def clean(self, value):
        value = forms.CharField.clean(self, value)
        names = []
        for part in (value or "").split(","):
            name = " ".join(normalize(part).strip().strip('"').split())
            if name and name.casefold() not in {n.casefold() for n in names}:
                names.append(name[:100])
        return names

    def has_changed(self, initial, data):
        before = {tag.name.casefold() for tag in initial or []}
        try:
            after = {name.casefold() for name in self.clean(data)}
        except forms.ValidationError:
            return True
        return before != after


class AsciiSlugForm(forms.ModelForm):
    """The slug may be left empty or typed with diacritics: it is always stored as ASCII ("Đòn bẩy" -> "don-bay")."""

    slug_source = "name"
    slug_fallback = "muc"

    slug = forms.CharField(
        label=_("slug"),
        max_length=250,
        required=False,
        help_text=_("Part of the address, in ASCII. Leave empty to make it automatically."),
    )

    def clean(self):
        cleaned = super().clean()
        max_length = self._meta.model._meta.get_field("slug").max_length
        typed = cleaned.get("slug") or ""
        slug = vn_slugify(typed or cleaned.get(self.slug_source) or "", max_length)
        if typed and not slug:
            self.add_error("slug", _("The slug must contain letters or digits."))
        cleaned["slug"] = slug or self.slug_fallback
        return cleaned


class SectionAdminForm(AsciiSlugForm):
    class Meta:
        model = Section
        fields = ["name", "slug", "parent", "position", "description"]


class AuthorAdminForm(AsciiSlugForm):
    slug_source = "pen_name"
    slug_fallback = "tac-gia"

    class Meta:
        model = Author
        fields = ["pen_name", "slug", "bio", "photo", "user"]


class ArticleAdminForm(AsciiSlugForm):
    """The story form. Its status field only offers the steps the workflow allows this person (the admin applies
    them through the model's transition methods), and it refuses to overwrite a save made since it was opened."""

    slug_source = "headline"
    slug_fallback = "bai-viet"
    user = None  # set by the admin for each request

    tags = CommaTagField(
        label=_("tags"),
        required=False,
        help_text=_("Separate tags with commas, for example: Hà Tĩnh, Xây dựng Đảng."),
    )
    remark = forms.CharField(
        label=_("remark"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_("Required when sending a story back: what the reporter should change."),
    )
    edit_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Article
        fields = [
            "kicker",
            "headline",
            "slug",
            "sapo",
            "body",
            "cover",
            "cover_caption",
            "cover_credit",
            "cover_alt",
            "section",
            "localities",
            "tags",
            "is_featured",
            "status",
            "published_at",
            "allow_comments",
            "correction",
        ]
        widgets = {"body": BodyEditorWidget, "sapo": forms.Textarea(attrs={"rows": 3})}

    class Media:
        css = {"all": ["articles/admin/story_form.css"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What the story was when the form opened: the admin applies status changes as workflow steps from here.
        self.source_status = self.instance.status
        self.source_published_at = self.instance.published_at
        if "edit_version" in self.fields:
            self.fields["edit_version"].initial = self.instance.version
        if "status" in self.fields and self.user is not None:
            targets = workflow.allowed_targets(self.instance, self.user)
            self.fields["status"].choices = [
                (value, label)
                for value, label in Article.Status.choices
                if value == self.source_status or value in targets
            ]
        if "body" in self.fields:
            self.fields["body"].widget.article_id = self.instance.pk

    def clean_published_at(self):
        value = self.cleaned_data.get("published_at")
        if value is not None:
            try:
                workflow.check_publication_time(value)
            except workflow.WorkflowError as error:
                raise forms.ValidationError(error.message, code="out_of_range") from error
        return value

    def clean(self):
        cleaned = super().clean()
        self._refuse_stale_save()
        self._refuse_shorter_chain(cleaned.get("section"))
        pressed = self.data.get("_workflow", "")
        if pressed == "send_back" and not (cleaned.get("remark") or "").strip():
            self.add_error("remark", _("Say what the reporter should change before sending the story back."))
        return cleaned

    def _refuse_shorter_chain(self, section):
        """A move to another section must not skip a step of the story's chain (articles.chains.check_move)."""
        if section is None or self.user is None or "section" not in self.changed_data:
            return
        try:
            chains.check_move(self.instance, section.pk, self.user)
        except workflow.WorkflowError as error:
            self.add_error("section", error.message)

    def _refuse_stale_save(self):
        """Someone saved the story after this form was opened: refuse, keep what was typed, say who and when."""
        posted = self.cleaned_data.get("edit_version")
        if not self.instance.pk or posted is None:
            return
        # The admin validates inside its transaction: the lock holds until this save is written.
        current = (
            Article.objects.select_for_update().filter(pk=self.instance.pk).values_list("version", flat=True).first()
        )
        if current is None or current == posted:
            return
        last = self.instance.revisions.select_related("author").order_by("-created_at", "-id").first()
        # The next press of "Save" is a deliberate overwrite of the version now shown in the warning.
        self.data = self.data.copy()
        self.data[self.add_prefix("edit_version")] = str(current)
        if last is not None and last.author is not None:
            message = _(
                "%(name)s saved this story at %(time)s, after you opened it. Your text is kept below and nothing "
                "was saved: compare with the latest revision, then save again to replace it."
            ) % {"name": last.author.get_full_name() or last.author.get_username(), "time": _time(last.created_at)}
        else:
            message = _(
                "Someone else saved this story after you opened it. Your text is kept below and nothing was "
                "saved: compare with the latest revision, then save again to replace it."
            )
        raise forms.ValidationError(message, code="stale")


def _time(value):

    return date_format(timezone.localtime(value), "H:i d/m/Y")

"""Admin forms: safe image uploads, ASCII slugs, comma-separated tags and the body editor."""

from django import forms
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from articles.images import validate_image
from articles.models import Article, Author, Section
from articles.text import normalize, vn_slugify
from articles.widgets import CommaTagWidget, RichTextWidget


class SafeImageField(forms.ImageField):
    """An image upload that must pass validate_image (format, bytes, pixels) before Django opens it."""

    def to_python(self, data):
        if data:
            validate_image(data)
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
    slug_source = "headline"
    slug_fallback = "bai-viet"

    tags = CommaTagField(
        label=_("tags"),
        required=False,
        help_text=_("Separate tags with commas, for example: Hà Tĩnh, Xây dựng Đảng."),
    )

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
        ]
        widgets = {"body": RichTextWidget, "sapo": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["body"].widget.images = [
                {
                    "id": image.pk,
                    "name": image.image.name.rsplit("/", 1)[-1],
                    "caption": image.caption,
                    "alt": image.alt,
                    "thumb": default_storage.url(image.renditions[0]["jpeg"]) if image.renditions else image.image.url,
                }
                for image in self.instance.images.all()
            ]

"""The photo library in the admin ("Thư viện ảnh"): upload several at once, search, focal point, "used in", picking."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.forms import CommaTagField, SafeImageField
from articles.models import Photo
from core.adminsafe import ModelAdmin

PICK_PAGE_SIZE = 24


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(SafeImageField):
    """Several photos in one field; each must pass the same checks as any upload, and a refusal names the file."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        cleaned, errors = [], []
        for upload in files:
            name = getattr(upload, "name", "")
            try:
                cleaned.append(super().clean(upload, initial))
            except forms.ValidationError as error:
                errors += [_("%(name)s: %(error)s") % {"name": name, "error": message} for message in error.messages]
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


class PhotoUploadForm(forms.Form):
    """Photos and what they share (credit, date, tags); captions are written on each photo afterwards."""

    files = MultipleImageField(label=_("photos"))
    credit = forms.CharField(label=_("photo credit"), max_length=200, required=False)
    taken_on = forms.DateField(label=_("date taken"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tags = CommaTagField(label=_("tags"), required=False)

    def save(self, user):
        """The new library photos, each re-encoded, without metadata, with its renditions."""
        photos = []
        with transaction.atomic():
            for upload in self.cleaned_data["files"]:
                photo = Photo(
                    image=upload,
                    credit=self.cleaned_data["credit"],
                    taken_on=self.cleaned_data["taken_on"],
                    uploaded_by=user,
                )
                photo.save()
                if self.cleaned_data["tags"]:
                    photo.tags.set(self.cleaned_data["tags"])
                    photo.refresh_search_text()
                photos.append(photo)
        return photos


class PhotoAdminForm(forms.ModelForm):
    tags = CommaTagField(
        label=_("tags"),
        required=False,
        help_text=_("Separate tags with commas, for example: Hà Tĩnh, Xây dựng Đảng."),
    )

    class Meta:
        model = Photo
        fields = [
            "image",
            "caption",
            "credit",
            "credit_author",
            "alt",
            "taken_on",
            "locality",
            "place",
            "tags",
            "focal_x",
            "focal_y",
        ]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
        }


def thumb(photo):
    return render_to_string("admin/articles/photo/_thumb.html", {"url": photo.thumb_url})


@admin.register(Photo)
class PhotoAdmin(ModelAdmin):
    form = PhotoAdminForm
    change_list_template = "admin/articles/photo/change_list.html"
    list_display = ["grid_thumbnail", "caption", "credit", "taken_on", "use_count"]
    list_display_links = ["grid_thumbnail", "caption"]
    list_filter = ["taken_on", "uploaded_at"]
    date_hierarchy = "uploaded_at"
    search_fields = ["caption"]  # widened to credit, alt, place and tags, marks or not, in get_search_results
    search_help_text = _("Caption, credit, tag or place, with or without marks; or a date taken such as 23/01/2013.")
    autocomplete_fields = ["credit_author", "locality"]
    readonly_fields = ["focal_picker", "used_in"]
    list_per_page = 48
    formfield_overrides = {models.ImageField: {"form_class": SafeImageField}}
    fieldsets = [
        (None, {"fields": ["focal_picker", "image", "caption", "alt", "credit", "credit_author"]}),
        (_("Where and when"), {"fields": ["taken_on", "locality", "place", "tags"]}),
        (
            _("Focal point"),
            {
                "fields": ["focal_x", "focal_y"],
                "description": _(
                    "Click the photo above on what must stay in view: covers and thumbnails are cropped around it."
                ),
            },
        ),
        (_("Used in"), {"fields": ["used_in"]}),
    ]

    class Media:
        css = {"all": ["articles/admin/photos.css"]}
        js = ["articles/admin/photos.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(use_count=models.Count("uses__article", distinct=True))

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term), False

    def get_urls(self):
        return [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="articles_photo_upload"),
            path("pick/", self.admin_site.admin_view(self.pick_view), name="articles_photo_pick"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        # "Add photo" is the upload page, where one or many photos go in at once.
        if not self.has_add_permission(request):
            raise PermissionDenied
        return HttpResponseRedirect(reverse("admin:articles_photo_upload"))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_search_text()

    @admin.display(description=_("photo"))
    def grid_thumbnail(self, obj):
        return thumb(obj)

    @admin.display(description=_("used in"), ordering="use_count")
    def use_count(self, obj):
        return ngettext("%(n)d story", "%(n)d stories", obj.use_count) % {"n": obj.use_count} if obj.use_count else "—"

    @admin.display(description=_("photo"))
    def focal_picker(self, obj):
        if not obj.pk:
            return "—"
        return render_to_string("admin/articles/photo/_focal.html", {"photo": obj, **obj.picture_context()})

    @admin.display(description=_("stories"))
    def used_in(self, obj):
        if not obj.pk:
            return "—"
        return render_to_string("admin/articles/photo/_used_in.html", {"usage": obj.usage()})

    def upload_view(self, request):
        """Several photos at once; the script sends them one by one to this same address, with progress."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        wants_json = "application/json" in request.headers.get("Accept", "")
        form = PhotoUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST":
            if form.is_valid():
                photos = form.save(request.user)
                if wants_json:
                    return JsonResponse({"photos": [self._photo_json(photo) for photo in photos]})
                self.message_user(
                    request,
                    ngettext(
                        "%(n)d photo added to the library: write its caption.",
                        "%(n)d photos added to the library: write their captions.",
                        len(photos),
                    )
                    % {"n": len(photos)},
                )
                return HttpResponseRedirect(reverse("admin:articles_photo_changelist"))
            if wants_json:
                return JsonResponse({"errors": [e for errors in form.errors.values() for e in errors]}, status=400)
        context = {
            **self.admin_site.each_context(request),
            "title": _g("Upload photos"),
            "opts": self.opts,
            "form": form,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, "admin/articles/photo/upload.html", context)

    def pick_view(self, request):
        """JSON for pickers (the body editor's toolbar, galleries, the cover's preview): {"results": [...], "more":
        bool}, one query; `q` searches, `id` gives one photo."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            page = max(1, int(request.GET.get("page", "1")))
        except ValueError:
            page = 1
        photos = Photo.objects.all()
        term = request.GET.get("q", "").strip()
        wanted = request.GET.get("id", "")
        if wanted:  # one photo by its number: the story form's cover preview
            photos = photos.filter(pk=int(wanted)) if wanted.isdigit() and len(wanted) < 12 else photos.none()
        elif term:
            photos = photos.search(term)
        start = (page - 1) * PICK_PAGE_SIZE
        found = list(
            photos.only("id", "image", "caption", "credit", "alt", "renditions", "crops")[
                start : start + PICK_PAGE_SIZE + 1
            ]
        )
        return JsonResponse(
            {"results": [self._photo_json(p) for p in found[:PICK_PAGE_SIZE]], "more": len(found) > PICK_PAGE_SIZE}
        )

    @staticmethod
    def _photo_json(photo):
        return {
            "id": photo.pk,
            "thumb": photo.thumb_url,
            "preview": photo.preview_url,
            "caption": photo.caption,
            "credit": photo.credit,
            "alt": photo.alt,
            "change_url": reverse("admin:articles_photo_change", args=[photo.pk]),
        }

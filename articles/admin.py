"""The editors' desk: sections, localities, authors, tags and stories, in Vietnamese."""

from django.contrib import admin
from django.contrib.redirects.admin import RedirectAdmin
from django.contrib.redirects.models import Redirect
from django.contrib.sites.admin import SiteAdmin
from django.contrib.sites.models import Site
from django.core.files.storage import default_storage
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag as TaggitTag

from articles import chains_admin  # noqa: F401  (registers the approval chains' admin)
from articles.editor_admin import BodyEditorAdminMixin
from articles.forms import ArticleAdminForm, AuthorAdminForm, SafeImageField, SectionAdminForm
from articles.models import Article, ArticleAuthor, Author, Locality, RelatedPin, Section, Tag
from articles.photo_admin import PhotoAdmin  # noqa: F401 - registers "Thư viện ảnh"
from articles.workflow_admin import WorkflowAdminMixin
from core import adminhooks
from core.adminsafe import ModelAdmin, SafeActionsMixin
from core.text import fold, vn_slugify

# Our stories use articles.Tag; taggit's generic tag table stays empty and out of sight.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)

# Django's own site and redirect pages, on the base that refuses malformed bulk-action ids (core/adminsafe.py).
for model, model_admin in [(Site, SiteAdmin), (Redirect, RedirectAdmin)]:
    admin.site.unregister(model)
    admin.site.register(model, type(model_admin.__name__, (SafeActionsMixin, model_admin), {}))

admin.site.site_header = _("Newsroom administration")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Editors' desk")

IMAGE_FIELDS = {models.ImageField: {"form_class": SafeImageField}}
URLIFY_VI = "articles/admin/urlify_vi.js"


def thumbnail(renditions, fallback=None, css_class="thumb"):
    """The smallest rendition (or the original) as an <img>, for lists and previews."""
    if renditions:
        url = default_storage.url(renditions[0]["jpeg"])
    elif fallback:
        url = fallback.url
    else:
        return "—"
    return format_html('<span class="{}"><img src="{}" alt="" loading="lazy"></span>', css_class, url)


@admin.register(Section)
class SectionAdmin(ModelAdmin):
    form = SectionAdminForm
    list_display = ["name", "slug", "parent", "position"]
    list_editable = ["position"]
    list_select_related = ["parent"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    class Media:
        js = [URLIFY_VI]


class LocalityParentFilter(admin.SimpleListFilter):
    """Province- and district-level units only: there are thousands of communes."""

    title = _("parent unit")
    parameter_name = "parent"

    def lookups(self, request, model_admin):
        units = Locality.objects.filter(level__lt=Locality.Level.COMMUNE).order_by("level", "name")
        return [(unit.pk, unit.full_name) for unit in units]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(parent_id=self.value())
        return queryset


@admin.register(Locality)
class LocalityAdmin(ModelAdmin):
    list_display = ["name", "kind", "level", "parent", "code", "valid_from", "valid_until", "successor_list"]
    list_filter = ["level", "kind", LocalityParentFilter]
    list_select_related = ["parent"]
    search_fields = ["name", "code", "slug"]
    autocomplete_fields = ["parent", "successors"]
    fieldsets = [
        (None, {"fields": ["kind", "name", "slug", "code", "parent"]}),
        (_("History"), {"fields": ["valid_from", "valid_until", "successors", "change_note"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("successors")

    @admin.display(description=_("succeeded by"))
    def successor_list(self, obj):
        return ", ".join(unit.full_name for unit in obj.successors.all()) or "—"

    def get_search_results(self, request, queryset, search_term):
        # "Ha Tinh" also finds "Hà Tĩnh": search the ASCII slug too.
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        slug_term = vn_slugify(search_term)
        if slug_term:
            found |= queryset.filter(slug__contains=slug_term)
        return found, may_have_duplicates


@admin.register(Author)
class AuthorAdmin(ModelAdmin):
    form = AuthorAdminForm
    list_display = ["pen_name", "slug", "user", "photo_thumbnail"]
    list_select_related = ["user"]
    search_fields = ["pen_name", "slug"]
    prepopulated_fields = {"slug": ["pen_name"]}
    raw_id_fields = ["user"]
    formfield_overrides = IMAGE_FIELDS

    class Media:
        js = [URLIFY_VI]

    @admin.display(description=_("photo"))
    def photo_thumbnail(self, obj):
        return thumbnail(None, obj.photo)


@admin.register(Tag)
class TagAdmin(ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=models.Count("tagged_articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


class BylineInline(admin.TabularInline):
    """Authors in byline order: the lowest position comes first."""

    model = ArticleAuthor
    fields = ["author", "position"]
    autocomplete_fields = ["author"]
    extra = 1
    verbose_name = _("author")
    verbose_name_plural = _("authors (in byline order)")


class RelatedPinInline(admin.TabularInline):
    """Stories the editor wants first in "Tin liên quan", lowest position first; unpublished ones stay hidden."""

    model = RelatedPin
    fk_name = "article"
    fields = ["related", "position"]
    autocomplete_fields = ["related"]
    extra = 0


class LocalityTreeFilter(admin.SimpleListFilter):
    """A province or district also finds stories about the communes under it."""

    title = _("locality")
    parameter_name = "locality"

    def lookups(self, request, model_admin):
        units = Locality.objects.filter(level__lt=Locality.Level.COMMUNE).order_by("path")
        return [(unit.pk, ("— " * (unit.level - 1)) + unit.full_name) for unit in units]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        unit = Locality.objects.filter(pk=self.value()).first()
        if unit is None:
            return queryset.none()
        return queryset.filter(localities__path__startswith=unit.path).distinct()


@admin.register(Article)
class ArticleAdmin(BodyEditorAdminMixin, WorkflowAdminMixin, ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "headline",
        "cover_thumbnail",
        "section",
        "authors_list",
        "state",
        "held_by",
        "published",
        "public_link",
    ]
    list_display_links = ["headline"]
    list_filter = ["status", "section", LocalityTreeFilter, "authors", "is_featured", "published_at"]
    list_select_related = ["section"]
    date_hierarchy = "published_at"
    search_fields = ["headline", "sapo"]
    autocomplete_fields = ["localities"]
    prepopulated_fields = {"slug": ["headline"]}
    formfield_overrides = IMAGE_FIELDS
    inlines = [BylineInline, RelatedPinInline]
    raw_id_fields = ["cover"]  # the magnifier opens the photo library's grid to pick from
    readonly_fields = ["cover_preview", "state"]
    save_on_top = True
    list_per_page = 50
    fieldsets = [
        (_("Content"), {"fields": ["kicker", "headline", "slug", "sapo", "body", "edit_version"]}),
        (_("Media"), {"fields": ["cover_preview", "cover", "cover_caption", "cover_credit", "cover_alt"]}),
        (_("Classification"), {"fields": ["section", "localities", "tags", "is_featured"]}),
        (_("Publication"), {"fields": ["state", "published_at", "allow_comments", "correction"]}),
    ]

    class Media:
        css = {"all": ["articles/admin/photos.css"]}  # list-size thumbnails
        js = [URLIFY_VI, "articles/admin/cover_preview.js"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "cover":
            # For cover_preview.js: where to read the picked photo, and what to say when the number is none.
            field.widget.attrs["data-pick-url"] = reverse("admin:articles_photo_pick")
            field.widget.attrs["data-missing"] = _("No photo in the library has this number.")
        return field

    def get_queryset(self, request):
        byline = models.Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author"))
        return adminhooks.annotate(super().get_queryset(request).prefetch_related(byline))

    def get_list_display(self, request):
        # Columns other apps register for stories (core.adminhooks: the comments waiting) come after our own.
        return [*super().get_list_display(request), *adminhooks.columns(self.model)]

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete of related stories searches here too: it offers only what the list would show.
        queryset = self.visible(request, queryset)
        if request.GET.get("model_name") == "frontplacement":  # the front page's story box: placeable stories only
            queryset = queryset.filter(status=Article.Status.PUBLISHED)
        # search_text is folded ("dang"), so "Đảng", "đảng" and "dang" all match, on SQLite as on PostgreSQL.
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = fold(search_term)
        if term:
            found |= queryset.filter(search_text__contains=term)
        return found, may_have_duplicates

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    @admin.display(description=_("publication time"), ordering="published_at")
    def published(self, obj):
        if obj.published_at is None:
            return "—"
        return date_format(timezone.localtime(obj.published_at), "d/m/Y H:i")

    @admin.display(description=_("cover image"))
    def cover_thumbnail(self, obj):
        # The 160 px crop shown at 80×45: a list of 50 stories fits a few screens.
        return thumbnail(obj.cover_renditions, css_class="list-thumb")

    @admin.display(description=_("current cover"))
    def cover_preview(self, obj):
        return thumbnail(obj.cover_renditions[1:2] or obj.cover_renditions[:1], css_class="cover-preview")

    @admin.display(description=_("authors"))
    def authors_list(self, obj):
        return obj.byline or "—"

    @admin.display(description=_("on the site"))
    def public_link(self, obj):
        if not obj.pk:
            return "—"
        label = _("View") if obj.is_public else _("Not public")
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), label)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# The front page's slots and their log (articles/frontpage_admin.py).
from articles import frontpage_admin  # noqa: E402, F401

"""The "Trang chủ" arrangement page and the placements' admin: editors fill the home page's slots.

The page works as a plain form (slot, story from the newest stories, start, optional end); with JavaScript the story
box searches every placeable story (the admin's autocomplete) and a story dragged onto a slot is placed there with the
form's start and end. Every change goes through FrontPlacement.place() / withdraw(), which log it.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import frontpage
from articles.models import Article, FrontPlacement, FrontPlacementLog, Section
from core.adminsafe import ModelAdmin

ARRANGE = "articles.arrange_frontpage"
CANDIDATES = 100  # the newest published and scheduled stories offered on the arrangement page
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def top_sections():
    return list(Section.objects.filter(parent=None).order_by("position", "name"))


def placeable():
    """Stories a slot may hold: published ones and scheduled ones (shown from their minute)."""
    return Article.objects.filter(status=Article.Status.PUBLISHED)


class StoryChoice(AutocompleteSelect):
    """The story box of "Trang chủ": without JavaScript a plain list of the newest stories; with it, the admin's
    autocomplete (select2) searches every placeable story, Vietnamese without marks finding marked headlines."""

    def optgroups(self, name, value, attr=None):
        # AutocompleteSelect renders only the chosen story; this list is what a browser without JavaScript offers.
        return forms.Select.optgroups(self, name, value, attr)


class PlacementForm(forms.ModelForm):
    slot = forms.ChoiceField(label=_("slot"))

    class Meta:
        model = FrontPlacement
        fields = ["slot", "article", "starts_at", "ends_at"]
        widgets = {"starts_at": DATETIME_INPUT, "ends_at": DATETIME_INPUT}
        help_texts = {
            "starts_at": _("Empty: from now."),
            "ends_at": _("Empty: until another placement replaces it."),
        }

    def __init__(self, *args, candidates=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = top_sections()
        self.fields["slot"].choices = [(slot.key, slot.label) for slot in frontpage.slots(self.sections)]
        self.fields["starts_at"].required = False
        if "article" not in self.fields:
            return
        self.fields["article"].queryset = placeable()
        if candidates:
            self.newest = list(placeable().select_related("section").order_by("-published_at", "-id")[:CANDIDATES])
            offered = list(self.newest)
            chosen = self["article"].value()
            if chosen and str(chosen).isdigit() and all(str(story.pk) != str(chosen) for story in offered):
                offered += list(placeable().filter(pk=chosen))  # one found by searching stays chosen after an error
            widget = StoryChoice(FrontPlacement._meta.get_field("article"), admin.site)
            widget.is_required = True
            widget.choices = [("", "---------"), *((story.pk, story.headline) for story in offered)]
            self.fields["article"].widget = widget

    def clean_starts_at(self):
        return self.cleaned_data.get("starts_at") or timezone.now()

    def clean(self):
        cleaned = super().clean()
        slot, story = cleaned.get("slot"), cleaned.get("article")
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must come after the start."))
        if slot and story and slot.startswith(frontpage.SECTION_PREFIX):
            section_id = int(slot.removeprefix(frontpage.SECTION_PREFIX))
            if (
                not Section.objects.filter(pk=story.section_id)
                .filter(
                    models.Q(pk=section_id) | models.Q(parent_id=section_id) | models.Q(parent__parent_id=section_id)
                )
                .exists()
            ):
                self.add_error("article", _("This story is not in the section of this slot."))
        return cleaned


@admin.register(FrontPlacement)
class FrontPlacementAdmin(ModelAdmin):
    form = PlacementForm
    list_display = ["slot", "article", "starts_at", "ends_at", "placed_by", "placed_at"]
    list_filter = ["slot"]
    list_select_related = ["article", "placed_by"]
    autocomplete_fields = ["article"]
    search_fields = ["article__headline"]

    def _may_arrange(self, request):
        return request.user.has_perm(ARRANGE)

    def has_module_permission(self, request):
        return self._may_arrange(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._may_arrange(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._may_arrange(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._may_arrange(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_arrange(request) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        obj.place(request.user)

    def delete_model(self, request, obj):
        obj.withdraw(request.user)

    def delete_queryset(self, request, queryset):
        for placement in queryset.select_related("article"):
            placement.withdraw(request.user)

    def get_urls(self):
        arrange = self.admin_site.admin_view(self.arrange_view)
        return [path("trang-chu/", arrange, name="articles_frontplacement_arrange"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "arrange_url": reverse("admin:articles_frontplacement_arrange")}
        return super().changelist_view(request, extra_context)

    def arrange_view(self, request):
        """ "Trang chủ": what each slot shows now, what is placed or scheduled there, and the form to place a story."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PlacementForm(request.POST or None, candidates=True)
        if request.method == "POST":
            if "remove" in request.POST:
                placement = get_object_or_404(FrontPlacement.objects.select_related("article"), pk=_int(request.POST))
                placement.withdraw(request.user)
                self.message_user(request, _("The placement was removed."), messages.SUCCESS)
                return redirect("admin:articles_frontplacement_arrange")
            if form.is_valid():
                form.instance.place(request.user)
                self.message_user(request, _("The story was placed."), messages.SUCCESS)
                return redirect("admin:articles_frontplacement_arrange")
        now = timezone.now()
        sections = form.sections
        shown = frontpage.home_stories(sections, now)
        placed = frontpage.placed_stories(now)
        upcoming = {}
        for placement in (
            FrontPlacement.objects.filter(models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=now))
            .select_related("article", "placed_by")
            .order_by("starts_at", "id")
        ):
            upcoming.setdefault(placement.slot, []).append(placement)
        rows = []
        for slot in frontpage.slots(sections):
            story = _showing(slot.key, shown)
            rows.append(
                {
                    "slot": slot,
                    "story": story,
                    "arranged": story is not None and placed.get(slot.key) == story,
                    "placements": upcoming.get(slot.key, []),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Front page"),
            "opts": self.opts,
            "form": form,
            "rows": rows,
            "candidates": form.newest,
            "now": now,
            "log": FrontPlacementLog.objects.select_related("user")[:20],
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/articles/frontplacement/arrange.html", context)

    class Media:
        js = ["articles/admin/frontpage.js"]
        css = {"all": ["articles/admin/frontpage.css"]}


def _int(data):
    try:
        return int(data.get("remove", ""))
    except ValueError:
        return 0


def _showing(key, shown):
    if key == frontpage.LEAD:
        return shown["featured"]
    if key.startswith(frontpage.ROW_PREFIX):
        index = int(key.removeprefix(frontpage.ROW_PREFIX)) - 1
        return shown["latest"][index] if index < len(shown["latest"]) else None
    section_id = int(key.removeprefix(frontpage.SECTION_PREFIX))
    for section, stories in shown["section_blocks"]:
        if section.pk == section_id:
            return stories[0]
    return None


@admin.register(FrontPlacementLog)
class FrontPlacementLogAdmin(ModelAdmin):
    list_display = ["at", "user", "action", "slot", "headline", "starts_at", "ends_at"]
    list_filter = ["action", "slot"]
    list_select_related = ["user"]
    search_fields = ["headline"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

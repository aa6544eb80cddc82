"""The tip desk: editors assign tips to reporters, move them through their states, link the resulting story, reply
to the reader (by e-mail, through the task queue) and keep internal notes; reporters see the tips given to them.

Every change goes through a Tip method (assign, move_to, link_story, reply), which logs it.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.adminsafe import ModelAdmin
from tips.models import Tip, TipLog, TipPhoto, TipReply

DESK = "tips.handle_tip"


class TipDeskForm(forms.ModelForm):
    reply = forms.CharField(
        label=_("Reply to the reader by e-mail"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Sent once, in the background, to the reader's e-mail address."),
    )

    class Meta:
        model = Tip
        fields = ["state", "assigned_to", "story", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "assigned_to" in self.fields:
            self.fields["assigned_to"].queryset = get_user_model().objects.filter(is_staff=True, is_active=True)

    def clean_state(self):
        state = self.cleaned_data["state"]
        before = Tip.objects.filter(pk=self.instance.pk).values_list("state", flat=True).first()
        if before and state != before and state not in Tip.STEPS[Tip.State(before)]:
            raise forms.ValidationError(
                _("A tip cannot go from “%(before)s” to “%(after)s”."),
                params={"before": Tip.State(before).label, "after": Tip.State(state).label},
            )
        return state

    def clean_reply(self):
        reply = self.cleaned_data.get("reply", "").strip()
        if reply and (not self.instance.email or self.instance.personal_data_erased):
            raise forms.ValidationError(_("This reader left no e-mail address: call them instead."))
        return reply


class PhotoInline(admin.TabularInline):
    model = TipPhoto
    extra = 0
    can_delete = False
    fields = ["preview"]
    readonly_fields = ["preview"]

    @admin.display(description=_("photo"))
    def preview(self, obj):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener"><img src="{}" alt="" style="max-width:240px"></a>',
            obj.image.url,
            obj.image.url,
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReplyInline(admin.TabularInline):
    model = TipReply
    extra = 0
    can_delete = False
    fields = ["created_at", "written_by", "body", "sent_at", "failed_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LogInline(admin.TabularInline):
    model = TipLog
    extra = 0
    can_delete = False
    fields = ["at", "user", "action", "detail"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Tip)
class TipAdmin(ModelAdmin):
    form = TipDeskForm
    list_display = ["number", "created_at", "summary", "name", "locality", "state", "assigned_to", "story", "photos"]
    list_display_links = ["number", "summary"]
    list_filter = ["state", ("assigned_to", admin.RelatedOnlyFieldListFilter), "created_at"]
    list_select_related = ["locality", "assigned_to", "story"]
    search_fields = ["text", "name", "phone", "email"]
    autocomplete_fields = ["story"]
    date_hierarchy = "created_at"
    inlines = [PhotoInline, ReplyInline, LogInline]
    readonly_fields = ["name", "phone", "email", "locality", "text", "created_at", "from_comment_id"]
    fieldsets = [
        (_("From the reader"), {"fields": ["created_at", "name", "phone", "email", "locality", "text"]}),
        (_("Desk"), {"fields": ["state", "assigned_to", "story", "notes", "reply"]}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).annotate(photo_count=models.Count("photos"))
        if request.user.has_perm(DESK):
            return queryset
        return queryset.filter(assigned_to=request.user)

    @admin.display(description="#", ordering="pk")
    def number(self, obj):
        return obj.pk

    @admin.display(description=_("what happened"))
    def summary(self, obj):
        return obj.text[:90]

    @admin.display(description=_("photos"), ordering="photo_count")
    def photos(self, obj):
        return obj.photo_count

    def history_view(self, request, object_id, extra_context=None):
        # The permission first: the narrowed queryset would otherwise answer "does not exist" to anyone.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def has_add_permission(self, request):
        return False  # tips come from readers (the public form) or from comments

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(DESK) and super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_change_permission(request, obj):
            readonly += ["state", "assigned_to", "story", "notes"]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.has_change_permission(request, obj):
            return [(name, {"fields": [f for f in opts["fields"] if f != "reply"]}) for name, opts in fieldsets]
        return fieldsets

    def save_model(self, request, obj, form, change):
        tip = Tip.objects.get(pk=obj.pk)
        data = form.cleaned_data
        with transaction.atomic():
            if tip.notes != data["notes"]:
                tip.notes = data["notes"]
                tip.save(update_fields=["notes"])
            if "state" in form.changed_data:
                tip.move_to(data["state"], request.user)
            if "assigned_to" in form.changed_data:
                tip.assign(data["assigned_to"], request.user)
            if "story" in form.changed_data:
                tip.link_story(data["story"], request.user)
            if data.get("reply"):
                tip.reply(data["reply"], request.user)
        obj.refresh_from_db()

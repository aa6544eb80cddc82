"""Approval chains in the admin: per section, an ordered list of steps, each a role (staff group)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.chains import ApprovalChain, ApprovalStep
from core.adminsafe import ModelAdmin


class ApprovalStepInline(admin.TabularInline):
    """The steps in order: the lowest position approves first."""

    model = ApprovalStep
    fields = ["position", "group"]
    extra = 3
    min_num = 1


@admin.register(ApprovalChain)
class ApprovalChainAdmin(ModelAdmin):
    list_display = ["section", "step_list"]
    list_select_related = ["section"]
    search_fields = ["section__name"]
    inlines = [ApprovalStepInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("steps__group")

    @admin.display(description=_("steps"))
    def step_list(self, obj):
        return " → ".join(step.group.name for step in obj.steps.all()) or "—"

"""The staff e-mail outbox in the admin: who got what, when, and whether it went out (superusers, read-only)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.adminsafe import ModelAdmin
from inbox.models import Notification


class DeliveryFilter(admin.SimpleListFilter):
    title = _("delivery")
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [("sent", _("Sent")), ("waiting", _("Waiting to be sent")), ("failed", _("Given up"))]

    def queryset(self, request, queryset):
        if self.value() == "sent":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "waiting":
            return queryset.unsent()
        if self.value() == "failed":
            return queryset.filter(failed_at__isnull=False)
        return queryset


@admin.register(Notification)
class NotificationAdmin(ModelAdmin):
    list_display = ["created_at", "user", "event", "article", "delivery", "sent_at", "attempts", "last_error"]
    list_filter = [DeliveryFilter, "event", "created_at"]
    list_select_related = ["user", "article"]
    search_fields = ["user__username", "user__email", "article__headline"]
    date_hierarchy = "created_at"
    readonly_fields = ["delivery"]
    list_per_page = 100

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("delivery"))
    def delivery(self, obj):
        if obj.sent_at:
            return _("Sent")
        if obj.failed_at:
            return _("Given up")
        return _("Waiting to be sent")

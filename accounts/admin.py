"""Login security in the admin: the login form with lockouts, the login log, lockouts to lift, devices to reset."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.forms import StaffAuthenticationForm
from accounts.models import Lockout, LoginEvent, TOTPDevice
from core.adminsafe import ModelAdmin, SafeActionsMixin

admin.site.login_form = StaffAuthenticationForm

# Django's own user and group pages, on the base that refuses malformed bulk-action ids (core/adminsafe.py).
for model, model_admin in [(User, UserAdmin), (Group, GroupAdmin)]:
    admin.site.unregister(model)
    admin.site.register(model, type(model_admin.__name__, (SafeActionsMixin, model_admin), {}))


class ReadOnlyAdmin(ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LoginEvent)
class LoginEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "username", "user", "outcome", "ip_address"]
    list_filter = ["outcome", "at"]
    search_fields = ["username", "ip_address"]
    list_select_related = ["user"]
    date_hierarchy = "at"

    def has_delete_permission(self, request, obj=None):
        return False


class ActiveFilter(admin.SimpleListFilter):
    title = _("in force")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("1", _("Yes"))]

    def queryset(self, request, queryset):
        return queryset.active() if self.value() == "1" else queryset


@admin.register(Lockout)
class LockoutAdmin(ReadOnlyAdmin):
    list_display = ["key", "kind", "created_at", "locked_until", "failures", "in_force", "lifted_at", "lifted_by"]
    list_filter = [ActiveFilter, "kind"]
    search_fields = ["key"]
    list_select_related = ["lifted_by"]
    actions = ["lift_selected"]

    @admin.display(description=_("in force"), boolean=True)
    def in_force(self, obj):
        return obj.is_active

    def has_lift_permission(self, request):
        return request.user.has_perm("accounts.change_lockout")

    @admin.action(description=_("Lift the selected lockouts"), permissions=["lift"])
    def lift_selected(self, request, queryset):
        lifted = 0
        for lock in queryset.active():
            lock.lift(request.user)
            lifted += 1
        self.message_user(request, ngettext("%(n)d lockout lifted.", "%(n)d lockouts lifted.", lifted) % {"n": lifted})


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ReadOnlyAdmin):
    """Deleting a device resets it: the person enrols again at the next login (if required) or from the menu."""

    list_display = ["user", "confirmed", "created_at", "confirmed_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = ["user", "confirmed", "created_at", "confirmed_at"]

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.adminsafe import ModelAdmin
from royalties import money
from royalties.models import Genre, GradeLog, Month, Share, UnitValue, Work


@admin.register(Genre)
class GenreAdmin(ModelAdmin):
    list_display = ["name", "max_coefficient", "order"]
    list_editable = ["max_coefficient", "order"]
    search_fields = ["name"]


@admin.register(UnitValue)
class UnitValueAdmin(ModelAdmin):
    list_display = ["valid_from", "amount_display", "note"]

    @admin.display(description=_("value of one unit (đồng)"), ordering="amount")
    def amount_display(self, obj):
        return money.dong(obj.amount)


@admin.register(Month)
class MonthAdmin(ModelAdmin):
    """Read-only: a month is closed from the statements page (Month.close), never edited by hand."""

    list_display = ["month", "closed_at", "closed_by", "unit_value"]
    readonly_fields = ["month", "closed_at", "closed_by", "unit_value"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ShareInline(admin.TabularInline):
    model = Share
    fields = ["author", "percent"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class GradeLogInline(admin.TabularInline):
    model = GradeLog
    fields = ["at", "actor", "before", "after"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Work)
class WorkAdmin(ModelAdmin):
    """Read-only record of graded works with their split and log; grading happens on the grading page."""

    list_display = ["__str__", "kind", "month", "genre", "coefficient", "graded_by", "graded_at"]
    list_filter = ["kind", "month", "genre"]
    list_select_related = ["article", "genre", "graded_by"]
    search_fields = ["article__headline", "label", "credit"]
    fields = ["article", "kind", "label", "credit", "month", "genre", "coefficient", "note", "graded_by", "graded_at"]
    readonly_fields = fields
    inlines = [ShareInline, GradeLogInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

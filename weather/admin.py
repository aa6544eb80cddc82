from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.adminsafe import ModelAdmin
from weather.models import WeatherReport


@admin.register(WeatherReport)
class WeatherReportAdmin(ModelAdmin):
    """Read-only: rows come from `manage.py fetch_weather`; editors look here to see when it last worked."""

    list_display = [
        "place",
        "temperature",
        "weather",
        "temperature_min",
        "temperature_max",
        "observed_at",
        "fetched_at",
    ]
    ordering = ["position", "place"]

    @admin.display(description=_("Weather"))
    def weather(self, report):
        return report.description

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

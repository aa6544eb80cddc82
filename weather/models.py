from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weather.codes import describe

# The weather box's cached rows; storing new readings deletes it.
BOX_CACHE_KEY = "weather:box:rows"


class WeatherReportQuerySet(models.QuerySet):
    def store(self, readings, places, *, demo=False):
        """Keep the latest reading per place, drop places no longer configured, and refresh the box.

        `demo` marks recorded readings the demo newsroom ships (weather.demo); a real fetch replaces them.
        """
        fetched_at = timezone.now()
        positions = {place.name: index for index, place in enumerate(places)}
        with transaction.atomic():
            for reading in readings:
                self.update_or_create(
                    place=reading.place,
                    defaults={
                        "position": positions.get(reading.place, len(positions)),
                        "observed_at": reading.observed_at,
                        "fetched_at": fetched_at,
                        "temperature": reading.temperature,
                        "weather_code": reading.weather_code,
                        "temperature_min": reading.temperature_min,
                        "temperature_max": reading.temperature_max,
                        "precipitation_probability": reading.precipitation_probability,
                        "humidity": reading.humidity,
                        "wind_speed": reading.wind_speed,
                        "is_demo": demo,
                    },
                )
            self.exclude(place__in=[place.name for place in places]).delete()
            transaction.on_commit(lambda: cache.delete(BOX_CACHE_KEY))
        return len(readings)


class WeatherReport(models.Model):
    """The latest known weather of one place: current conditions and today's forecast."""

    place = models.CharField(_("place"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    observed_at = models.DateTimeField(_("observed at"))
    fetched_at = models.DateTimeField(_("fetched at"))
    temperature = models.FloatField(_("temperature (°C)"))
    weather_code = models.PositiveSmallIntegerField(_("WMO weather code"))
    temperature_min = models.FloatField(_("today's minimum (°C)"), null=True, blank=True)
    temperature_max = models.FloatField(_("today's maximum (°C)"), null=True, blank=True)
    precipitation_probability = models.PositiveSmallIntegerField(
        _("chance of precipitation (%)"), null=True, blank=True
    )
    humidity = models.PositiveSmallIntegerField(_("relative humidity (%)"), null=True, blank=True)
    wind_speed = models.FloatField(_("wind speed (km/h)"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = WeatherReportQuerySet.as_manager()

    class Meta:
        ordering = ["position", "place"]
        verbose_name = _("weather report")
        verbose_name_plural = _("weather reports")

    def __str__(self):
        return f"{self.place}: {self.temperature:.0f}°C"

    @property
    def description(self):
        return describe(self.weather_code)

"""DEMO DATA: recorded forecasts for the configured places, so a fresh `make run` shows the "Thời tiết" box offline.

The figures are a typical early-December day in Hà Tĩnh as Open-Meteo reported it; they are stored as observed
at the hour the demo is built (never fetched), marked `is_demo`, and the box says so. The usual staleness rules
apply: "Dữ liệu cũ" after WEATHER_STALE_AFTER_HOURS, hidden after WEATHER_HIDE_AFTER_HOURS. Running the demo
again re-dates them only once they are old, and never touches real readings from fetch_weather.
"""

from django.utils import timezone

from weather import conf
from weather.models import WeatherReport
from weather.providers import Reading

# place: (temperature, WMO code, today's min, today's max, chance of rain %, humidity %, wind km/h)
RECORDED = {
    "TP Hà Tĩnh": (21.4, 3, 18.6, 23.1, 35, 84, 13.0),
    "Hồng Lĩnh": (20.8, 3, 18.1, 22.6, 30, 86, 9.7),
    "Kỳ Anh": (22.0, 61, 19.4, 23.5, 70, 88, 16.2),
    "Hương Khê": (19.7, 45, 17.2, 22.0, 40, 91, 5.4),
    "Hương Sơn": (18.9, 45, 16.5, 21.3, 45, 92, 4.3),
}
# A place configured in WEATHER_PLACES but not recorded above gets this.
FALLBACK = (21.0, 3, 18.0, 23.0, 40, 85, 10.0)


def recorded_readings(places, observed_at):
    """The recorded figures as provider readings, dated `observed_at`."""
    readings = []
    for place in places:
        temperature, code, low, high, rain, humidity, wind = RECORDED.get(place.name, FALLBACK)
        readings.append(Reading(place.name, observed_at, temperature, code, low, high, rain, humidity, wind))
    return readings


def ensure_demo_weather(now=None):
    """Store the recorded forecasts unless real readings exist or the demo ones are still fresh; returns how many."""
    now = now or timezone.now()
    reports = list(WeatherReport.objects.all())
    if any(not report.is_demo for report in reports):
        return 0
    places = conf.places()
    fresh = {report.place for report in reports if now - report.observed_at <= conf.stale_after()}
    if fresh >= {place.name for place in places}:
        return 0
    observed_at = now.replace(minute=0, second=0, microsecond=0)
    return WeatherReport.objects.store(recorded_readings(places, observed_at), places, demo=True)

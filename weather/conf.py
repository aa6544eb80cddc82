"""The weather box's settings, with their defaults (override any of them in newsroom/settings.py)."""

from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.utils.module_loading import import_string

# The province's main places. Each entry: (name shown to readers, latitude, longitude).
DEFAULT_PLACES = [
    ("TP Hà Tĩnh", 18.3428, 105.9057),
    ("Hồng Lĩnh", 18.5336, 105.7097),
    ("Kỳ Anh", 18.0717, 106.2967),
    ("Hương Khê", 18.1797, 105.7114),
    ("Hương Sơn", 18.5153, 105.4275),
]


class Place(NamedTuple):
    """A place the "Thời tiết" box shows."""

    name: str
    latitude: float
    longitude: float


DEFAULT_PROVIDER = "weather.providers.OpenMeteoProvider"


def places():
    """The configured places, as Place tuples in display order."""
    return [
        Place(name, float(lat), float(lon)) for name, lat, lon in getattr(settings, "WEATHER_PLACES", DEFAULT_PLACES)
    ]


def provider():
    """A new instance of the provider class named by WEATHER_PROVIDER."""
    return import_string(getattr(settings, "WEATHER_PROVIDER", DEFAULT_PROVIDER))()


def stale_after():
    """Data older than this is shown with an "old data" note."""
    return timedelta(hours=getattr(settings, "WEATHER_STALE_AFTER_HOURS", 6))


def hide_after():
    """Data older than this is not shown at all."""
    return timedelta(hours=getattr(settings, "WEATHER_HIDE_AFTER_HOURS", 48))


def cache_seconds():
    return getattr(settings, "WEATHER_CACHE_SECONDS", 300)


def open_meteo_url():
    return getattr(settings, "WEATHER_OPEN_METEO_URL", "https://api.open-meteo.com/v1/forecast")


def timeout():
    """Seconds the provider waits for the network before giving up."""
    return getattr(settings, "WEATHER_TIMEOUT", 10)

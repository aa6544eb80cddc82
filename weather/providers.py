"""Where weather data comes from: a small provider interface and its Open-Meteo implementation.

A provider turns a list of places into a list of readings, or raises ProviderError. Pages never call
a provider: only the fetch_weather command does, and it stores the readings in the database.
"""

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Protocol

from django.conf import settings

from weather import conf
from weather.conf import Place

logger = logging.getLogger(__name__)

# A forecast for a handful of places is a few kilobytes; refuse to read anything absurdly large.
MAX_RESPONSE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Reading:
    """Current weather and today's forecast for one place, as a provider reports it."""

    place: str
    observed_at: datetime
    temperature: float
    weather_code: int
    temperature_min: float | None = None
    temperature_max: float | None = None
    precipitation_probability: int | None = None
    humidity: int | None = None
    wind_speed: float | None = None


class ProviderError(Exception):
    """The provider could not give usable data (network, HTTP status, or response format)."""


class Provider(Protocol):
    def fetch(self, places: list[Place]) -> list[Reading]: ...


class OpenMeteoProvider:
    """Open-Meteo's free forecast API (no key): one request for all places."""

    current_fields = ("temperature_2m", "weather_code", "wind_speed_10m", "relative_humidity_2m")
    daily_fields = ("temperature_2m_max", "temperature_2m_min", "weather_code", "precipitation_probability_max")

    def __init__(self, url=None, timeout=None):
        self.url = url or conf.open_meteo_url()
        self.timeout = timeout if timeout is not None else conf.timeout()

    def fetch(self, places):
        if not places:
            return []
        payload = self.get_json(self.request_url(places))
        return self.parse(payload, places)

    def request_url(self, places):
        query = {
            "latitude": ",".join(f"{place.latitude:.4f}" for place in places),
            "longitude": ",".join(f"{place.longitude:.4f}" for place in places),
            "current": ",".join(self.current_fields),
            "daily": ",".join(self.daily_fields),
            "timezone": settings.TIME_ZONE,
            "forecast_days": "1",
        }
        return f"{self.url}?{urllib.parse.urlencode(query, safe=',/')}"

    def get_json(self, url):
        request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "newsroom-weather"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as error:
            raise ProviderError(f"HTTP {error.code} from {self.url}{self._error_reason(error)}") from error
        except urllib.error.URLError as error:
            raise ProviderError(f"cannot reach {self.url}: {error.reason}") from error
        except (TimeoutError, OSError) as error:
            # A timeout while reading the body is not wrapped in URLError.
            raise ProviderError(f"no answer from {self.url}: {error}") from error
        if len(body) > MAX_RESPONSE_BYTES:
            raise ProviderError("response too large")
        try:
            return json.loads(body)
        except (UnicodeDecodeError, ValueError) as error:
            raise ProviderError(f"invalid JSON from {self.url}: {error}") from error

    @staticmethod
    def _error_reason(error):
        # Open-Meteo explains a refused request as {"error": true, "reason": "..."}.
        try:
            reason = json.loads(error.read(4096)).get("reason")
        except Exception:
            return ""
        return f": {reason}" if isinstance(reason, str) else ""

    @classmethod
    def parse(cls, payload, places):
        """Readings from an Open-Meteo response (a list for several places, an object for one)."""
        results = payload if isinstance(payload, list) else [payload]
        if len(results) != len(places):
            raise ProviderError(f"expected {len(places)} locations, got {len(results)}")
        try:
            return [cls._reading(result, place) for result, place in zip(results, places, strict=True)]
        except (KeyError, IndexError, TypeError, ValueError) as error:
            raise ProviderError(f"unexpected response format: {error!r}") from error

    @staticmethod
    def _reading(result, place):
        offset = timezone(timedelta(seconds=int(result["utc_offset_seconds"])))
        current, daily = result["current"], result["daily"]
        temperature, code = current["temperature_2m"], current["weather_code"]
        if temperature is None or code is None:
            raise ValueError(f"no current temperature or weather code for {place.name}")

        def today(field):
            value = daily[field][0]
            return None if value is None else float(value)

        def optional(value):
            return None if value is None else round(float(value))

        return Reading(
            place=place.name,
            observed_at=datetime.fromisoformat(current["time"]).replace(tzinfo=offset),
            temperature=float(temperature),
            weather_code=int(code),
            temperature_min=today("temperature_2m_min"),
            temperature_max=today("temperature_2m_max"),
            precipitation_probability=optional(daily["precipitation_probability_max"][0]),
            humidity=optional(current["relative_humidity_2m"]),
            wind_speed=None if current["wind_speed_10m"] is None else float(current["wind_speed_10m"]),
        )

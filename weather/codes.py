"""WMO weather interpretation codes (as Open-Meteo reports them) and what readers are told."""

from django.utils.translation import gettext_lazy as _

DESCRIPTIONS = {
    0: _("Clear sky"),
    1: _("Mainly clear"),
    2: _("Partly cloudy"),
    3: _("Overcast"),
    45: _("Fog"),
    48: _("Rime fog"),
    51: _("Light drizzle"),
    53: _("Drizzle"),
    55: _("Dense drizzle"),
    56: _("Freezing drizzle"),
    57: _("Freezing drizzle"),
    61: _("Light rain"),
    63: _("Moderate rain"),
    65: _("Heavy rain"),
    66: _("Freezing rain"),
    67: _("Freezing rain"),
    71: _("Snow"),
    73: _("Snow"),
    75: _("Snow"),
    77: _("Snow"),
    80: _("Light rain showers"),
    81: _("Rain showers"),
    82: _("Violent rain showers"),
    85: _("Snow showers"),
    86: _("Snow showers"),
    95: _("Thunderstorm"),
    96: _("Thunderstorm with hail"),
    99: _("Thunderstorm with hail"),
}


def describe(code):
    """The reader-facing description of a WMO code; unknown codes get a neutral word."""
    return DESCRIPTIONS.get(code, _("Unknown weather"))

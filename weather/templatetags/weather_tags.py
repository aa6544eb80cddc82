"""{% load weather_tags %}{% weather_box %}: the "Weather" box, read from the database only (never the network)."""

from django import template

from weather.selectors import box_context

register = template.Library()


@register.inclusion_tag("weather/_box.html")
def weather_box():
    return box_context()

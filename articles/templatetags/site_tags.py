"""The filters the Django templates still need (the news sitemap): the public pages are Jinja2 templates, whose
filters and globals are articles/jinja2.py; both use the plain functions of articles/display.py."""

from django import template

from articles import display

register = template.Library()

register.filter("absolute_url", display.absolute_url)
register.filter("iso_datetime", display.iso_datetime)

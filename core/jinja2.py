"""The Jinja2 environment of the templates in templates/jinja2/, rendered through Django's Jinja2 backend.

Same escaping (autoescape on; Django's safe strings stay safe) and the same translations as Django templates:
`_()`, `gettext()`, `ngettext()`, `pgettext()` and `{% trans %}` read Django's active catalog. The filters are
written for the comment list's hot loop: markupsafe's escaping, no lazy strings, one time zone conversion.
"""

from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from jinja2 import Environment
from markupsafe import Markup, escape

BR = Markup("<br>")


def url(name, *args, **kwargs):
    """`{{ url("comments:post", article.pk) }}`: Django's reverse()."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def localtime(value):
    """`{% set when = comment.created_at|localtime %}`: the datetime in the site's (active) time zone."""
    return timezone.localtime(value)


def date(value, format_string="%d/%m/%Y %H:%M"):
    """`{{ when|date }}`: a datetime as it is given (local time: see `localtime`), strftime format: 05/01/2026 07:59."""
    return value.strftime(format_string)


def datetime_attr(value):
    """`<time datetime="{{ when|datetime_attr }}">`: ISO 8601 with its offset, whole seconds."""
    return value.replace(microsecond=0).isoformat()


def linebreaksbr(value):
    """Django's `linebreaksbr`: the text escaped, each line break a <br>."""
    return escape(value.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", BR)


def environment(**options):
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_translations(translation, newstyle=True)
    env.globals.update(url=url, static=static)
    env.filters.update(localtime=localtime, date=date, datetime_attr=datetime_attr, linebreaksbr=linebreaksbr)
    return env

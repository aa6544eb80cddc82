"""The Jinja2 environment of the templates in templates/jinja2/, rendered through Django's Jinja2 backend.

Same escaping (autoescape on; Django's safe strings stay safe) and the same translations as Django templates:
`_()`, `gettext()`, `ngettext()`, `pgettext()` and `{% trans %}` read Django's active catalog.
"""

from django.template.defaultfilters import linebreaksbr
from django.templatetags.static import static
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from jinja2 import Environment


def url(name, *args, **kwargs):
    """`{{ url("comments:post", article.pk) }}`: Django's reverse()."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def date(value, format_string):
    """`{{ when|date("d/m/Y H:i") }}`: Django's date format, in the site's time zone."""
    return dateformat.format(timezone.localtime(value), format_string)


def datetime_attr(value):
    """`<time datetime="{{ when|datetime_attr }}">`: ISO 8601 in the site's time zone, whole seconds."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def environment(**options):
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_translations(translation, newstyle=True)
    env.globals.update(url=url, static=static)
    env.filters.update(date=date, datetime_attr=datetime_attr, linebreaksbr=linebreaksbr)
    return env

"""The Jinja2 environment of the templates in templates/jinja2/, rendered through Django's Jinja2 backend.

Same escaping (autoescape on; Django's safe strings stay safe) and the same translations as Django templates:
`_()`, `gettext()`, `ngettext()`, `pgettext()` and `{% trans %}` read Django's active catalog, with the msgids
Django's `{% blocktranslate %}` would use ("Page %(number)s": `_("Page %(number)s", number=page.number)`). The
filters are written for hot loops: markupsafe's escaping, no lazy strings, one time zone conversion. Each app's
filters and globals are added by the project's environment (newsroom/jinja2.py): core imports no app.
"""

from itertools import groupby

from django.template.defaultfilters import floatformat, truncatewords
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


def linebreaksbr(value):
    """Django's `linebreaksbr`: the text escaped, each line break a <br>."""
    return escape(value.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", BR)


def regroup(items, attribute):
    """Django's `{% regroup %}`: [(value, [items])] of consecutive items sharing `attribute`, order kept (Jinja2's
    `groupby` sorts)."""
    return [(key, list(group)) for key, group in groupby(items, key=lambda item: getattr(item, attribute))]


def environment(**options):
    """The generic environment: the project's (newsroom/jinja2.py) adds each app's filters and globals to it."""
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_translations(translation, newstyle=True)
    env.globals.update(url=url, static=static)
    env.filters.update(
        localtime=localtime,
        date=date,
        linebreaksbr=linebreaksbr,
        # Django's own filters, same output: "…" after the 40th word; a number with the locale's decimal comma.
        truncatewords=truncatewords,
        floatformat=floatformat,
        regroup=regroup,
    )
    return env

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
from jinja2 import Environment, pass_context
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


# Translations ------------------------------------------------------------------------------------------------------
# Jinja2's "newstyle" gettext with Django's catalog, written out: the translation is marked safe under autoescape and
# formatted with the call's keyword arguments (so a literal "%" is "%%"), as jinja2.ext does. Jinja2's own wrappers
# go through two context calls, a lookup of "gettext" and a `%` even when the text has none: 5.8 µs a `_()`, where a
# story page has about a hundred of them; these take 2.9 µs.


def _translated(context, text, variables):
    if context.eval_ctx.autoescape:
        text = Markup(text)
    # Formatting a text without "%" changes nothing (unused keyword arguments included): skipped.
    return text % variables if "%" in text else text


@pass_context
def gettext(context, message, /, **variables):
    return _translated(context, translation.gettext(message), variables)


@pass_context
def ngettext(context, singular, plural, number, /, **variables):
    variables.setdefault("num", number)
    return _translated(context, translation.ngettext(singular, plural, number), variables)


@pass_context
def pgettext(context, message_context, message, /, **variables):
    variables.setdefault("context", message_context)
    return _translated(context, translation.pgettext(message_context, message), variables)


@pass_context
def npgettext(context, message_context, singular, plural, number, /, **variables):
    variables.setdefault("context", message_context)
    variables.setdefault("num", number)
    return _translated(context, translation.npgettext(message_context, singular, plural, number), variables)


def environment(**options):
    """The generic environment: the project's (newsroom/jinja2.py) adds each app's filters and globals to it."""
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    # Installed as newstyle (how `{% trans %}` blocks are compiled), then the callables replaced by the ones above;
    # `_` is gettext itself rather than jinja2.ext's alias that looks "gettext" up on every call.
    env.install_gettext_translations(translation, newstyle=True)
    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext)
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

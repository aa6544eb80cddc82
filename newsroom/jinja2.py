"""The project's Jinja2 environment (TEMPLATES in settings): core's generic one with each app's filters and globals.

Every page a reader sees is a Jinja2 template under templates/jinja2/; staff pages, e-mails and the news sitemap
stay Django templates. core imports no app, so the apps' helpers are wired here.
"""

from articles import jinja2 as articles_jinja2
from comments import jinja2 as comments_jinja2
from core.jinja2 import environment as core_environment
from weather import jinja2 as weather_jinja2


def environment(**options):
    env = core_environment(**options)
    env.filters.update(articles_jinja2.FILTERS)
    for module in (articles_jinja2, comments_jinja2, weather_jinja2):
        env.globals.update(module.GLOBALS)
    return env

"""The "Weather" box for Jinja2 templates: `{{ weather_box() }}`, read from the database only (never the network)."""

from jinja2 import pass_environment
from markupsafe import Markup

from weather.selectors import box_context


@pass_environment
def weather_box(environment):
    return Markup(environment.get_template("weather/_box.html").render(box_context()))


GLOBALS = {"weather_box": weather_box}

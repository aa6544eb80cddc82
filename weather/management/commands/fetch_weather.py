"""Fetch the weather of the configured places and store it for the "Weather" box.

Pages never call the provider: they read what this command stored. Run it every 30 minutes, e.g.

    # crontab of the site's user
    */30 * * * * cd /srv/newsroom && .venv/bin/python manage.py fetch_weather

or with a systemd timer:

    # /etc/systemd/system/newsroom-weather.service
    [Service]
    Type=oneshot
    User=newsroom
    WorkingDirectory=/srv/newsroom
    EnvironmentFile=/srv/newsroom/.env
    ExecStart=/srv/newsroom/.venv/bin/python manage.py fetch_weather

    # /etc/systemd/system/newsroom-weather.timer
    [Timer]
    OnCalendar=*:0/30
    RandomizedDelaySec=120
    Persistent=true
    [Install]
    WantedBy=timers.target

    systemctl enable --now newsroom-weather.timer

When the provider fails (network down, HTTP error, unexpected response) the command logs a warning,
keeps the previous data and exits with status 1 and a one-line message, so cron mails it and systemd
marks the run failed. The box then keeps showing the last data with its time, notes "Dữ liệu cũ" after
WEATHER_STALE_AFTER_HOURS (6) and hides itself after WEATHER_HIDE_AFTER_HOURS (48).

A successful fetch clears the box's cache. With a shared cache (REDIS_URL) pages see new data at once;
with the per-process local-memory cache they see it within WEATHER_CACHE_SECONDS (300).
"""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from weather import conf
from weather.models import WeatherReport
from weather.providers import ProviderError

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Fetch the current weather and today's forecast of the configured places into the database."

    def handle(self, *args, **options):
        places = conf.places()
        provider = conf.provider()
        try:
            readings = provider.fetch(places)
        except ProviderError as error:
            logger.warning("Weather fetch failed, previous data kept: %s", error)
            raise CommandError(
                _("Weather provider failed, previous data kept: %(error)s") % {"error": error}
            ) from error
        stored = WeatherReport.objects.store(readings, places)
        message = ngettext("Weather stored for %(count)d place.", "Weather stored for %(count)d places.", stored)
        self.stdout.write(self.style.SUCCESS(message % {"count": stored}))

"""manage.py demo_weather: the demo's recorded forecasts, so the "Thời tiết" box shows without the network."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from weather.demo import ensure_demo_weather


class Command(BaseCommand):
    help = "Store recorded demo forecasts (marked as demo data) unless real or fresh demo readings exist."

    def handle(self, *args, **options):
        stored = ensure_demo_weather()
        if stored:
            self.stdout.write(self.style.SUCCESS(_("Demo weather stored for %(count)d places.") % {"count": stored}))
        else:
            self.stdout.write(_("The weather box already has data; nothing changed."))

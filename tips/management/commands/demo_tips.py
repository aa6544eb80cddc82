"""manage.py demo_tips: a few readers' tips in several states for the tip desk (safe to run again)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tips.demo import ensure_demo_tips


class Command(BaseCommand):
    help = "Add a few demo readers' tips in several states, once."

    def handle(self, *args, **options):
        added = ensure_demo_tips()
        if added:
            self.stdout.write(self.style.SUCCESS(_("%(count)d demo tips added.") % {"count": added}))
        else:
            self.stdout.write(_("The demo tips are already there; nothing changed."))

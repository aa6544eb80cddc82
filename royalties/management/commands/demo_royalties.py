"""manage.py demo_royalties: graded and closed royalty months for the demo newsroom (safe to run again)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from royalties.demo import ensure_demo_royalties


class Command(BaseCommand):
    help = "Grade the demo stories' royalties: January 2013 and last month closed, this month partly graded."

    def handle(self, *args, **options):
        result = ensure_demo_royalties()
        if result:
            months = ", ".join(f"{month:%m/%Y}" for month in result["closed"])
            message = _("Demo royalties: %(graded)d works graded; months closed: %(months)s.")
            self.stdout.write(self.style.SUCCESS(message % {"graded": result["graded"], "months": months}))
        else:
            self.stdout.write(_("The demo royalties are already there; nothing changed."))

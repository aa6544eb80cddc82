"""manage.py demo_comments: approved demo comments with replies on a few demo stories (safe to run again)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from comments.demo import ensure_demo_comments


class Command(BaseCommand):
    help = "Add approved demo comments with replies to the newest demo stories, once."

    def handle(self, *args, **options):
        added = ensure_demo_comments()
        if added:
            self.stdout.write(self.style.SUCCESS(_("%(count)d demo comments added.") % {"count": added}))
        else:
            self.stdout.write(_("The demo comments are already there; nothing changed."))

"""Drop every cached page and list after a deploy (core.pagecache.content_changed): pages rendered by the code
before it name the static files and markup of that code, and would be served until they expire.

    manage.py migrate && manage.py collectstatic --noinput && manage.py clear_pages   # then restart gunicorn
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from core import pagecache


class Command(BaseCommand):
    help = "Drop every cached page and list (run after a deploy, once the new code and static files are in place)."

    def handle(self, *args, **options):
        pagecache.content_changed()
        self.stdout.write(_("Every cached page will be rendered again."))

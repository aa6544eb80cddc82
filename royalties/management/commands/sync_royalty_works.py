from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from articles.models import Article
from royalties.models import Work


class Command(BaseCommand):
    help = (
        "Create the works to grade of every published story that has none yet (stories published before royalties "
        "were installed, or imported): saving a story as published does it for new ones."
    )

    def handle(self, *args, **options):
        created = Work.objects.sync(Article.objects.all())
        self.stdout.write(_("%(n)d works to grade created.") % {"n": created})

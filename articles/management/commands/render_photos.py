from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from articles.models import Photo


class Command(BaseCommand):
    help = (
        "Make the renditions and focal crops of library photos that have none (photos brought into the library from "
        "the old per-story files, or whose files were restored by hand), and give the stories they cover the crops. "
        "--all renders every photo again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Render every photo, not only those without crops.")

    def handle(self, *args, **options):
        photos = Photo.objects.exclude(image="").order_by("pk")
        if not options["all"]:
            photos = photos.filter(crops=[])
        done = 0
        for photo in photos.iterator(chunk_size=100):
            photo.render()
            done += 1
        self.stdout.write(_("%(n)d photos rendered.") % {"n": done})

"""manage.py demo_newsroom: a believable Hà Tĩnh newsroom to try the site with (safe to run again)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.demo.build import DEFAULT_STORIES, build


class Command(BaseCommand):
    help = "Create the demo newsroom: the 2013 seed story, sections, Hà Tĩnh localities, authors, tags and stories."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stories",
            type=int,
            default=DEFAULT_STORIES,
            help=f"How many stories to generate besides the seed story (default {DEFAULT_STORIES}).",
        )

    def handle(self, *args, stories, **options):
        if stories < 0:
            raise CommandError(_("The number of stories cannot be negative."))
        started = time.monotonic()
        result = build(stories=stories)
        values = {**result.totals, "seconds": time.monotonic() - started}
        if result.changed:
            values.update({f"new_{key}": count for key, count in result.created.items()})
            message = _(
                "Demo newsroom built in %(seconds).1f s: %(new_articles)d new articles (%(articles)d in all), "
                "%(new_sections)d new sections, %(new_localities)d new localities, %(new_authors)d new authors, "
                "%(new_tags)d new tags."
            )
            self.stdout.write(self.style.SUCCESS(message % values))
        else:
            message = _(
                "The demo newsroom is already built (%(articles)d articles, %(sections)d sections, "
                "%(localities)d localities, %(authors)d authors, %(tags)d tags); nothing changed."
            )
            self.stdout.write(message % values)

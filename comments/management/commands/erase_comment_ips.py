"""Erase readers' IP addresses and user agents once they are no longer needed for abuse handling.

Scheduled daily, like the other retention jobs, e.g. in the crontab of the site's user:
    15 3 * * * cd /srv/newsroom && .venv/bin/python manage.py erase_comment_ips
`--dry-run` prints what would be erased and changes nothing.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from comments.models import Comment


class Command(BaseCommand):
    help = "Erase the IP address and user agent of comments older than N days (COMMENTS_IP_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep data of comments newer than this many days (default: COMMENTS_IP_RETENTION_DAYS).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would be erased; change nothing.")

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is None:
            days = getattr(settings, "COMMENTS_IP_RETENTION_DAYS", 90)
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        cutoff = timezone.now() - timedelta(days=days)
        expired = Comment.objects.filter(created_at__lt=cutoff).exclude(ip_address__isnull=True, user_agent="")
        if dry_run:
            count = expired.count()
            self.stdout.write(
                f"Dry run: would erase IP address and user agent of {count} comment(s) older than {days} day(s)."
            )
            if options["verbosity"] >= 2:
                for pk, created_at in expired.order_by("created_at", "id").values_list("pk", "created_at"):
                    self.stdout.write(f"  comment {pk} of {created_at:%Y-%m-%d}")
            return None
        erased = expired.update(ip_address=None, user_agent="")
        self.stdout.write(f"Erased IP address and user agent of {erased} comment(s) older than {days} day(s).")
        return None

"""Erase readers' IP addresses and user agents once they are no longer needed for abuse handling."""

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

    def handle(self, *args, days=None, **options):
        if days is None:
            days = getattr(settings, "COMMENTS_IP_RETENTION_DAYS", 90)
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        cutoff = timezone.now() - timedelta(days=days)
        erased = (
            Comment.objects.filter(created_at__lt=cutoff)
            .exclude(ip_address__isnull=True, user_agent="")
            .update(ip_address=None, user_agent="")
        )
        self.stdout.write(f"Erased IP address and user agent of {erased} comment(s) older than {days} day(s).")
        return None

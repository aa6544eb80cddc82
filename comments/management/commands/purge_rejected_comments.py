"""Delete rejected and spam comments once the retention period has passed.

A refused comment is kept for a while so moderators can see a sender's history and answer complaints,
then deleted with its moderation log rows (they describe a comment that no longer exists; keeping
them would keep a trace of who wrote what). A comment someone else replied to is left alone: its replies
would be deleted with it.

The period runs from the moderator's decision (or from submission for comments refused automatically).
Scheduled daily, e.g. in the crontab of the site's user:
    30 3 * * * cd /srv/newsroom && .venv/bin/python manage.py purge_rejected_comments
`--dry-run` prints what would be deleted and changes nothing.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from comments.models import Comment, ModerationLog

S = Comment.Status
REFUSED = [S.REJECTED, S.SPAM]


def expired_refused_comments(days):
    """Rejected and spam comments refused more than `days` days ago that nobody else's reply depends on."""
    cutoff = timezone.now() - timedelta(days=days)
    expired = Comment.objects.filter(status__in=REFUSED).filter(
        Q(moderated_at__lt=cutoff) | Q(moderated_at__isnull=True, created_at__lt=cutoff)
    )
    kept_replies = Comment.objects.filter(parent__isnull=False).exclude(pk__in=expired.values("pk"))
    return expired.exclude(pk__in=kept_replies.values("parent_id"))


class Command(BaseCommand):
    help = "Delete rejected and spam comments older than N days (COMMENTS_REJECTED_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep refused comments newer than this many days (default: COMMENTS_REJECTED_RETENTION_DAYS).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would be deleted; change nothing.")

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is None:
            days = getattr(settings, "COMMENTS_REJECTED_RETENTION_DAYS", 180)
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        expired = expired_refused_comments(days)
        counts = {status: expired.filter(status=status).count() for status in REFUSED}
        total = sum(counts.values())
        summary = (
            f"{total} comment(s) refused more than {days} day(s) ago "
            f"({counts[S.REJECTED]} rejected, {counts[S.SPAM]} spam)"
        )
        if dry_run:
            log_rows = ModerationLog.objects.filter(comment__in=expired.values("pk")).count()
            self.stdout.write(f"Dry run: would delete {summary} and {log_rows} moderation log row(s).")
            if options["verbosity"] >= 2:
                rows = expired.order_by("created_at", "id").values_list("pk", "status", "created_at")
                for pk, status, created_at in rows:
                    self.stdout.write(f"  comment {pk} ({status}) of {created_at:%Y-%m-%d}")
            return None
        _total, deleted = Comment.objects.filter(pk__in=list(expired.values_list("pk", flat=True))).delete()
        log_rows = deleted.get(ModerationLog._meta.label, 0)
        self.stdout.write(f"Deleted {summary} and {log_rows} moderation log row(s).")
        return None

"""Delete staff login log rows (addresses, devices) once they are no longer needed, and records of ended sessions.

Scheduled daily, like the other retention jobs, e.g. in the crontab of the site's user:
    30 3 * * * cd /srv/newsroom && .venv/bin/python manage.py purge_login_events
The login log also tells which addresses a person logged in from before (they pass an account lock from there):
an address unused for LOGIN_EVENT_RETENTION_DAYS is a stranger again. `--dry-run` prints what would go.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import Lockout, LoginEvent, StaffSession


class Command(BaseCommand):
    help = "Delete login events older than N days (LOGIN_EVENT_RETENTION_DAYS) and records of expired sessions."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep login events newer than this many days (default: LOGIN_EVENT_RETENTION_DAYS).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would be deleted; change nothing.")

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is None:
            days = settings.LOGIN_EVENT_RETENTION_DAYS
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        now = timezone.now()
        cutoff = now - timedelta(days=days)
        events = LoginEvent.objects.filter(at__lt=cutoff)
        # Ended lockouts carry addresses too; they go with the events that caused them.
        lockouts = Lockout.objects.filter(locked_until__lt=cutoff)
        ended = StaffSession.objects.filter(expires_at__lte=now)
        if dry_run:
            self.stdout.write(
                f"Dry run: would delete {events.count()} login event(s) and {lockouts.count()} lockout(s) older than "
                f"{days} day(s), and {ended.count()} record(s) of expired sessions."
            )
            return None
        deleted_events = events.delete()[0]
        deleted_lockouts = lockouts.delete()[0]
        deleted_sessions = ended.delete()[0]
        self.stdout.write(
            f"Deleted {deleted_events} login event(s) and {deleted_lockouts} lockout(s) older than {days} day(s), "
            f"and {deleted_sessions} record(s) of expired sessions."
        )
        return None

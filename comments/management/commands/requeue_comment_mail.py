"""Queue again the reader mails whose task was lost: a worker killed mid-send, or an enqueue that failed after commit.

Scheduled every 15 minutes, e.g. in the crontab of the site's user:
    */15 * * * * cd /srv/newsroom && .venv/bin/python manage.py requeue_comment_mail
Harmless when nothing was lost: a mail is claimed before it is sent, so a second task for it sends nothing.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from comments.models import CommentMail
from comments.tasks import send_comment_mail


class Command(BaseCommand):
    help = "Queue again reader mails overdue by more than --minutes (default 15): their task was lost."

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=15, help="How long past due a mail must be.")

    def handle(self, *args, minutes=15, **options):
        now = timezone.now()
        overdue = CommentMail.objects.due(now).filter(next_attempt_at__lt=now - timedelta(minutes=minutes))
        ids = list(overdue.values_list("pk", flat=True))
        for pk in ids:
            send_comment_mail.enqueue(pk)
        self.stdout.write(f"{len(ids)} mail(s) queued again.")

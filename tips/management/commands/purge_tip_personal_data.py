"""Daily: closed tips (published or not pursued) older than TIPS_RETENTION_DAYS lose the tipster's details."""

from django.core.management.base import BaseCommand

from tips.privacy import purge_closed


class Command(BaseCommand):
    help = "Erase tipsters' names, phones, e-mails and addresses from closed tips older than TIPS_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="override TIPS_RETENTION_DAYS")

    def handle(self, *args, days=None, **options):
        count = purge_closed(days)
        self.stdout.write(f"{count} closed tip(s) erased of personal data.")

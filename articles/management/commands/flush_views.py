"""Move the reads buffered in Redis into DailyViews, for "Xem nhiều".

Only needed with REDIS_URL set (without Redis each read goes straight to the database and this does nothing).
Run it every minute; "Xem nhiều" then lags real reads by at most a minute plus its 5-minute cache:

    # crontab of the site's user
    * * * * * cd /srv/newsroom && .venv/bin/python manage.py flush_views

or with a systemd timer:

    # /etc/systemd/system/newsroom-flush-views.service
    [Service]
    Type=oneshot
    User=newsroom
    WorkingDirectory=/srv/newsroom
    EnvironmentFile=/srv/newsroom/.env
    ExecStart=/srv/newsroom/.venv/bin/python manage.py flush_views

    # /etc/systemd/system/newsroom-flush-views.timer
    [Timer]
    OnCalendar=*:*:00
    AccuracySec=5s
    Persistent=true
    [Install]
    WantedBy=timers.target

    systemctl enable --now newsroom-flush-views.timer

Each run renames the pending hash atomically, writes its counts in one transaction, then deletes it: reads that
arrive meanwhile wait for the next run, and a run that crashes leaves its batch for the next one. A lock in Redis
keeps two overlapping runs (a slow cron minute) from moving the same batch twice.
"""

from django.core.management.base import BaseCommand

from articles import readership


class Command(BaseCommand):
    help = "Move buffered story reads from Redis into the database (run every minute when REDIS_URL is set)."

    def handle(self, *args, **options):
        moved = readership.flush()
        if moved is None:
            self.stdout.write("Another flush_views is running; nothing done.")
        elif options["verbosity"] > 1:  # quiet by default: cron mails any output
            self.stdout.write(f"{moved} reads moved to the database.")

"""Run the task queue's worker (`db_worker`) in-process, inside a test's transaction."""

from unittest import mock

from django.core.management import call_command


def run_worker():
    """Every task that is due, through the real `db_worker --batch`, then return.

    The worker checks for stale connections between tasks, as Django does between requests; inside a test's
    transaction that check would close PostgreSQL's connection, so it is skipped here exactly as Django's test
    client skips it around requests.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

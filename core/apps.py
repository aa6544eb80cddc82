from django.apps import AppConfig
from django.db.models.signals import post_migrate

from core.cache import create_cache_table


class CoreConfig(AppConfig):
    """Shared code; an app only so that `migrate` makes the database cache's table (core.cache)."""

    name = "core"

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="core-cache-table")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoyaltiesConfig(AppConfig):
    name = "royalties"
    verbose_name = _("Royalties")

    def ready(self):
        from royalties import signals

        signals.connect()

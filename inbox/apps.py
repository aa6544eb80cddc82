from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "inbox"
    verbose_name = _("My work")

    def ready(self):
        from inbox import signals

        signals.connect()

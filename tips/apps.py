from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipsConfig(AppConfig):
    name = "tips"
    verbose_name = _("Readers' tips")
    default_auto_field = "django.db.models.BigAutoField"

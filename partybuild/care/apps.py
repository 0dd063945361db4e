"""App configuration of 党内关怀."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    """党内关怀: 困难党员 with their yearly review, 帮扶 and 慰问 records, the 光荣在党50年
    纪念章 list and the month's 政治生日."""

    name = "partybuild.care"
    label = "care"
    verbose_name = _("党内关怀")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from partybuild.care import tasks

        tasks.register()

"""App configuration of 流动党员."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobilityConfig(AppConfig):
    """流动党员: members working away from their branch (流出), members from elsewhere registered
    here (流入), the branch's contact log and the quarterly contact reminder."""

    name = "partybuild.mobility"
    label = "mobility"
    verbose_name = _("流动党员")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from partybuild.mobility import tasks

        tasks.register()

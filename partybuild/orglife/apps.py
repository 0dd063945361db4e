"""App configuration of 组织生活."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrglifeConfig(AppConfig):
    """组织生活: 三会一课 meetings, attendance, minutes, 民主评议 rounds and compliance."""

    name = "partybuild.orglife"
    label = "orglife"
    verbose_name = _("组织生活")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from partybuild.orglife import files

        files.register()

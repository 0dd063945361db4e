"""App configuration of 党建督查."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """党建督查: inspection tasks to branches, their responses, and spot checks of meetings."""

    name = "partybuild.supervision"
    label = "supervision"
    verbose_name = _("党建督查")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from partybuild.supervision import files

        files.register()

"""App configuration of 党费."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    """党费: rates, each member's basis, monthly assessments, payments and their allocation,
    减免; joined to the kernel's transfers (partybuild/dues/transfers.py)."""

    name = "partybuild.dues"
    label = "dues"
    verbose_name = _("党费")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from partybuild.dues import transfers

        transfers.register()

"""App configuration of 党代表."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepresentativesConfig(AppConfig):
    """党代表: representatives to the party congresses, their 联系党员群众 activities and their
    提案/建议."""

    name = "partybuild.representatives"
    label = "representatives"
    verbose_name = _("党代表")
    default_auto_field = "django.db.models.BigAutoField"

"""App configuration of the content platform."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    """Wagtail pages: the portal home page and, later, every news and service section."""

    name = "content"
    verbose_name = _("内容")
    default_auto_field = "django.db.models.BigAutoField"

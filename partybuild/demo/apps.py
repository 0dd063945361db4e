"""App configuration of 演示数据."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """演示数据: the demo loader (``manage.py load_demo``); no models."""

    name = "partybuild.demo"
    label = "demo"
    verbose_name = _("演示数据")

"""App configuration of 统计."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    """统计: the registers' statistics panels on the admin home, and the receivers that retire
    their cached figures; no models."""

    name = "partybuild.statistics"
    label = "statistics"
    verbose_name = _("统计")

    def ready(self):
        from partybuild.statistics import panels, screen  # noqa: F401 (registers the panels)
        from partybuild.statistics.cache_invalidation import statistics_cache_invalidation_connect

        statistics_cache_invalidation_connect()

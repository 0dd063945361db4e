"""App configuration of 学习教育."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    """学习教育: courses of lessons with recorded study time, question banks and timed exams,
    and 学习积分 into the points ledger."""

    name = "partybuild.learning"
    label = "learning"
    verbose_name = _("学习教育")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from partybuild.learning import modules, screen

        modules.register()
        screen.register()

"""App configuration of 后台任务."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Background jobs and their records (partybuild/jobs/__init__.py)."""

    name = "partybuild.jobs"
    label = "jobs"
    verbose_name = _("后台任务")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from partybuild.jobs import kinds

        kinds.register()
        # Each app's ``jobs`` module registers its kinds (e.g. partybuild/dues/jobs.py).
        autodiscover_modules("jobs")

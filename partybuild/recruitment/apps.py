"""App configuration of 发展党员."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    """发展党员: applicants and candidates through the 25 steps, and their online submissions."""

    name = "partybuild.recruitment"
    label = "recruitment"
    verbose_name = _("发展党员")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from partybuild.recruitment import files, modules, tasks

        files.register()
        modules.register()
        tasks.register()

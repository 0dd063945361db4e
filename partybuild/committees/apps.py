"""App configuration of 班子成员与换届."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    """班子成员与换届: each organisation's committee by term, and the 换届 workflow."""

    name = "partybuild.committees"
    label = "committees"
    verbose_name = _("班子成员与换届")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from partybuild.committees import files, tasks

        files.register()
        tasks.register()

"""App configuration of the content platform."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    """Wagtail pages: the portal home page and, later, every news and service section."""

    name = "content"
    verbose_name = _("内容")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from content import role_groups, signals, tasks
        from content.cache_invalidation import content_cache_invalidation_connect
        from partybuild.signals import role_assignments_changed

        tasks.register()
        content_cache_invalidation_connect()
        post_migrate.connect(signals.ensure_all_after_migrate, sender=self)
        role_assignments_changed.connect(
            role_groups.role_assignments_changed_receiver, dispatch_uid="content_role_groups"
        )

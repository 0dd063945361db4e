"""App configuration of 便民服务."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MemberServicesConfig(AppConfig):
    """便民服务: 微心愿, 微心得, 积分, 意见建议, 书记信箱 and 留言板, with their site setting."""

    name = "partybuild.memberservices"
    label = "memberservices"
    verbose_name = _("便民服务")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from partybuild.memberservices import files, modules, tasks

        files.register()
        modules.register()
        tasks.register()

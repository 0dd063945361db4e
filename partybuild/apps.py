"""App configuration of the registers, and of Wagtail's user admin extended for our user model."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class PartybuildConfig(AppConfig):
    """The registers: organisations, members and everything kept about them."""

    name = "partybuild"
    verbose_name = _("党建业务")
    default_auto_field = "django.db.models.BigAutoField"


class PartybuildUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with a viewset whose forms show our account fields."""

    user_viewset = "partybuild.admin.users.UserViewSet"

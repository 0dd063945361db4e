"""App configuration of the registers, and of Wagtail's user admin extended for our user model."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class PartybuildConfig(AppConfig):
    """The registers: organisations, members and everything kept about them."""

    name = "partybuild"
    verbose_name = _("党建业务")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import (
            user_logged_in,
            user_logged_out,
            user_login_failed,
        )
        from django.db.models.signals import post_delete, post_save, pre_save

        from partybuild import checks, sessions, signals, tasks  # noqa: F401 (checks registers)
        from partybuild.models import User
        from partybuild.selectors.audit import AUDIT_ORGANISATION_LOOKUPS
        from partybuild.services.security_events import security_event_receiver
        from partysite.api.security import token_authenticated

        tasks.register()
        user_login_failed.connect(signals.login_failed_receiver, dispatch_uid="login_failed")
        token_authenticated.connect(
            signals.api_token_lifetime_receiver, dispatch_uid="token_lifetime"
        )
        user_logged_in.connect(sessions.user_logged_in_receiver, dispatch_uid="session_begin")
        user_logged_out.connect(sessions.user_logged_out_receiver, dispatch_uid="session_end")
        pre_save.connect(signals.user_credentials_before_save, sender=User, dispatch_uid="creds")
        post_save.connect(signals.user_credentials_after_save, sender=User, dispatch_uid="creds")
        # The security audit trail (partybuild.services.security_events).
        signals.security_event.connect(security_event_receiver, dispatch_uid="security_event")
        user_logged_in.connect(signals.login_succeeded_event_receiver, dispatch_uid="audit_in")
        user_login_failed.connect(signals.login_failed_event_receiver, dispatch_uid="audit_fail")
        user_logged_out.connect(signals.logout_event_receiver, dispatch_uid="audit_out")
        post_save.connect(signals.account_saved_event_receiver, sender=User, dispatch_uid="audit")
        for label in (*AUDIT_ORGANISATION_LOOKUPS, *signals.DELETION_AUDITED_MODELS):
            post_delete.connect(
                signals.register_deleted_event_receiver,
                sender=self.apps.get_model(label),
                dispatch_uid=f"audit_delete_{label}",
            )


class PartybuildUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with a viewset whose forms show our account fields."""

    user_viewset = "partybuild.admin.users.UserViewSet"

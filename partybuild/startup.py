"""What a web process checks before it serves anyone (partysite/wsgi.py, partysite/asgi.py)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from partybuild.selectors.superusers import superusers_active
from partybuild.services.superusers import superuser_grants_expire


def refuse_active_superuser() -> None:
    """Refuse to start while an enabled superuser exists (issue 17: the flag is for break-glass
    use from the command line), where the settings ask it (``REFUSE_ACTIVE_SUPERUSER``, on in
    production) and ``ALLOW_ACTIVE_SUPERUSER`` does not allow it. Lapsed grants are revoked
    first."""
    if not getattr(settings, "REFUSE_ACTIVE_SUPERUSER", False):
        return
    if getattr(settings, "ALLOW_ACTIVE_SUPERUSER", False):
        return
    superuser_grants_expire()
    usernames = list(superusers_active().values_list("username", flat=True))
    if usernames:
        raise ImproperlyConfigured(
            f"Refusing to start: active superuser account(s) {', '.join(usernames)}. "
            "Revoke them with `manage.py breakglass --revoke --username … --reason …`, or set "
            "ALLOW_ACTIVE_SUPERUSER=true to start anyway. "
            f"存在启用的超级管理员账号（{'、'.join(usernames)}），拒绝启动。"
        )

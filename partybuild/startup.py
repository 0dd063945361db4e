"""What a web process checks before it serves anyone (partysite/wsgi.py, partysite/asgi.py)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from partybuild.core.crypto import field_encryption_keys, field_index_key
from partybuild.demo.data import DEMO_PASSWORD, DEMO_USERNAMES
from partybuild.models import User
from partybuild.selectors.superusers import superusers_active
from partybuild.services.superusers import superuser_grants_expire
from partysite.settings.insecure_keys import INSECURE_FIELD_ENCRYPTION_KEYS


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


def weak_setup_problems() -> list[str]:
    """What makes this deployment unfit for production: DEBUG on, a key published in the
    repository, an active demo account that still has the demo password (one query when there
    is none, the usual case)."""
    problems = []
    if settings.DEBUG:
        problems.append("DEBUG is on. 调试模式已开启。")
    keys = [*field_encryption_keys(), field_index_key()]
    if any(key in INSECURE_FIELD_ENCRYPTION_KEYS for key in keys):
        problems.append(
            "FIELD_ENCRYPTION_KEY/FIELD_INDEX_KEY is a development or test key published in the "
            "repository. 加密密钥是代码库中公开的开发或测试密钥。"
        )
    demo = [
        user.username
        for user in User.objects.filter(username__in=DEMO_USERNAMES, is_active=True)
        if user.check_password(DEMO_PASSWORD)
    ]
    if demo:
        problems.append(
            f"Active demo account(s) with the demo password: {', '.join(demo)}. "
            f"演示账号仍使用演示密码（{'、'.join(demo)}）。"
        )
    return problems


def refuse_weak_setup() -> None:
    """Refuse to start with any of :func:`weak_setup_problems`, where the settings ask it
    (``REFUSE_WEAK_SETUP``, on in production)."""
    if not getattr(settings, "REFUSE_WEAK_SETUP", False):
        return
    problems = weak_setup_problems()
    if problems:
        raise ImproperlyConfigured("Refusing to start: " + " ".join(problems))


def startup_checks() -> None:
    """Everything a web process checks before serving (partysite/wsgi.py, partysite/asgi.py)."""
    refuse_weak_setup()
    refuse_active_superuser()

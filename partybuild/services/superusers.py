"""Break-glass superusers (issue 17, 三员分立): the superuser flag is not for daily work.

An operator on the server grants it from the command line (``manage.py breakglass``) for a limited
time or until revoked, naming the reason; every grant, revocation and lapse leaves an audit entry
saying who (the operator), when and why. A lapsed grant is revoked by the next request of that
account (partybuild.middleware.SuperuserExpiryMiddleware), by ``breakglass --expire`` and when a
web process starts (partybuild/startup.py).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuild.core.errors import refuse, required_text
from partybuild.models import User
from partybuild.selectors.superusers import superusers_lapsed
from partybuild.services.audit import audit_record
from partybuild.services.passwords import password_generate

SUPERUSER_GRANT_ACTION = "partybuild.superuser.grant"
SUPERUSER_REVOKE_ACTION = "partybuild.superuser.revoke"
SUPERUSER_LAPSE_ACTION = "partybuild.superuser.lapse"

#: A break-glass account's one-time password is longer than a member's initial one.
_PASSWORD_LENGTH = 20


@transaction.atomic
def superuser_grant(
    *,
    username: str,
    reason: str,
    operator: str,
    until: datetime.datetime | None,
    now: datetime.datetime | None = None,
) -> tuple[User, str | None]:
    """Make ``username`` an enabled superuser until ``until`` (None: until revoked).

    An account that does not exist is created with a one-time password, returned once (else
    None: the account keeps its password). Refuses an empty reason (``superuser_reason_required``)
    and an end not in the future (``superuser_until_past``)."""
    now = now or timezone.now()
    reason = required_text(
        reason, field="reason", label=_("原因"), max_length=500, code="superuser_reason_required"
    )
    username = required_text(username, field="username", label=_("账号"), max_length=150)
    if until is not None and until <= now:
        refuse("until", _("应急权限的截止时间必须晚于现在。"), "superuser_until_past")
    account = User.objects.select_for_update().filter(username=username).first()
    password = None
    if account is None:
        password = password_generate(length=_PASSWORD_LENGTH)
        account = User.objects.create_user(
            username=username, password=password, name=str(_("应急超级管理员"))
        )
    account.is_superuser = True
    account.is_staff = True
    account.is_active = True
    account.superuser_until = until
    account.save(update_fields=["is_superuser", "is_staff", "is_active", "superuser_until"])
    audit_record(
        instance=account,
        action=SUPERUSER_GRANT_ACTION,
        actor=None,
        data={
            "operator": operator,
            "reason": reason,
            "until": until.isoformat() if until else None,
            "created": password is not None,
        },
    )
    return account, password


def _superuser_flag_clear(account: User, *, action: str, data: dict) -> None:
    account.is_superuser = False
    account.is_staff = False
    account.superuser_until = None
    account.save(update_fields=["is_superuser", "is_staff", "superuser_until"])
    audit_record(instance=account, action=action, actor=None, data=data)


@transaction.atomic
def superuser_revoke(*, username: str, reason: str, operator: str) -> User:
    """Take the superuser flag from ``username`` (refused, ``superuser_not_found``, when the
    account does not exist or holds no such flag)."""
    account = User.objects.select_for_update().filter(username=username, is_superuser=True).first()
    if account is None:
        refuse(
            "username",
            _("没有账号为「%(username)s」的超级管理员。"),
            "superuser_not_found",
            username=username,
        )
    _superuser_flag_clear(
        account,
        action=SUPERUSER_REVOKE_ACTION,
        data={"operator": operator, "reason": reason},
    )
    return account


@transaction.atomic
def superuser_grants_expire(*, now: datetime.datetime | None = None) -> int:
    """Revoke every grant past its end; returns how many."""
    now = now or timezone.now()
    count = 0
    for account in superusers_lapsed(now=now).select_for_update():
        _superuser_flag_clear(
            account,
            action=SUPERUSER_LAPSE_ACTION,
            data={"until": account.superuser_until.isoformat()},
        )
        count += 1
    return count

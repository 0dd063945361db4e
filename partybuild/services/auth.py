"""Sign-in for the admin, the portal and the app: lockout of password guessing, app tokens.

The rule (设置 › 安全策略, partybuild.models.SecurityPolicy; by default 5, 20 and 15): after that
many failures for one username, or from one address, within the lockout time, sign-in is refused
for the lockout time — even with the right password. Failures are rows of
LoginFailure, so every process and server sees the same count. Attempts refused by the lockout are
not counted again, so the lock ends 15 minutes after the failure that set it (not when the oldest
of those failures leaves the window).
"""

import datetime
import ipaddress
import math

from django.db import transaction
from django.utils import timezone
from wagtail.models import APIToken

from partybuild.models import LoginFailure, SecurityPolicy, User


def _window(policy: SecurityPolicy | None = None) -> datetime.timedelta:
    policy = policy or SecurityPolicy.current()
    return datetime.timedelta(minutes=policy.lockout_minutes)


def client_address(request) -> str | None:
    """The client's address as this server sees it (REMOTE_ADDR; the proxy's, when behind one
    that does not rewrite it). None when absent or not an IP address."""
    address = (getattr(request, "META", None) or {}).get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def _locked_seconds(
    failures, limit: int, now: datetime.datetime, window: datetime.timedelta
) -> int:
    """Seconds left of a lock set by ``limit`` failures within one window; 0 when none holds.

    ``failures`` reach back two windows: a failure in the last window locks when it and the
    ``limit - 1`` failures before it fall within one window; the lock lasts a window from it.
    """
    times = list(
        failures.filter(created_at__gt=now - 2 * window)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: 10 * limit]
    )
    for index, latest in enumerate(times):
        if latest <= now - window or index + limit > len(times):
            break
        if latest - times[index + limit - 1] <= window:
            return max(0, math.ceil((latest + window - now).total_seconds()))
    return 0


def login_lockout_remaining(*, username: str, ip_address: str | None) -> int:
    """Seconds until ``username`` / ``ip_address`` may try again; 0 when not locked."""
    now = timezone.now()
    policy = SecurityPolicy.current()
    window = _window(policy)
    by_username = _locked_seconds(
        LoginFailure.objects.filter(username=(username or "")[:150]),
        policy.lockout_username_failures,
        now,
        window,
    )
    by_address = (
        _locked_seconds(
            LoginFailure.objects.filter(ip_address=ip_address),
            policy.lockout_address_failures,
            now,
            window,
        )
        if ip_address
        else 0
    )
    return max(by_username, by_address)


def failures_lockout_remaining(*, failures) -> int:
    """Seconds left of a lock that one account's ``failures`` (a queryset of rows with
    ``created_at``) set under the policy's per-account rule; 0 when none holds. The same rule as
    a username's password failures: the second factor's codes (partybuild/twofactor) use it."""
    policy = SecurityPolicy.current()
    return _locked_seconds(
        failures, policy.lockout_username_failures, timezone.now(), _window(policy)
    )


def failures_window() -> datetime.timedelta:
    """The policy's lockout time: failures older than twice it no longer matter."""
    return _window()


@transaction.atomic
def login_failure_record(*, username: str, ip_address: str | None) -> None:
    """Count one failed sign-in; rows too old to matter (two windows) are purged on the way."""
    LoginFailure.objects.filter(created_at__lt=timezone.now() - 2 * _window()).delete()
    LoginFailure.objects.create(username=(username or "")[:150], ip_address=ip_address)


def login_failures_clear(*, username: str) -> None:
    """A successful sign-in forgives that username's earlier failures."""
    LoginFailure.objects.filter(username=(username or "")[:150]).delete()


def api_token_issue(*, user: User) -> str:
    """A new app token for ``user``; returns the plaintext, which is never stored."""
    now = timezone.localtime().replace(microsecond=0)
    _, plaintext = APIToken.create_token(user=user, name=f"app 登录 {now.isoformat()}")
    return plaintext


def api_token_revoke(*, token: APIToken) -> None:
    """Revoke one token (logout); revoking a revoked token changes nothing."""
    if token.revoked_at is None:
        token.revoke()


@transaction.atomic
def api_tokens_revoke_all(*, user: User) -> int:
    """Revoke every live token of ``user`` (account disabled or password changed)."""
    return APIToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )

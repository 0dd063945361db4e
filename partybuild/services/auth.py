"""Sign-in for the admin, the portal and the app: the client address, the lockout of password
guessing, and the lifetime of app tokens.

Client address (:func:`client_address`): REMOTE_ADDR, unless the deployment sets
``TRUSTED_PROXY_COUNT`` to the number N of reverse proxies in front of the application; then it
is the Nth address from the right of ``X-Forwarded-For`` (the one the outermost trusted proxy
saw), and REMOTE_ADDR when the header holds fewer addresses or that one is not an IP address.
With N = 0 a client-supplied ``X-Forwarded-For`` is ignored.

Lockout (设置 › 安全策略, partybuild.models.SecurityPolicy; by default 5, 15, 20 and 15 minutes).
Failures are rows of LoginFailure, so every process and server sees the same count; within the
lockout time (the window), an attempt for username U from address A is refused — even with the
right password — when

1. U failed ``lockout_username_failures`` (5) times from A (the pair is locked); or
2. U failed ``lockout_username_total_failures`` (15) times from any addresses (the account is
   locked everywhere: the hard cap on guesses against one account); or
3. A had ``lockout_address_failures`` (20) failures for any usernames, *and* U failed at least
   once from A: a flooded address keeps no second guess at the usernames it tried, while an
   account never tried from there (a colleague behind the same NAT or proxy) still signs in.

So a flood from one address over many usernames locks none of them elsewhere (below the hard
cap) and nobody else at that address. A lock lasts a window from the failure that set it;
attempts refused by the lockout are not counted again. A successful sign-in forgives the
failures of that username from that address only, so a user signing in does not reset an
attacker's count against the account from elsewhere.

App tokens expire after ``token_idle_hours`` without use (``last_used_at``, stamped at most once
a minute) and ``token_max_days`` after the sign-in with a password they descend from. An app
token's ``created`` is that sign-in: ``POST /api/app/auth/refresh`` exchanges a live token for a
new one that keeps the old one's ``created`` (and is stamped used now) and revokes the old one,
so refreshing never extends the absolute age. The check costs no query while neither limit can
have passed at its floor (a token used within the hour and signed in within the day).
"""

import datetime
import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import APIToken

from partybuild.models import LoginFailure, SecurityPolicy, User
from partybuild.services.ratelimit import locked_seconds
from partybuild.signals import security_event


def _window(policy: SecurityPolicy | None = None) -> datetime.timedelta:
    policy = policy or SecurityPolicy.current()
    return datetime.timedelta(minutes=policy.lockout_minutes)


def _ip_or_none(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def trusted_proxy_count() -> int:
    """``TRUSTED_PROXY_COUNT`` as a number of proxies; anything but a whole number ≥ 0 is 0."""
    value = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    try:
        count = int(value)
    except (TypeError, ValueError):
        return 0
    return max(0, count)


def client_address(request) -> str | None:
    """The client's address (module docstring: REMOTE_ADDR, or the Nth address from the right
    of X-Forwarded-For behind N trusted proxies). None when absent or not an IP address."""
    meta = getattr(request, "META", None) or {}
    remote = _ip_or_none(meta.get("REMOTE_ADDR") or "")
    count = trusted_proxy_count()
    if not count:
        return remote
    forwarded = [part.strip() for part in (meta.get("HTTP_X_FORWARDED_FOR") or "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    return _ip_or_none(forwarded[-count]) or remote


def _pair(username: str, ip_address: str | None) -> Q:
    if ip_address:
        return Q(username=username, ip_address=ip_address)
    return Q(username=username, ip_address__isnull=True)


def login_lockout_remaining(*, username: str, ip_address: str | None) -> int:
    """Seconds until ``username`` may try again from ``ip_address``; 0 when not locked (the
    three rules of the module docstring)."""
    now = timezone.now()
    policy = SecurityPolicy.current()
    window = _window(policy)
    username = (username or "")[:150]
    pair = LoginFailure.objects.filter(_pair(username, ip_address))
    seconds = max(
        locked_seconds(pair, policy.lockout_username_failures, now, window),
        locked_seconds(
            LoginFailure.objects.filter(username=username),
            policy.lockout_username_total_failures,
            now,
            window,
        ),
    )
    if ip_address and pair.filter(created_at__gt=now - window).exists():
        seconds = max(
            seconds,
            locked_seconds(
                LoginFailure.objects.filter(ip_address=ip_address),
                policy.lockout_address_failures,
                now,
                window,
            ),
        )
    return seconds


def failures_lockout_remaining(*, failures) -> int:
    """Seconds left of a lock that one account's ``failures`` (a queryset of rows with
    ``created_at``) set under the policy's per-account rule; 0 when none holds. The same rule as
    a username's password failures: the second factor's codes (partybuild/twofactor) use it."""
    policy = SecurityPolicy.current()
    return locked_seconds(
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


def login_failures_clear(*, username: str, ip_address: str | None) -> None:
    """A successful sign-in forgives that username's earlier failures from that address."""
    LoginFailure.objects.filter(_pair((username or "")[:150], ip_address)).delete()


@transaction.atomic
def api_token_issue(*, user: User, signed_in_at: datetime.datetime | None = None) -> str:
    """A new app token for ``user``; returns the plaintext, which is never stored.

    ``signed_in_at`` (a refresh passes the original token's ``created``) becomes the new
    token's ``created``, which is then the sign-in its absolute age counts from; the token is
    stamped used now, so the idle time starts afresh."""
    now = timezone.localtime().replace(microsecond=0)
    token, plaintext = APIToken.create_token(user=user, name=f"app 登录 {now.isoformat()}")
    if signed_in_at is not None:
        APIToken.objects.filter(pk=token.pk).update(
            created=signed_in_at, last_used_at=timezone.now()
        )
    return plaintext


def api_token_expiry(
    *,
    token: APIToken,
    policy: SecurityPolicy | Callable[[], SecurityPolicy] | None = None,
    now: datetime.datetime | None = None,
) -> str | None:
    """Why ``token`` has expired — ``"idle"`` (unused for ``token_idle_hours``) or
    ``"absolute"`` (``token_max_days`` after its sign-in, ``created``) — or None while it is
    live. ``policy`` may be a function loading it: it is called only when a limit at its floor
    could have passed, so most requests read no policy."""
    now = now or timezone.now()
    idle = now - (token.last_used_at or token.created)
    age = now - token.created
    if idle <= datetime.timedelta(
        hours=SecurityPolicy.floor("token_idle_hours")
    ) and age <= datetime.timedelta(days=SecurityPolicy.floor("token_max_days")):
        return None
    if policy is None:
        policy = SecurityPolicy.current()
    elif callable(policy):
        policy = policy()
    if idle > datetime.timedelta(hours=policy.token_idle_hours):
        return "idle"
    if age > datetime.timedelta(days=policy.token_max_days):
        return "absolute"
    return None


def api_token_expire(*, token: APIToken, reason: str, request=None) -> None:
    """Revoke ``token`` that has expired for ``reason`` and say so (``token.expired``)."""
    api_token_revoke(token=token)
    security_event.send(
        sender=APIToken,
        event="token.expired",
        actor=token.user,
        request=request,
        outcome="failure",
        target=token,
        detail={"reason": reason, "token": token.prefix},
    )


@transaction.atomic
def api_token_refresh(*, token: APIToken, request=None) -> str:
    """A new token of the same sign-in as the live ``token``, which is revoked: the new one is
    fresh for the idle rule, but its absolute age still counts from the original sign-in."""
    api_token_revoke(token=token)
    plaintext = api_token_issue(user=token.user, signed_in_at=token.created)
    security_event.send(
        sender=APIToken,
        event="token.refreshed",
        actor=token.user,
        request=request,
        outcome="success",
        target=token,
        detail={"token": token.prefix},
    )
    return plaintext


def api_token_revoke(*, token: APIToken) -> None:
    """Revoke one token (logout); revoking a revoked token changes nothing."""
    if token.revoked_at is None:
        token.revoke()


@transaction.atomic
def api_tokens_revoke_all(*, user: User) -> int:
    """Revoke every live token of ``user`` (account disabled, password changed, role taken)."""
    return APIToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )

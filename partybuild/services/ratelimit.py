"""The shared rate limiter: counts attempts of an action in the database (RateLimitHit), so
every process and server sees the same count, and refuses the action for a while once too many
were counted within a window.

The rule is the sign-in lockout's (partybuild.services.auth, which keeps its own rows,
LoginFailure, but counts them with :func:`locked_seconds`): ``limit`` attempts within one
``window`` set a lock that lasts one window from the attempt that set it. A refused attempt is
not counted again. The limiters in use, by name (``scope``):

- ``password_reset.request`` — 找回密码 requests, by account and by address
  (``SecurityPolicy.password_reset_requests`` an hour);
- ``password_reset.code`` — wrong 找回密码 verification codes, by account (5 in 15 minutes);
- ``password.confirm`` — wrong passwords typed again to turn 两步验证 off, renew recovery codes
  or replace the authenticator, by account (5 in 15 minutes);
- ``meeting.check_in`` — wrong meeting check-in codes, by member and meeting
  (``SecurityPolicy.check_in_code_failures`` in 15 minutes).

A refusal raises :class:`partybuild.core.errors.RateLimited` and sends ``security_event``
``ratelimit.hit`` with the limiter's name.
"""

import datetime
import math
from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.core.errors import RateLimited
from partybuild.models import RateLimitHit
from partybuild.signals import security_event


def locked_seconds(
    times: QuerySet, limit: int, now: datetime.datetime, window: datetime.timedelta
) -> int:
    """Seconds left of a lock set by ``limit`` attempts within one window; 0 when none holds.

    ``times`` is a queryset of the attempts (a ``created_at`` field). A attempt in the last window
    locks when it and the ``limit - 1`` attempts before it fall within one window; the lock lasts
    a window from it. Only attempts of the last two windows can matter.
    """
    stamps = list(
        times.filter(created_at__gt=now - 2 * window)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: 10 * limit]
    )
    for index, latest in enumerate(stamps):
        if latest <= now - window or index + limit > len(stamps):
            break
        if latest - stamps[index + limit - 1] <= window:
            return max(0, math.ceil((latest + window - now).total_seconds()))
    return 0


def retry_message(seconds: int, template: str | None = None) -> str:
    """``template`` (default 「尝试次数过多，请 %(minutes)d 分钟后再试。」) for a refusal of
    ``seconds``, in whole minutes rounded up."""
    template = template or _("尝试次数过多，请 %(minutes)d 分钟后再试。")
    return template % {"minutes": max(1, math.ceil(seconds / 60))}


def ratelimit_remaining(
    *, scope: str, keys: Iterable[str], limit: int, window: datetime.timedelta
) -> int:
    """Seconds until the action limited by ``scope`` may be tried again for every one of
    ``keys``; 0 when none is locked."""
    now = timezone.now()
    return max(
        (
            locked_seconds(
                RateLimitHit.objects.filter(scope=scope, key=key[:200]), limit, now, window
            )
            for key in keys
        ),
        default=0,
    )


def ratelimit_check(
    *,
    scope: str,
    keys: Iterable[str],
    limit: int,
    window: datetime.timedelta,
    request=None,
    actor=None,
    message: str | None = None,
) -> None:
    """Raise RateLimited (and send ``ratelimit.hit``) while ``scope`` is locked for any of
    ``keys``; ``message`` is a template with ``%(minutes)d`` (retry_message)."""
    seconds = ratelimit_remaining(scope=scope, keys=keys, limit=limit, window=window)
    if not seconds:
        return
    security_event.send(
        sender=RateLimitHit,
        event="ratelimit.hit",
        actor=actor if actor is not None and actor.is_authenticated else None,
        request=request,
        outcome="failure",
        target=None,
        detail={"limiter": scope, "retry_after": seconds},
    )
    raise RateLimited(retry_message(seconds, message), seconds=seconds)


@transaction.atomic
def ratelimit_hit(*, scope: str, keys: Iterable[str], window: datetime.timedelta) -> None:
    """Count one attempt of ``scope`` for each of ``keys``; rows of the scope too old to matter
    (two windows) are purged on the way."""
    RateLimitHit.objects.filter(scope=scope, created_at__lt=timezone.now() - 2 * window).delete()
    RateLimitHit.objects.bulk_create(
        [RateLimitHit(scope=scope, key=key[:200]) for key in dict.fromkeys(keys)]
    )


def ratelimit_clear(*, scope: str, keys: Iterable[str]) -> None:
    """Forget the counted attempts of ``scope`` for ``keys`` (the action succeeded)."""
    RateLimitHit.objects.filter(scope=scope, key__in=[key[:200] for key in keys]).delete()

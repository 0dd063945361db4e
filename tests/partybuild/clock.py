"""``today_setter(monkeypatch)``: a ``set(day)`` that makes ``day`` the date every service,
selector and model reads through ``django.utils.timezone.localdate()`` (a transfer letter's
validity, its expiry on read), for boundary tests computed by hand. Test modules wrap it in
their own ``set_today`` fixture.

``clock_mover(monkeypatch)``: an ``advance(delta)`` that moves ``django.utils.timezone.now()``
(and so ``auto_now`` fields, sessions' and tokens' lifetimes, rate-limit windows) forward by
``delta`` from then on, cumulatively."""

import datetime
from collections.abc import Callable

from django.utils import timezone


def today_setter(monkeypatch) -> Callable[[datetime.date], None]:
    real = timezone.localdate

    def _set(day: datetime.date) -> None:
        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return _set


def clock_mover(monkeypatch) -> Callable[[datetime.timedelta], None]:
    real = timezone.now
    offset = [datetime.timedelta(0)]

    def now():
        return real() + offset[0]

    def _advance(delta: datetime.timedelta) -> None:
        offset[0] += delta

    monkeypatch.setattr("django.utils.timezone.now", now)
    return _advance

"""``today_setter(monkeypatch)``: a ``set(day)`` that makes ``day`` the date every service,
selector and model reads through ``django.utils.timezone.localdate()`` (a transfer letter's
validity, its expiry on read), for boundary tests computed by hand. Test modules wrap it in
their own ``set_today`` fixture."""

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

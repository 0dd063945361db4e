"""Calendar arithmetic used by the registers' rules (terms, probation, deadlines)."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier), clamped to the month's last day.

    2026-08-31 + 1 month = 2026-09-30; 2024-02-29 + 12 months = 2025-02-28.
    """
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def month_start(day: datetime.date) -> datetime.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


# docs/domain.md §2/§3: the probation lasts a year from the 入党日期 and may be extended once by at
# least 6 months and at most a year; a member is at least 18 on the 入党日期.
PROBATION_MONTHS = 12
PROBATION_EXTENSION_MIN_MONTHS = 6
PROBATION_EXTENSION_MAX_MONTHS = 12
ADULT_AGE = 18


def probation_end_date(admitted_on: datetime.date, extension_months: int = 0) -> datetime.date:
    """The day the probation of a member admitted on ``admitted_on`` ends (docs/domain.md §3):
    a year later, plus ``extension_months`` (0, or 6 to 12) when it was extended.

    1972-08-06 → 1973-08-06; extended by 6 months → 1974-02-06; 2024-02-29 → 2025-02-28.
    """
    if extension_months and not (
        PROBATION_EXTENSION_MIN_MONTHS <= extension_months <= PROBATION_EXTENSION_MAX_MONTHS
    ):
        raise ValueError(f"a probation is extended by 6 to 12 months, not {extension_months}")
    return add_months(admitted_on, PROBATION_MONTHS + extension_months)


def probation_end_dates(admitted_on: datetime.date) -> tuple[datetime.date, ...]:
    """Every day the probation of a member admitted on ``admitted_on`` may end, earliest first:
    unextended, then extended by each whole number of months from 6 to 12."""
    extensions = (0, *range(PROBATION_EXTENSION_MIN_MONTHS, PROBATION_EXTENSION_MAX_MONTHS + 1))
    return tuple(probation_end_date(admitted_on, months) for months in extensions)


def birthday(birth_date: datetime.date, age: int) -> datetime.date:
    """The day someone born on ``birth_date`` turns ``age`` (born 29 February: 28 February in a
    common year), the day from which they are ``age`` years old."""
    return add_years(birth_date, age)

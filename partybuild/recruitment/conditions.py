"""The reminder rules of 发展党员 (partybuild/recruitment/steps.py, docs/domain.md §3) as SQL
conditions on candidates, so that the registers count and list the candidates due for a reminder
in the database instead of loading every candidate with their steps.

A deadline is a number of calendar months after a date (``add_months``: clamped to the month's
last day), which SQLite and PostgreSQL do not compute alike. But ``add_months`` never decreases
as its date grows, so "the deadline of ``day`` has passed by ``today``" holds for exactly the
days up to some last day: :func:`last_day_where` finds that day in Python, and the condition in
SQL is a plain date comparison with it. The rules stay those of ``add_months``, to the day.
"""

import datetime
from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from partybuild.core.dates import (
    PROBATION_EXTENSION_MAX_MONTHS,
    PROBATION_EXTENSION_MIN_MONTHS,
    add_months,
    probation_end_date,
)
from partybuild.recruitment import steps as rules
from partybuild.recruitment.models import CandidateStep

#: The extensions a probation may have (none, or 6 to 12 months: partybuild.core.dates).
PROBATION_EXTENSIONS = (
    0,
    *range(PROBATION_EXTENSION_MIN_MONTHS, PROBATION_EXTENSION_MAX_MONTHS + 1),
)


def last_day_where(holds: Callable[[datetime.date], bool], near: datetime.date) -> datetime.date:
    """The latest day for which ``holds`` is true, given that it holds up to some day and not
    after (it is monotone), and that the day is within a few days of ``near``."""
    day = near
    while holds(day + datetime.timedelta(days=1)):
        day += datetime.timedelta(days=1)
    while not holds(day):
        day -= datetime.timedelta(days=1)
    return day


def months_passed_cutoff(*, today: datetime.date, months: int, inclusive: bool) -> datetime.date:
    """The last day ``d`` for which ``today`` is past ``add_months(d, months)`` (on or past it
    when ``inclusive``)."""
    if inclusive:
        return last_day_where(
            lambda day: add_months(day, months) <= today, add_months(today, -months)
        )
    return last_day_where(lambda day: add_months(day, months) < today, add_months(today, -months))


def step_done(step: int, **filters) -> Exists:
    """The candidate (the outer row) has recorded ``step`` (with ``filters`` on the record)."""
    return Exists(
        CandidateStep.objects.filter(candidate=OuterRef("pk"), step=step, **filters).order_by()
    )


def step_done_on(step: int) -> Subquery:
    """The date the candidate (the outer row) recorded ``step`` (None if not)."""
    return Subquery(
        CandidateStep.objects.filter(candidate=OuterRef("pk"), step=step)
        .order_by()
        .values("done_on")[:1]
    )


def step_overdue_q(*, step: int, after: int, months: int, today: datetime.date) -> Q:
    """The deadline (``step`` within ``months`` of ``after``) has passed and ``step`` is not
    recorded: ``after`` was done on or before the last day whose deadline is before today."""
    cutoff = months_passed_cutoff(today=today, months=months, inclusive=False)
    return Q(step_done(after, done_on__lte=cutoff)) & ~Q(step_done(step))


def any_step_overdue_conditions(*, today: datetime.date) -> list[tuple[tuple[int, int, int], Q]]:
    """Each of ``rules.DEADLINES`` with its :func:`step_overdue_q`."""
    return [
        ((step, after, months), step_overdue_q(step=step, after=after, months=months, today=today))
        for step, after, months in rules.DEADLINES
    ]


def examination_last_on() -> Coalesce:
    """The date of an activist's last examination (step 6), or of becoming an activist (step 3)
    when none is recorded: the examination falls due 6 months after it."""
    return Coalesce(step_done_on(rules.EXAMINATION), step_done_on(rules.ACTIVIST))


def examination_due_q(*, today: datetime.date) -> Q:
    """An activist (step 3 done, step 7 not) whose six-monthly examination is due by today (the
    day itself included); on a queryset annotated with ``last_on`` (:func:`examination_last_on`)
    and already limited to active candidates."""
    cutoff = months_passed_cutoff(today=today, months=rules.EXAMINATION_MONTHS, inclusive=True)
    return Q(step_done(rules.ACTIVIST)) & ~Q(step_done(rules.CANDIDATE)) & Q(last_on__lte=cutoff)


def probation_overrun_q(*, today: datetime.date) -> Q:
    """The probation (from ``member.joined_on``, with the candidate's extension) ended before
    today: today is past ``probation_end_date``."""
    condition = Q(pk__in=[])
    for extension in PROBATION_EXTENSIONS:
        cutoff = last_day_where(
            lambda day, e=extension: probation_end_date(day, e) < today,
            add_months(today, -(12 + extension)),
        )
        condition |= Q(probation_extension_months=extension, member__joined_on__lte=cutoff)
    return condition


def probation_reminded_q(*, today: datetime.date) -> Q:
    """The probation is within its last month or over (today on or past one month before its
    end: ``conversion_application_earliest``), overrun included."""
    condition = Q(pk__in=[])
    for extension in PROBATION_EXTENSIONS:
        cutoff = last_day_where(
            lambda day, e=extension: (
                add_months(probation_end_date(day, e), -rules.CONVERSION_NOTICE_MONTHS) <= today
            ),
            add_months(today, -(12 + extension - rules.CONVERSION_NOTICE_MONTHS)),
        )
        condition |= Q(probation_extension_months=extension, member__joined_on__lte=cutoff)
    return condition

"""Helpers of the 发展党员 tests: a candidate walked through the 25 steps on dates that keep
every rule of docs/domain.md §3 (activist on 2024-03-01, 支部大会 (入党日期) on 2025-05-10, so
the probation ends on 2026-05-10), and the permissions of a branch's recruiter."""

import datetime

from partybuild.core.validators import id_number_check_character
from partybuild.recruitment.services import candidate_step_record

D = datetime.date

#: What the 一支部 administrator of the admin tests may do in 发展党员.
RECRUITMENT_PERMISSIONS = [
    "add_candidate",
    "change_candidate",
    "view_candidate",
    "change_candidatesubmission",
    "view_candidatesubmission",
]

#: The date of each step of the walk.
DATES = {
    1: D(2024, 1, 10),
    2: D(2024, 2, 1),
    3: D(2024, 3, 1),
    4: D(2024, 3, 5),
    5: D(2024, 3, 6),
    6: D(2024, 9, 6),
    7: D(2025, 3, 1),
    8: D(2025, 3, 5),
    9: D(2025, 3, 6),
    10: D(2025, 3, 10),
    11: D(2025, 4, 1),
    12: D(2025, 4, 10),
    13: D(2025, 4, 20),
    14: D(2025, 4, 25),
    15: D(2025, 5, 10),
    16: D(2025, 5, 20),
    17: D(2025, 6, 20),
    18: D(2025, 6, 25),
    19: D(2025, 6, 26),
    20: D(2025, 7, 1),
    21: D(2025, 12, 1),
    22: D(2026, 5, 1),
    23: D(2026, 5, 15),
    24: D(2026, 6, 1),
    25: D(2026, 6, 5),
}


def id_number(birth: datetime.date, serial: str = "135") -> str:
    """A valid ID number of a man born on ``birth``."""
    first17 = f"430821{birth:%Y%m%d}{serial}"
    return first17 + id_number_check_character(first17)


def record(candidate, step, day, **kwargs):
    """Record ``step`` on ``day`` as the system."""
    return candidate_step_record(candidate=candidate, step=step, done_on=day, actor=None, **kwargs)


def walk(candidate, members, until: int, *, start: int = 1, dates: dict | None = None):
    """Record steps ``start``..``until`` on the walk's dates (``dates`` overriding some), with
    the first member as 培养联系人, the first two as 入党介绍人 and a 3-day training."""
    dates = {**DATES, **(dates or {})}
    for step in range(start, until + 1):
        extra = {}
        if step == 5:
            extra["people"] = members[:1]
        if step == 9:
            extra["people"] = members[:2]
        if step == 11:
            extra["training_days"] = 3
        record(candidate, step, dates[step], **extra)

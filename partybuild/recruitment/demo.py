"""Demo 发展党员: in every demo branch, candidates at each stage — a new applicant whose talk is
overdue, an activist due for the six-monthly examination, a 发展对象, one before the 支部大会, a
预备党员, one whose probation ends within the month, one whose probation ended a month ago
unconverted, and one converted to full membership. The dates keep every rule of docs/domain.md §3
(the 支部大会 on conversion comes 370 days after admission, after the end of probation even across
a 29 February)."""

import datetime

from django.utils import timezone

from partybuild.core.demo_names import demo_person_name
from partybuild.core.validators import id_number_check_character
from partybuild.models import Member, MemberCategory, MemberStanding, Organisation
from partybuild.recruitment.models import Candidate
from partybuild.recruitment.services import candidate_create, candidate_step_record

#: Days before the last step's date for each step of a complete, rule-abiding walk.
SCHEDULE = {
    1: 855, 2: 835, 3: 805, 4: 803, 5: 802, 6: 615, 7: 435, 8: 433, 9: 432, 10: 430, 11: 415,
    12: 405, 13: 400, 14: 395, 15: 385, 16: 375, 17: 355, 18: 353, 19: 352, 20: 345, 21: 155,
    22: 35, 23: 15, 24: 5, 25: 0,
}  # fmt: skip

#: (profile, last step done, days ago of that step); the profile names the case in this table
#: only: a candidate's name is an ordinary name (partybuild.core.demo_names), never 「周预备1」.
PROFILES = (
    ("申请", 1, 45),
    ("积极", 5, 190),  # activist 193 days ago: the six-monthly examination is due
    ("对象", 9, 10),
    ("审查", 13, 15),
    ("预备", 20, 30),
    ("将满", 21, 120),  # admitted 350 days ago: the probation ends within the month
    ("逾期", 21, 170),  # admitted 400 days ago: the probation ended unconverted
    ("转正", 25, 3),
)

#: Where the candidates' names start in the demo names' sequence (the generated members use
#: their own draw, so the two rarely meet).
NAME_OFFSET = 500


def _id_number(birth: datetime.date, serial: int) -> str:
    first17 = f"430822{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_number_check_character(first17)


def demo_recruitment_load() -> int:
    """Create the demo candidates unless some exist; returns how many were created."""
    if Candidate.objects.exists():
        return 0
    today = timezone.localdate()
    created = 0
    branches = Organisation.objects.filter(org_type="branch").order_by("path")
    for branch_index, branch in enumerate(branches):
        mentors = list(
            Member.objects.filter(
                organisation__path__startswith=branch.path,
                category=MemberCategory.FULL,
                standing=MemberStanding.NORMAL,
                is_on_roll=True,
            )[:2]
        )
        for profile_index, (_profile, last_step, days_ago) in enumerate(PROFILES):
            if last_step >= 5 and len(mentors) < 2:
                continue
            number = branch_index * len(PROFILES) + profile_index
            birth = datetime.date(1994, 1, 1) + datetime.timedelta(days=97 * number)
            candidate = candidate_create(
                organisation=branch,
                actor=None,
                name=demo_person_name(number=NAME_OFFSET + number, male=bool(number % 2)),
                gender="male" if number % 2 else "female",
                birth_date=birth,
                id_number=_id_number(birth, 2 * number + (1 if number % 2 else 2)),
                phone=f"137{number:08d}",
            )
            end = today - datetime.timedelta(days=days_ago)
            for step in range(1, last_step + 1):
                done_on = end - datetime.timedelta(days=SCHEDULE[step] - SCHEDULE[last_step])
                extra = {}
                if step == 5:
                    extra["people"] = mentors[:1]
                elif step == 9:
                    extra["people"] = mentors
                elif step == 11:
                    extra["training_days"] = 3
                candidate_step_record(
                    candidate=candidate, step=step, done_on=done_on, actor=None, **extra
                )
            created += 1
    return created

"""The corrected rules of 发展党员 (issue 16, docs/domain.md §2/§3), each at its boundaries with
dates computed by hand: no step in the future, 18 on the 入党日期, distinct 培养联系人 and
入党介绍人 in normal standing, 上级党委审批 within six months, no conversion before the end of
probation, and the 转正日期 exactly at that end.

The walk (tests.partybuild.recruitment.support.py): activist 2024-03-01, 政审 2025-03-10,
支部大会 (入党日期) 2025-05-10, so the probation ends 2026-05-10."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partybuild.models import Member, MemberStanding
from partybuild.recruitment.models import Candidate, CandidateStep
from partybuild.recruitment.selectors import candidate_timeline, probation_end
from partybuild.recruitment.services import candidate_probation_extend, candidate_update
from tests.partybuild.recruitment.support import id_number, record, walk

pytestmark = pytest.mark.django_db

D = datetime.date


def refusal(error: pytest.ExceptionInfo, field: str = "done_on"):
    """The first refusal on ``field``."""
    return error.value.error_dict[field][0]


# --- no step dated after today (docs/domain.md §3) -------------------------------------------


@pytest.mark.parametrize(("offset", "ok"), [(-1, True), (0, True), (1, False)])
def test_a_step_dated_after_today_is_refused(candidate, offset, ok):
    day = timezone.localdate() + datetime.timedelta(days=offset)
    if ok:
        record(candidate, 1, day)
        return
    with pytest.raises(ValidationError) as error:
        record(candidate, 1, day)
    assert refusal(error).code == "step_date_in_future"
    assert "不能晚于今天" in refusal(error).message % refusal(error).params
    assert not CandidateStep.objects.exists()


@pytest.mark.parametrize(
    ("day", "ok"), [(D(2024, 1, 9), False), (D(2024, 1, 10), True), (D(2024, 1, 11), True)]
)
def test_a_step_is_not_dated_before_the_step_it_depends_on(candidate, day, ok):
    record(candidate, 1, D(2024, 1, 10))
    if ok:
        record(candidate, 2, day)
        return
    with pytest.raises(ValidationError) as error:
        record(candidate, 2, day)
    assert refusal(error).code == "step_date_before_previous"


# --- 18 on the 入党日期 (docs/domain.md §2) -----------------------------------------------------


def _correct_birth(candidate: Candidate, birth: datetime.date) -> None:
    """The birth date (and ID number) corrected after the application was recorded."""
    candidate_update(
        candidate=candidate, actor=None, id_number=id_number(birth, "157"), birth_date=birth
    )


@pytest.mark.parametrize(
    ("birth", "ok"),
    # 18 on 2025-05-10 (the 支部大会) when born on 2007-05-10 or before
    [(D(2007, 5, 9), True), (D(2007, 5, 10), True), (D(2007, 5, 11), False)],
)
def test_the_member_is_18_on_the_day_of_the_branch_meeting(candidate, full_members, birth, ok):
    walk(candidate, full_members, 14)
    _correct_birth(candidate, birth)
    if ok:
        record(candidate, 15, D(2025, 5, 10))
        return
    with pytest.raises(ValidationError) as error:
        record(candidate, 15, D(2025, 5, 10))
    assert refusal(error).code == "member_under_18"
    assert "年满18周岁" in refusal(error).message % refusal(error).params


def test_admission_refuses_a_member_under_18_on_the_joining_day(candidate, full_members):
    walk(candidate, full_members, 16)
    _correct_birth(candidate, D(2007, 5, 11))  # 18 on 2025-05-11, the day after the 支部大会
    with pytest.raises(ValidationError) as error:
        record(candidate, 17, D(2025, 6, 20))
    assert refusal(error).code == "member_under_18"
    assert not Member.objects.filter(name=candidate.name).exists()


# --- 培养联系人 and 入党介绍人 (docs/domain.md §3) ------------------------------------------------


@pytest.mark.parametrize(("step", "until"), [(5, 4), (9, 8)])
def test_the_same_member_twice_is_refused(candidate, full_members, step, until):
    walk(candidate, full_members, until)
    twice = [full_members[0], full_members[0]]
    with pytest.raises(ValidationError) as error:
        record(candidate, step, D(2025, 3, 6) if step == 9 else D(2024, 3, 6), people=twice)
    assert refusal(error, "people").code == "people_duplicate"
    assert "「党员1」重复" in str(error.value)
    assert not CandidateStep.objects.filter(step=step).exists()


def test_introducers_are_two_different_members(candidate, full_members):
    walk(candidate, full_members, 8)
    with pytest.raises(ValidationError) as error:
        record(candidate, 9, D(2025, 3, 6), people=full_members[:1])
    assert refusal(error, "people").code == "people_count"
    with pytest.raises(ValidationError) as error:
        record(candidate, 9, D(2025, 3, 6), people=full_members)
    assert refusal(error, "people").code == "people_count"
    step = record(candidate, 9, D(2025, 3, 6), people=full_members[1:])
    assert set(step.people.all()) == set(full_members[1:])


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"standing": MemberStanding.NORMAL}, None),
        ({"standing": MemberStanding.NORMAL, "is_mobile": True}, None),
        ({"standing": MemberStanding.NORMAL, "is_lost_contact": True, "is_abroad": True}, None),
        ({"standing": MemberStanding.RETAINED}, "people_not_in_good_standing"),
        ({"standing": MemberStanding.RESTORED}, "people_not_in_good_standing"),
        ({"standing": MemberStanding.SUSPENDED}, "people_not_in_good_standing"),
        ({"standing": MemberStanding.EXPELLED}, "people_not_in_good_standing"),
        ({"category": "probationary"}, "people_not_full_member"),
        ({"is_on_roll": False}, "people_not_full_member"),
    ],
)
@pytest.mark.parametrize(("step", "until"), [(5, 4), (9, 8)])
def test_contacts_and_introducers_are_full_members_in_normal_standing(
    candidate, full_members, member_factory, step, until, fields, code
):
    walk(candidate, full_members, until)
    person = member_factory("一支部", **{"category": "full", **fields})
    people = [person] if step == 5 else [full_members[0], person]
    day = D(2024, 3, 6) if step == 5 else D(2025, 3, 6)
    if code is None:
        record(candidate, step, day, people=people)
        return
    with pytest.raises(ValidationError) as error:
        record(candidate, step, day, people=people)
    assert refusal(error, "people").code == code
    assert person.name in str(error.value)


# --- 上级党委审批 (17) within six months of the 支部大会 (15) ------------------------------------


@pytest.mark.parametrize(
    ("day", "ok", "late"),
    [
        (D(2025, 8, 9), True, False),
        (D(2025, 8, 10), True, False),  # 3 months after 2025-05-10: on time
        (D(2025, 8, 11), True, True),  # accepted, shown as late
        (D(2025, 11, 9), True, True),
        (D(2025, 11, 10), True, True),  # 6 months: the last day allowed
        (D(2025, 11, 11), False, None),
    ],
)
def test_approval_within_six_months_of_the_branch_meeting(candidate, full_members, day, ok, late):
    walk(candidate, full_members, 16)
    if not ok:
        with pytest.raises(ValidationError) as error:
            record(candidate, 17, day)
        assert refusal(error).code == "approval_too_late"
        message = refusal(error).message % refusal(error).params
        assert "不得晚于支部大会讨论" in message and "2025-11-10" in message
        assert not Member.objects.filter(candidate=candidate).exists()
        return
    record(candidate, 17, day)
    assert Member.objects.get(candidate=candidate).joined_on == D(2025, 5, 10)
    approval = candidate_timeline(candidate=candidate, today=day)[16]
    assert (approval["due_on"], approval["late"]) == (D(2025, 8, 10), late)


@pytest.mark.parametrize(
    ("day", "ok", "late"),
    [
        (D(2025, 11, 30), True, False),  # 3 months after 2025-08-31: the month's last day
        (D(2025, 12, 1), True, True),
        (D(2026, 2, 27), True, True),
        (D(2026, 2, 28), True, True),  # 6 months after 2025-08-31: February's last day
        (D(2026, 3, 1), False, None),
    ],
)
def test_approval_limit_at_the_end_of_a_month(candidate, full_members, day, ok, late):
    walk(candidate, full_members, 16, dates={15: D(2025, 8, 31), 16: D(2025, 9, 1)})
    if not ok:
        with pytest.raises(ValidationError) as error:
            record(candidate, 17, day)
        assert refusal(error).code == "approval_too_late"
        return
    record(candidate, 17, day)
    assert candidate_timeline(candidate=candidate, today=day)[16]["late"] is late


@pytest.mark.parametrize(
    ("today", "state"),
    [(D(2025, 8, 9), "due"), (D(2025, 8, 10), "due"), (D(2025, 8, 11), "overdue")],
)
def test_an_approval_not_given_in_three_months_is_listed_overdue(
    candidate, full_members, today, state
):
    walk(candidate, full_members, 16)
    assert candidate_timeline(candidate=candidate, today=today)[16]["state"] == state


# --- conversion not before the end of probation (docs/domain.md §3) -------------------------


@pytest.mark.parametrize(
    ("joined_on", "extension", "end"),
    [
        (D(2025, 5, 10), 0, D(2026, 5, 10)),
        (D(2024, 2, 29), 0, D(2025, 2, 28)),
        (D(2024, 2, 29), 6, D(2025, 8, 29)),
        (D(2025, 8, 31), 6, D(2027, 2, 28)),
        (D(2025, 5, 10), 12, D(2027, 5, 10)),
    ],
)
def test_probation_ends_a_year_after_joining_plus_the_extension(joined_on, extension, end):
    candidate = SimpleNamespace(
        member=SimpleNamespace(joined_on=joined_on), probation_extension_months=extension
    )
    assert probation_end(candidate=candidate) == end


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (D(2025, 10, 10), False),  # five months into probation (the case)
        (D(2026, 4, 9), False),
        (D(2026, 4, 10), True),  # a month before 2026-05-10
        (D(2026, 4, 11), True),
    ],
)
def test_the_application_for_full_membership_comes_at_most_a_month_early(
    candidate, full_members, day, ok
):
    walk(candidate, full_members, 21, dates={21: D(2025, 10, 1)})
    if ok:
        record(candidate, 22, day)
        return
    with pytest.raises(ValidationError) as error:
        record(candidate, 22, day)
    assert refusal(error).code == "conversion_application_too_early"
    assert "2026-04-10" in refusal(error).message % refusal(error).params


@pytest.mark.parametrize(
    ("day", "ok"), [(D(2026, 5, 9), False), (D(2026, 5, 10), True), (D(2026, 5, 11), True)]
)
def test_the_conversion_meeting_is_on_or_after_the_end_of_probation(
    candidate, full_members, day, ok
):
    walk(candidate, full_members, 22, dates={22: D(2026, 4, 10)})
    if ok:
        record(candidate, 23, day)
        return
    with pytest.raises(ValidationError) as error:
        record(candidate, 23, day)
    assert refusal(error).code == "conversion_before_probation_end"
    assert "不能提前转正" in refusal(error).message % refusal(error).params


@pytest.mark.parametrize(
    ("step", "day", "ok"),
    [
        (22, D(2026, 10, 9), False),
        (22, D(2026, 10, 10), True),  # a month before the extended end, 2026-11-10
        (23, D(2026, 11, 9), False),
        (23, D(2026, 11, 10), True),
        (23, D(2026, 11, 11), True),
    ],
)
def test_an_extended_probation_moves_the_conversion_dates(candidate, full_members, step, day, ok):
    walk(candidate, full_members, 21)
    candidate_probation_extend(candidate=candidate, months=6, actor=None, reason="需继续考察")
    if step == 23:
        record(candidate, 22, D(2026, 10, 10))
    if ok:
        record(candidate, step, day)
        return
    with pytest.raises(ValidationError) as error:
        record(candidate, step, day)
    assert refusal(error).code in (
        "conversion_application_too_early",
        "conversion_before_probation_end",
    )


@pytest.mark.parametrize(
    ("day", "ok"), [(D(2026, 11, 9), False), (D(2026, 11, 10), True), (D(2026, 11, 11), True)]
)
def test_the_conversion_approval_is_on_or_after_the_end_of_probation(
    candidate, full_members, day, ok
):
    """The 支部大会 held at the end of the first year, then the probation extended by six
    months before the approval: the approval waits for the extended end, 2026-11-10."""
    walk(candidate, full_members, 23, dates={22: D(2026, 4, 10), 23: D(2026, 5, 10)})
    candidate_probation_extend(candidate=candidate, months=6, actor=None, reason="需继续考察")
    if not ok:
        with pytest.raises(ValidationError) as error:
            record(candidate, 24, day)
        assert refusal(error).code == "conversion_before_probation_end"
        assert Member.objects.get(candidate=candidate).category == "probationary"
        return
    record(candidate, 24, day)
    member = Member.objects.get(candidate=candidate)
    assert (member.category, member.confirmed_on) == ("full", D(2026, 11, 10))


@pytest.mark.parametrize(
    ("day", "late"), [(D(2026, 8, 9), False), (D(2026, 8, 10), False), (D(2026, 8, 11), True)]
)
def test_the_conversion_date_is_the_end_of_probation_however_late_the_approval(
    candidate, full_members, day, late
):
    """Approval within 3 months of the 支部大会 (2026-05-10 → 2026-08-10) is on time, later is
    accepted as late; either way the 转正日期 is the end of probation, not the approval's date."""
    walk(candidate, full_members, 23, dates={22: D(2026, 4, 10), 23: D(2026, 5, 10)})
    record(candidate, 24, day)
    member = Member.objects.get(candidate=candidate)
    assert (member.category, member.confirmed_on) == ("full", D(2026, 5, 10))
    assert candidate_timeline(candidate=candidate, today=day)[23]["late"] is late

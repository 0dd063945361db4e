"""发展党员 rules of docs/domain.md §3 at their boundaries, and admission and conversion effects."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partybuild.models import Member
from partybuild.recruitment.models import CandidateStep
from partybuild.recruitment.selectors import candidate_timeline, recruitment_reminders
from partybuild.recruitment.services import (
    candidate_create,
    candidate_probation_cancel,
    candidate_probation_extend,
    candidate_step_record,
)
from tests.partybuild.recruitment.support import id_number, record, walk

pytestmark = pytest.mark.django_db

D = datetime.date


def test_identity_is_validated_like_a_member(tree):
    with pytest.raises(ValidationError) as error:
        candidate_create(
            organisation=tree["first"],
            actor=None,
            name="李",
            gender="female",
            birth_date=D(2000, 3, 15),
            id_number=id_number(D(2000, 3, 15)),
        )
    assert "gender" in error.value.message_dict  # the ID number says male


@pytest.mark.parametrize(("day", "ok"), [(D(2018, 3, 14), False), (D(2018, 3, 15), True)])
def test_applicant_must_be_18(tree, day, ok):
    birth = D(2000, 3, 15)
    person = candidate_create(
        organisation=tree["first"],
        actor=None,
        name="赵",
        gender="male",
        birth_date=birth,
        id_number=id_number(birth),
    )
    if ok:
        record(person, 1, day)
    else:
        with pytest.raises(ValidationError) as error:
            record(person, 1, day)
        assert error.value.error_dict["done_on"][0].code == "applicant_under_18"
        assert not CandidateStep.objects.exists()


def test_steps_go_in_order_and_dates_do_not_go_back(candidate):
    with pytest.raises(ValidationError) as error:
        record(candidate, 2, D(2024, 1, 1))
    assert "第1步" in error.value.message_dict["step"][0]
    record(candidate, 1, D(2024, 1, 10))
    with pytest.raises(ValidationError):
        record(candidate, 2, D(2024, 1, 9))
    record(candidate, 2, D(2024, 1, 10))


@pytest.mark.parametrize(
    ("day", "ok"), [(D(2025, 2, 28), False), (D(2025, 3, 1), True), (D(2025, 3, 2), True)]
)
def test_a_year_as_activist_before_becoming_a_candidate(candidate, full_members, day, ok):
    walk(candidate, full_members, 6)  # activist on 2024-03-01
    if ok:
        record(candidate, 7, day)
    else:
        with pytest.raises(ValidationError) as error:
            record(candidate, 7, day)
        assert error.value.error_dict["done_on"][0].code == "activist_less_than_a_year"


def test_contacts_and_introducers_are_full_members(candidate, full_members, member_factory):
    walk(candidate, full_members, 4)
    probationary = member_factory("一支部", category="probationary")
    with pytest.raises(ValidationError):
        record(candidate, 5, D(2024, 3, 6), people=[probationary])
    with pytest.raises(ValidationError):
        record(candidate, 5, D(2024, 3, 6), people=full_members)  # three is too many
    record(candidate, 5, D(2024, 3, 6), people=full_members[:2])
    record(candidate, 6, D(2024, 9, 6))
    record(candidate, 7, D(2025, 3, 1))
    record(candidate, 8, D(2025, 3, 5))
    with pytest.raises(ValidationError) as error:
        record(candidate, 9, D(2025, 3, 6), people=full_members[:1])
    assert error.value.error_dict["people"][0].code == "people_count"


@pytest.mark.parametrize(
    ("days", "hours", "ok"), [(2, 23, False), (3, None, True), (None, 24, True), (2, 24, True)]
)
def test_training_of_three_days_or_24_hours(candidate, full_members, days, hours, ok):
    walk(candidate, full_members, 10)
    call = lambda: record(candidate, 11, D(2025, 4, 1), training_days=days, training_hours=hours)  # noqa: E731
    if ok:
        call()
    else:
        with pytest.raises(ValidationError):
            call()


@pytest.mark.parametrize(("day", "ok"), [(D(2026, 3, 10), True), (D(2026, 3, 11), False)])
def test_vetting_is_valid_for_a_year(candidate, full_members, day, ok):
    walk(candidate, full_members, 14)  # 政审 2025-03-10
    if ok:
        record(candidate, 15, day)
    else:
        with pytest.raises(ValidationError) as error:
            record(candidate, 15, day)
        assert error.value.error_dict["done_on"][0].code == "vetting_expired"


def test_admission_and_conversion_change_the_register(candidate, full_members):
    walk(candidate, full_members, 17)
    member = Member.objects.get(candidate=candidate)
    assert (member.category, member.joined_on) == ("probationary", D(2025, 5, 10))
    assert member.id_number == candidate.id_number
    walk_rest = [
        (18, D(2025, 6, 25)),
        (19, D(2025, 6, 26)),
        (20, D(2025, 7, 1)),
        (21, D(2025, 12, 1)),
        (22, D(2026, 5, 1)),
        (23, D(2026, 5, 15)),
        (24, D(2026, 6, 1)),
    ]
    for step, day in walk_rest:
        record(candidate, step, day)
    member.refresh_from_db()
    assert (member.category, member.confirmed_on) == ("full", D(2026, 5, 10))


def test_probation_extension_once_between_6_and_12_months(candidate, full_members):
    walk(candidate, full_members, 17)
    with pytest.raises(ValidationError):
        candidate_probation_extend(candidate=candidate, months=5, actor=None, reason="考察")
    with pytest.raises(ValidationError):
        candidate_probation_extend(candidate=candidate, months=13, actor=None, reason="考察")
    candidate_probation_extend(candidate=candidate, months=6, actor=None, reason="需继续考察")
    with pytest.raises(ValidationError) as error:
        candidate_probation_extend(candidate=candidate, months=6, actor=None, reason="再次")
    assert error.value.code == "extended_already"
    for step in range(18, 25):
        record(candidate, step, D(2026, 11, step))
    assert Member.objects.get(candidate=candidate).confirmed_on == D(2026, 11, 10)


def test_cancelling_probation_takes_the_member_off_the_roll(candidate, full_members):
    walk(candidate, full_members, 17)
    with pytest.raises(ValidationError):
        candidate_probation_cancel(candidate=candidate, actor=None, reason="")
    candidate_probation_cancel(candidate=candidate, actor=None, reason="不履行党员义务")
    assert Member.objects.get(candidate=candidate).is_on_roll is False


@pytest.mark.parametrize(
    ("today", "state"),
    [(D(2024, 2, 9), "due"), (D(2024, 2, 10), "due"), (D(2024, 2, 11), "overdue")],
)
def test_a_late_talk_is_a_reminder_not_a_refusal(candidate, tree, superuser, today, state):
    record(candidate, 1, D(2024, 1, 10))
    talk = candidate_timeline(candidate=candidate, today=today)[1]
    assert (talk["state"], talk["due_on"]) == (state, D(2024, 2, 10))
    reminders = recruitment_reminders(user=superuser, today=today)
    assert bool(reminders) == (state == "overdue")
    record(candidate, 2, D(2024, 3, 1))  # late, but recorded


def test_administrators_work_only_in_their_subtree(candidate, tree, make_admin):
    with pytest.raises(PermissionDenied):
        candidate_step_record(
            candidate=candidate,
            step=1,
            done_on=D(2024, 1, 10),
            actor=make_admin("b", tree["second"]),
        )
    assert recruitment_reminders(user=make_admin("c", tree["third"])) == []

"""The reminders, counts and board of 发展党员 are computed in the database (issue 21): they must
give exactly what the rules of partybuild/recruitment/steps.py give one candidate at a time
(``candidate_timeline``, ``candidate_examination_due_on``, ``probation_end``), month ends
included, and take a number of queries that does not grow with the candidates."""

import datetime
import itertools

import pytest

from partybuild.core.dates import add_months
from partybuild.models import Member
from partybuild.recruitment import steps as rules
from partybuild.recruitment.models import Candidate, CandidateStatus, CandidateStep
from partybuild.recruitment.selectors import (
    candidate_examination_due_on,
    candidate_stage,
    candidate_timeline,
    conversion_application_earliest,
    probation_end,
    recruitment_board,
    recruitment_examinations_due,
    recruitment_examinations_due_count,
    recruitment_overdue_count,
    recruitment_probation_reminder_count,
    recruitment_probation_reminders,
    recruitment_reminders,
)

pytestmark = pytest.mark.django_db

D = datetime.date
#: A day just after month ends of every length, so that clamped deadlines are crossed.
TODAY = D(2025, 3, 1)
#: Dates around month ends (31st, 30th, 29 February, 28 February) and the days after them.
DAYS = [
    D(2024, 1, 31),
    D(2024, 2, 1),
    D(2024, 8, 31),
    D(2024, 8, 30),
    D(2024, 9, 1),
    D(2024, 2, 29),
    D(2024, 3, 1),
    D(2024, 12, 31),
    D(2025, 1, 28),
    D(2025, 1, 29),
    D(2025, 1, 31),
    D(2024, 11, 30),
    D(2025, 2, 1),
    D(2024, 7, 31),
    D(2024, 9, 30),
    D(2024, 3, 31),
    D(2024, 4, 1),
]


def _candidate(organisation, n: int, status: str, steps: dict[int, D], **fields) -> Candidate:
    candidate = Candidate.objects.create(
        name=f"对象{n:03d}",
        gender="male",
        birth_date=D(1995, 1, 1),
        organisation=organisation,
        status=status,
        **fields,
    )
    CandidateStep.objects.bulk_create(
        CandidateStep(candidate=candidate, step=step, done_on=day, organisation=organisation)
        for step, day in steps.items()
    )
    return candidate


@pytest.fixture
def pipeline(tree):
    """Candidates at each deadline's ``after`` step on every one of ``DAYS`` (some with the
    step due recorded), activists examined or not on each day, and 预备党员 admitted on each day
    with and without an extended probation; across two branches and every status."""
    counter = itertools.count(1)
    branches = [tree["first"], tree["third"]]
    for (step, after, _months), day in itertools.product(rules.DEADLINES, DAYS):
        branch = branches[next(counter) % 2]
        done = {number: day for number in range(1, after + 1)}
        _candidate(branch, next(counter), CandidateStatus.ACTIVE, done)
        _candidate(branch, next(counter), CandidateStatus.FULL, done)
        _candidate(branch, next(counter), CandidateStatus.WITHDRAWN, done)
        _candidate(branch, next(counter), CandidateStatus.ACTIVE, {**done, step: day})
    for day in DAYS:
        branch = branches[next(counter) % 2]
        activist = {1: day, 2: day, 3: day}
        _candidate(branch, next(counter), CandidateStatus.ACTIVE, activist)
        _candidate(branch, next(counter), CandidateStatus.ACTIVE, {**activist, 6: day})
        _candidate(
            branch,
            next(counter),
            CandidateStatus.ACTIVE,
            {1: day, 2: day, 3: D(2020, 1, 1), 6: day},
        )
        _candidate(branch, next(counter), CandidateStatus.ACTIVE, {**activist, 7: day})
        for extension in (0, 6, 12):
            admitted = add_months(day, -extension)
            member = Member.objects.create(
                name=f"预备{next(counter)}",
                gender="male",
                organisation=branch,
                category="probationary",
                joined_on=admitted,
            )
            _candidate(
                branch,
                next(counter),
                CandidateStatus.PROBATIONARY,
                {number: admitted for number in range(1, 18)},
                member=member,
                probation_extension_months=extension,
            )


def _loaded():
    return list(Candidate.objects.prefetch_related("steps").select_related("member"))


def test_overdue_steps_are_those_of_the_timeline(pipeline, superuser):
    expected = sorted(
        (candidate.pk, item["step"], item["due_on"], (TODAY - item["due_on"]).days)
        for candidate in _loaded()
        if candidate.status not in (CandidateStatus.CANCELLED, CandidateStatus.WITHDRAWN)
        for item in candidate_timeline(candidate=candidate, today=TODAY)
        if item["state"] == "overdue"
    )
    found = recruitment_reminders(user=superuser, today=TODAY)
    assert expected  # the data does cross deadlines
    assert (
        sorted((r["candidate"].pk, r["step"], r["due_on"], r["days_overdue"]) for r in found)
        == expected
    )
    assert [r["days_overdue"] for r in found] == sorted(
        (r["days_overdue"] for r in found), reverse=True
    )
    assert recruitment_overdue_count(user=superuser, today=TODAY) == len(expected)
    assert recruitment_reminders(user=superuser, today=TODAY, limit=5) == found[:5]


def test_examinations_due_are_those_of_the_rule(pipeline, superuser):
    expected = sorted(
        (candidate.pk, due_on)
        for candidate in _loaded()
        if (due_on := candidate_examination_due_on(candidate=candidate)) and due_on <= TODAY
    )
    found = recruitment_examinations_due(user=superuser, today=TODAY)
    assert expected
    assert sorted((item["candidate"].pk, item["due_on"]) for item in found) == expected
    assert recruitment_examinations_due_count(user=superuser, today=TODAY) == len(expected)
    assert recruitment_examinations_due(user=superuser, today=TODAY, limit=3) == found[:3]


def test_probation_reminders_are_those_of_the_rule(pipeline, superuser):
    expected = {"ending": [], "overrun": []}
    for candidate in _loaded():
        if candidate.status != CandidateStatus.PROBATIONARY:
            continue
        if probation_end(candidate=candidate) < TODAY:
            expected["overrun"].append(candidate.pk)
        elif conversion_application_earliest(candidate=candidate) <= TODAY:
            expected["ending"].append(candidate.pk)
    found = recruitment_probation_reminders(user=superuser, today=TODAY)
    assert expected["ending"] and expected["overrun"]
    assert recruitment_probation_reminders(user=superuser, today=TODAY, limit=4) == found[:4]
    for state, pks in expected.items():
        assert sorted(item["candidate"].pk for item in found if item["state"] == state) == sorted(
            pks
        )
        only = recruitment_probation_reminders(user=superuser, today=TODAY, state=state)
        assert [item["candidate"].pk for item in only] == [
            item["candidate"].pk for item in found if item["state"] == state
        ]
        assert recruitment_probation_reminder_count(
            user=superuser, state=state, today=TODAY
        ) == len(pks)


def test_the_board_counts_as_the_timelines_do(pipeline, superuser, tree, make_admin):
    expected = {}
    for candidate in _loaded():
        row = expected.setdefault(
            candidate.organisation_id,
            {"stages": dict.fromkeys(range(1, 6), 0), "probationary": 0, "overdue": 0},
        )
        if candidate.status == CandidateStatus.ACTIVE:
            row["stages"][candidate_stage(candidate=candidate)] += 1
        elif candidate.status == CandidateStatus.PROBATIONARY:
            row["probationary"] += 1
        if candidate.status in (CandidateStatus.ACTIVE, CandidateStatus.PROBATIONARY):
            row["overdue"] += sum(
                item["state"] == "overdue"
                for item in candidate_timeline(candidate=candidate, today=TODAY)
            )
    board = recruitment_board(user=superuser, today=TODAY)
    assert {
        row["organisation"].pk: {k: row[k] for k in ("stages", "probationary", "overdue")}
        for row in board
    } == expected
    third_admin = make_admin("third_admin", tree["third"])
    assert [row["organisation"] for row in recruitment_board(user=third_admin, today=TODAY)] == [
        tree["third"]
    ]
    assert recruitment_overdue_count(user=third_admin, today=TODAY) < recruitment_overdue_count(
        user=superuser, today=TODAY
    )


@pytest.mark.parametrize("copies", [1, 4])
def test_the_reminders_take_the_same_queries_however_many_candidates(
    copies, tree, superuser, django_assert_max_num_queries
):
    for n in range(copies * 5):
        _candidate(tree["first"], n, CandidateStatus.ACTIVE, {1: D(2024, 1, 31), 3: D(2024, 1, 31)})
    with django_assert_max_num_queries(11):
        recruitment_board(user=superuser, today=TODAY)
        recruitment_reminders(user=superuser, today=TODAY, limit=20)
        recruitment_examinations_due(user=superuser, today=TODAY, limit=20)
        recruitment_probation_reminders(user=superuser, today=TODAY)
        recruitment_overdue_count(user=superuser, today=TODAY)

"""The board of 发展党员 and its reminder counts are kept in the shared cache per scope and day
(issue 21: a province's board counts every candidate of the tree), and a write retires them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partybuild.recruitment.models import Candidate, CandidateStatus, CandidateStep
from partybuild.recruitment.selectors import (
    recruitment_board,
    recruitment_examinations_due,
    recruitment_examinations_due_count,
    recruitment_probation_reminder_count,
    recruitment_probation_reminders,
    recruitment_reminders,
)
from tests.partybuild.statistics.test_dashboard_cache import shared_cache  # noqa: F401

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 3, 1)


def _activist(organisation, name: str, examined_on: datetime.date) -> Candidate:
    """An activist (steps 1–3 done) last examined on ``examined_on``."""
    candidate = Candidate.objects.create(
        name=name,
        gender="male",
        birth_date=datetime.date(1995, 1, 1),
        organisation=organisation,
        status=CandidateStatus.ACTIVE,
    )
    for step in (1, 2, 3):
        CandidateStep.objects.create(
            candidate=candidate, step=step, done_on=examined_on, organisation=organisation
        )
    return candidate


def _figures(user) -> tuple:
    """What the board shows: its rows, counts and lists (candidates by name)."""
    board = [
        (row["organisation"].name, row["stages"], row["overdue"])
        for row in recruitment_board(user=user, today=TODAY)
    ]
    return (
        board,
        recruitment_examinations_due_count(user=user, today=TODAY),
        recruitment_probation_reminder_count(user=user, state="ending", today=TODAY),
        recruitment_probation_reminder_count(user=user, state="overrun", today=TODAY),
        [
            (item["candidate"].name, item["step"])
            for item in recruitment_reminders(user=user, today=TODAY, limit=100)
        ],
        [item["candidate"].name for item in recruitment_examinations_due(user=user, today=TODAY)],
        [
            item["candidate"].name
            for item in recruitment_probation_reminders(user=user, today=TODAY, limit=100)
        ],
    )


def _reads_candidates(user) -> tuple[tuple, int]:
    with CaptureQueriesContext(connection) as queries:
        figures = _figures(user)
    sql = [query["sql"] for query in queries.captured_queries]
    return figures, sum('"partybuild_candidate"' in q for q in sql)


def test_a_second_read_takes_the_board_from_the_cache_and_a_write_retires_it(
    tree,
    superuser,
    shared_cache,  # noqa: F811
):
    _activist(tree["first"], "甲", datetime.date(2024, 1, 1))
    first, reads = _reads_candidates(superuser)
    assert reads >= 4
    assert first[0] == [("一支部", {1: 0, 2: 1, 3: 0, 4: 0, 5: 0}, first[0][0][2])]
    assert first[1] == 1
    assert first[5] == ["甲"]
    again, reads = _reads_candidates(superuser)
    assert (again, reads) == (first, 0)
    _activist(tree["third"], "乙", datetime.date(2024, 2, 1))
    after, reads = _reads_candidates(superuser)
    assert reads >= 4
    assert [name for name, _stages, _overdue in after[0]] == ["一支部", "三支部"]
    assert after[1] == 2
    assert after[5] == ["甲", "乙"]


def test_two_scopes_and_two_days_never_share_a_cached_board(
    tree,
    superuser,
    make_admin,
    shared_cache,  # noqa: F811
):
    _activist(tree["first"], "甲", datetime.date(2024, 1, 1))
    _activist(tree["third"], "乙", datetime.date(2024, 2, 1))
    assert len(_figures(superuser)[0]) == 2
    third_admin = make_admin("third_admin", tree["third"])
    assert [name for name, *_ in _figures(third_admin)[0]] == ["三支部"]
    assert _figures(third_admin)[1] == 1
    before_due = recruitment_examinations_due_count(user=superuser, today=datetime.date(2024, 3, 1))
    assert before_due == 0

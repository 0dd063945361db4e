"""The reminders of 发展党员 (docs/domain.md §3), at their boundaries: the activist's six-monthly
examination (step 6), a probation ending within a month, a probation run past its end
unconverted — in the selectors, 我的任务, the admin home and the board."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partybuild.recruitment.selectors import (
    recruitment_examinations_due,
    recruitment_probation_reminders,
)
from partybuild.recruitment.services import candidate_probation_cancel, candidate_probation_extend
from tests.partybuild.recruitment.support import walk

pytestmark = pytest.mark.django_db

D = datetime.date


def _due(user, today):
    return [
        (item["due_on"], item["days_overdue"])
        for item in recruitment_examinations_due(user=user, today=today)
    ]


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (D(2024, 8, 31), []),
        (D(2024, 9, 1), [(D(2024, 9, 1), 0)]),  # six months after becoming an activist
        (D(2024, 9, 2), [(D(2024, 9, 1), 1)]),
    ],
)
def test_an_activist_is_examined_six_months_after_becoming_one(
    candidate, full_members, superuser, today, due
):
    walk(candidate, full_members, 3)  # activist on 2024-03-01
    assert _due(superuser, today) == due


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (D(2025, 3, 5), []),
        (D(2025, 3, 6), [(D(2025, 3, 6), 0)]),
        (D(2025, 3, 7), [(D(2025, 3, 6), 1)]),
    ],
)
def test_the_next_examination_is_six_months_after_the_last(
    candidate, full_members, superuser, today, due
):
    walk(candidate, full_members, 6)  # examined on 2024-09-06
    assert _due(superuser, today) == due


@pytest.mark.parametrize(
    ("today", "due"), [(D(2025, 2, 27), []), (D(2025, 2, 28), [(D(2025, 2, 28), 0)])]
)
def test_an_examination_due_at_the_end_of_a_short_month(
    candidate, full_members, superuser, today, due
):
    walk(candidate, full_members, 3, dates={3: D(2024, 8, 31)})
    assert _due(superuser, today) == due


def test_no_examination_before_activist_or_once_a_development_candidate(
    candidate, full_members, superuser
):
    walk(candidate, full_members, 2)
    assert _due(superuser, D(2030, 1, 1)) == []
    walk(candidate, full_members, 7, start=3)  # 发展对象 on 2025-03-01
    assert _due(superuser, D(2030, 1, 1)) == []


def _probation(user, today):
    return [
        (item["state"], item["probation_end"], item["days"])
        for item in recruitment_probation_reminders(user=user, today=today)
    ]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 4, 9), []),
        (D(2026, 4, 10), [("ending", D(2026, 5, 10), -30)]),  # a month before the end
        (D(2026, 5, 9), [("ending", D(2026, 5, 10), -1)]),
        (D(2026, 5, 10), [("ending", D(2026, 5, 10), 0)]),  # the last day of probation
        (D(2026, 5, 11), [("overrun", D(2026, 5, 10), 1)]),
    ],
)
def test_a_probation_ending_or_run_past_its_end(
    candidate, full_members, superuser, today, expected
):
    walk(candidate, full_members, 17)  # 入党日期 2025-05-10
    assert _probation(superuser, today) == expected


@pytest.mark.parametrize(
    ("today", "state"),
    [(D(2026, 10, 9), None), (D(2026, 10, 10), "ending"), (D(2026, 11, 11), "overrun")],
)
def test_an_extended_probation_is_reminded_before_its_new_end(
    candidate, full_members, superuser, today, state
):
    walk(candidate, full_members, 17)
    candidate_probation_extend(candidate=candidate, months=6, actor=None, reason="需继续考察")
    states = [item[0] for item in _probation(superuser, today)]
    assert states == ([state] if state else [])


def test_no_probation_reminder_once_converted_or_cancelled(
    candidate, full_members, superuser, tree
):
    walk(candidate, full_members, 24)
    assert _probation(superuser, D(2027, 1, 1)) == []
    other = _other_candidate(tree, full_members)
    walk(other, full_members, 17)
    candidate_probation_cancel(candidate=other, actor=None, reason="不履行党员义务")
    assert _probation(superuser, D(2027, 1, 1)) == []


def _other_candidate(tree, full_members):
    from partybuild.recruitment.services import candidate_create
    from tests.partybuild.recruitment.support import id_number

    birth = D(1999, 7, 1)
    return candidate_create(
        organisation=tree["first"],
        actor=None,
        name="李另一",
        gender="male",
        birth_date=birth,
        id_number=id_number(birth, "193"),
    )


def test_reminders_are_tasks_of_the_branch(
    candidate, full_members, tree, roles, api_client, make_admin, monkeypatch
):
    walk(candidate, full_members, 17)  # probation ends 2026-05-10
    activist = _other_candidate(tree, full_members)
    walk(activist, full_members, 3)  # activist 2024-03-01, examination due 2024-09-01
    monkeypatch.setattr(timezone, "localdate", lambda *args: D(2026, 4, 10))
    counts = api_client(roles["admin_a"]).get("/api/app/tasks/").json()["counts"]
    assert (counts["activist_examination_due"], counts["probation_ending"]) == (1, 1)
    assert counts["probation_overrun"] == 0
    monkeypatch.setattr(timezone, "localdate", lambda *args: D(2026, 5, 11))
    page = api_client(roles["admin_a"]).get("/api/app/tasks/").json()
    assert (page["counts"]["probation_ending"], page["counts"]["probation_overrun"]) == (0, 1)
    assert any("2026-05-10 届满" in item["title"] for item in page["items"])
    third = make_admin("third_admin", tree["third"])
    other_branch = api_client(third).get("/api/app/tasks/").json()["counts"]
    assert other_branch["probation_overrun"] == other_branch["activist_examination_due"] == 0


def test_the_admin_home_and_board_show_the_reminders(
    candidate, full_members, tree, recruiter_client, client, make_admin
):
    walk(candidate, full_members, 17)  # probation ended 2026-05-10: run past its end
    activist = _other_candidate(tree, full_members)
    walk(activist, full_members, 3)  # examination due since 2024-09-01
    home = recruiter_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "发展党员提醒" in home
    assert 'data-probation="overrun"' in home and "王小明" in home
    assert "data-examination" in home and "李另一" in home
    board = recruiter_client.get(reverse("candidates:board"))
    assert [item["candidate"] for item in board.context["probations"]] == [candidate]
    assert [item["candidate"] for item in board.context["examinations"]] == [activist]
    assert 'data-probation="overrun"' in board.content.decode()
    client.force_login(make_admin("third_admin", tree["third"]))
    assert "发展党员提醒" not in client.get(reverse("wagtailadmin_home")).content.decode()

"""发展党员 through the app: a candidate's timeline and submissions, the branch's board and
recording steps with the same rules as the services."""

import datetime

import pytest

from partybuild.models import Message
from partybuild.recruitment.models import CandidateSubmission
from partybuild.recruitment.selectors import candidate_thought_report_due
from partybuild.recruitment.services import candidate_step_record, candidate_submission_review
from tests.api.factories import candidate_in
from tests.partybuild.recruitment.support import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(roles, tree):
    candidate = candidate_in(tree["first"], user=roles["member_a"], name="申请人甲")
    candidate_step_record(
        candidate=candidate, step=1, done_on=datetime.date(2024, 1, 10), actor=None
    )
    return candidate


def test_submission_flow(roles, applicant, api_client):
    client = api_client(roles["member_a"])
    created = client.post(
        "/api/app/recruitment/me/submissions",
        {"kind": "application", "title": "入党申请书", "content": "我志愿加入中国共产党……"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["review"] == "pending"
    assert Message.objects.filter(recipient=roles["admin_a"], kind="recruitment").exists()
    assert Message.objects.filter(recipient=roles["admin_parent"], kind="recruitment").exists()
    submission = CandidateSubmission.objects.get()
    candidate_submission_review(
        submission=submission, actor=roles["admin_a"], accept=False, comment="请补充个人经历"
    )
    mine = client.get("/api/app/recruitment/me").json()
    assert mine["submissions"][0]["review"] == "returned"
    assert mine["submissions"][0]["review_comment"] == "请补充个人经历"
    assert mine["timeline"][0]["state"] == "done" and mine["timeline"][1]["state"] == "overdue"
    empty = client.post(
        "/api/app/recruitment/me/submissions",
        {"kind": "thought_report", "title": "", "content": "x"},
        content_type="application/json",
    )
    assert empty.status_code == 422 and "title" in empty.json()["fields"]


def test_activists_owe_a_thought_report_each_quarter(roles, applicant):
    candidate_step_record(
        candidate=applicant, step=2, done_on=datetime.date(2024, 2, 1), actor=None
    )
    assert not candidate_thought_report_due(candidate=applicant)  # not yet an activist
    candidate_step_record(
        candidate=applicant, step=3, done_on=datetime.date(2024, 3, 1), actor=None
    )
    assert candidate_thought_report_due(candidate=applicant)
    CandidateSubmission.objects.create(
        candidate=applicant, kind="thought_report", title="汇报", content="内容"
    )
    assert not candidate_thought_report_due(candidate=applicant)


def test_board_and_step_recording(roles, applicant, api_client, tree):
    board = api_client(roles["admin_parent"]).get("/api/app/recruitment/board").json()
    row = next(r for r in board["rows"] if r["organisation"] == "一支部")
    assert row["stages"]["1"] == 1 and row["overdue"] == 1
    assert board["reminders"][0]["name"] == "党组织派人谈话"
    url = f"/api/app/recruitment/candidates/{applicant.pk}/steps"
    early = api_client(roles["admin_a"]).post(
        url, {"step": 2, "done_on": "2024-01-01"}, content_type="application/json"
    )
    assert early.status_code == 422 and early.json()["code"] == "step_date_before_previous"
    done = api_client(roles["admin_a"]).post(
        url, {"step": 2, "done_on": "2024-03-01"}, content_type="application/json"
    )
    assert done.status_code == 201
    other = candidate_in(tree["second"], name="申请人乙")
    assert (
        api_client(roles["admin_a"])
        .post(
            f"/api/app/recruitment/candidates/{other.pk}/steps",
            {"step": 1, "done_on": "2026-11-01"},
            content_type="application/json",
        )
        .status_code
        == 404
    )


def test_the_same_introducer_twice_is_refused_through_the_app(
    roles, applicant, api_client, member_factory
):
    members = [member_factory("一支部", category="full") for _ in range(2)]
    walk(applicant, members, 8, start=2)
    url = f"/api/app/recruitment/candidates/{applicant.pk}/steps"
    client = api_client(roles["admin_a"])
    twice = client.post(
        url,
        {"step": 9, "done_on": "2025-03-06", "people": [members[0].pk, members[0].pk]},
        content_type="application/json",
    )
    assert twice.status_code == 422
    assert twice.json()["code"] == "people_duplicate"
    assert "重复" in twice.json()["fields"]["people"][0]
    assert not applicant.steps.filter(step=9).exists()
    done = client.post(
        url,
        {"step": 9, "done_on": "2025-03-06", "people": [m.pk for m in members]},
        content_type="application/json",
    )
    assert done.status_code == 201


def test_my_timeline_names_the_stage_of_each_step(roles, applicant, api_client):
    timeline = api_client(roles["member_a"]).get("/api/app/recruitment/me").json()["timeline"]
    assert len(timeline) == 25
    assert (timeline[0]["stage"], timeline[0]["stage_name"]) == (1, "入党申请")
    assert timeline[-1]["stage_name"] == "预备党员的教育考察和转正"

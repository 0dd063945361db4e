"""App API of 党建督查: lists and filters, responding, reviewing, refusals and scope."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partybuild.supervision.models import InspectionAssignment
from partybuild.supervision.services import (
    inspection_response_submit,
    inspection_task_create,
    inspection_task_issue,
)
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

BASE = "/api/app/supervision"


def _task(tree, subject="三会一课落实情况", deadline=datetime.date(2026, 12, 31), targets=None):
    task = inspection_task_create(
        issuer=tree["general"],
        subject=subject,
        requirements="上传会议记录",
        deadline=deadline,
        actor=None,
    )
    targets = targets or [tree["first"], tree["second"]]
    return inspection_task_issue(task=task, targets=targets, actor=None)


def _assignment(task, organisation):
    return InspectionAssignment.objects.get(task=task, organisation=organisation)


def test_branch_responds_and_issuer_returns_then_accepts(roles, tree):
    task = _task(tree)
    first = _assignment(task, tree["first"])
    branch, issuer = client_for(roles["admin_a"]), client_for(roles["admin_parent"])

    listed = branch.get(f"{BASE}/assignments").json()
    assert [item["organisation"] for item in listed["items"]] == ["一支部"]
    assert listed["items"][0]["status_label"] == "待反馈"

    upload = branch.post(
        f"{BASE}/assignments/{first.pk}/attachments",
        {"file": SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4")},
    )
    assert upload.status_code == 200
    assert upload.json()["attachments"][0]["title"].endswith("会议记录.pdf")

    answered = branch.post(
        f"{BASE}/assignments/{first.pk}/response",
        {"response": "已落实"},
        content_type="application/json",
    )
    assert answered.status_code == 200
    assert answered.json()["status"] == "submitted"
    assert answered.json()["may_respond"] is False

    refused = issuer.post(
        f"{BASE}/assignments/{first.pk}/return", {"comment": ""}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["fields"] == {"comment": ["退回时请填写审核意见。"]}

    returned = issuer.post(
        f"{BASE}/assignments/{first.pk}/return",
        {"comment": "缺少签到表"},
        content_type="application/json",
    )
    assert returned.json()["status_label"] == "已退回"
    assert branch.get(f"{BASE}/assignments/{first.pk}").json()["may_respond"] is True

    branch.post(
        f"{BASE}/assignments/{first.pk}/response",
        {"response": "已补充签到表"},
        content_type="application/json",
    )
    accepted = issuer.post(
        f"{BASE}/assignments/{first.pk}/accept", {}, content_type="application/json"
    )
    assert accepted.json()["status_label"] == "已通过"

    again = issuer.post(
        f"{BASE}/assignments/{first.pk}/accept", {}, content_type="application/json"
    )
    assert again.status_code == 422
    assert again.json()["code"] == "inspection_not_submitted"

    tasks = issuer.get(f"{BASE}/tasks").json()["items"]
    assert [(t["target_count"], t["accepted_count"], t["pending_count"]) for t in tasks] == [
        (2, 1, 1)
    ]


def test_members_are_refused_and_other_branches_not_found(roles, tree):
    task = _task(tree)
    second = _assignment(task, tree["second"])
    member = client_for(roles["member_a"])
    assert member.get(f"{BASE}/assignments").status_code == 403
    assert member.get(f"{BASE}/tasks").status_code == 403
    branch = client_for(roles["admin_a"])
    assert branch.get(f"{BASE}/assignments/{second.pk}").status_code == 404
    answered = branch.post(
        f"{BASE}/assignments/{second.pk}/response",
        {"response": "越权反馈"},
        content_type="application/json",
    )
    assert answered.status_code == 404
    second.refresh_from_db()
    assert second.status == "pending"
    assert client_for(roles["admin_a"]).get(f"{BASE}/tasks").json()["items"] == []


def test_filters_by_status_and_overdue(roles, tree):
    past = _task(tree, subject="已逾期", deadline=datetime.date(2020, 1, 1))
    _task(tree, subject="未到期", deadline=datetime.date(2999, 1, 1))
    inspection_response_submit(
        assignment=_assignment(past, tree["second"]), response="反馈", actor=None
    )
    issuer = client_for(roles["admin_parent"])
    overdue = issuer.get(f"{BASE}/assignments?overdue=true").json()
    assert overdue["count"] == 2
    assert all(item["is_overdue"] and item["subject"] == "已逾期" for item in overdue["items"])
    submitted = issuer.get(f"{BASE}/assignments?status=submitted").json()
    assert [(i["subject"], i["organisation"]) for i in submitted["items"]] == [("已逾期", "二支部")]
    assert issuer.get(f"{BASE}/assignments?status=bogus").status_code == 422


def test_list_query_count_does_not_grow_with_page_size(roles, tree, django_assert_max_num_queries):
    issuer = client_for(roles["admin_parent"])
    issuer.get(f"{BASE}/assignments")  # warm up the token lookup paths
    _task(tree)
    with django_assert_max_num_queries(18) as small:
        issuer.get(f"{BASE}/assignments")
        issuer.get(f"{BASE}/tasks")
    for number in range(5):
        _task(tree, subject=f"任务{number}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        items = issuer.get(f"{BASE}/assignments").json()["items"]
        issuer.get(f"{BASE}/tasks")
    assert len(items) == 12


def _closed_meeting(organisation, topic):
    from django.utils import timezone

    from partybuild.orglife.models import Meeting

    start = timezone.now() - datetime.timedelta(days=3)
    return Meeting.objects.create(
        kind="branch_assembly",
        organisation=organisation,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="会议室",
        topic=topic,
        status="closed",
        minutes=f"{topic}记录",
    )


def test_random_inspection_draw_read_and_verdict(roles, tree):
    _closed_meeting(tree["first"], "一支部党员大会")
    _closed_meeting(tree["third"], "三支部党员大会")
    issuer = client_for(roles["admin_parent"])
    drawn = issuer.post(
        f"{BASE}/inspections/draw",
        {"organisation_id": tree["general"].pk, "count": 5},
        content_type="application/json",
    )
    assert drawn.status_code == 201
    assert [(i["topic"], i["verdict_label"]) for i in drawn.json()] == [("一支部党员大会", "待评")]
    assert drawn.json()[0]["minutes"] == "一支部党员大会记录"
    again = issuer.post(
        f"{BASE}/inspections/draw",
        {"organisation_id": tree["general"].pk, "count": 5},
        content_type="application/json",
    )
    assert again.status_code == 422 and again.json()["code"] == "inspection_no_meetings"

    inspection_id = drawn.json()[0]["id"]
    refused = issuer.post(
        f"{BASE}/inspections/{inspection_id}/verdict",
        {"verdict": "fail"},
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["fields"] == {
        "comment": ["评定为不合格时请填写抽查意见。"]
    }
    decided = issuer.post(
        f"{BASE}/inspections/{inspection_id}/verdict",
        {"verdict": "fail", "comment": "签到表缺失"},
        content_type="application/json",
    )
    assert decided.json()["verdict_label"] == "不合格"
    failed = issuer.get(f"{BASE}/inspections?verdict=fail").json()
    assert failed["count"] == 1
    assert client_for(roles["admin_a"]).get(f"{BASE}/inspections").json()["count"] == 1
    assert client_for(roles["member_a"]).get(f"{BASE}/inspections").status_code == 403

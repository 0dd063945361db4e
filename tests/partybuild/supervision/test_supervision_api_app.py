"""What the member app's 督查 screens read beyond the basic lists: the 待处理 filter (what waits
for the caller on either side), a task's own assignments and its detail, the attachments'
kind and size, and the status history of an assignment over two rounds."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from partybuild.supervision.models import InspectionAssignment
from partybuild.supervision.services import (
    inspection_response_return,
    inspection_response_submit,
    inspection_task_create,
    inspection_task_issue,
)
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

BASE = "/api/app/supervision"


def _task(tree, subject="三会一课落实情况", targets=None):
    task = inspection_task_create(
        issuer=tree["general"],
        subject=subject,
        requirements="上传会议记录",
        deadline=datetime.date(2999, 12, 31),
        actor=None,
    )
    return inspection_task_issue(
        task=task, targets=targets or [tree["first"], tree["second"]], actor=None
    )


def _assignment(task, organisation):
    return InspectionAssignment.objects.get(task=task, organisation=organisation)


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "red").save(buffer, format="PNG")
    return SimpleUploadedFile("现场照片.png", buffer.getvalue(), content_type="image/png")


def _subjects(client, query):
    return [
        (item["subject"], item["organisation"])
        for item in client.get(f"{BASE}/assignments?{query}").json()["items"]
    ]


def test_todo_is_what_waits_for_each_side(roles, tree):
    task = _task(tree)
    other = _task(tree, subject="党费收缴自查")
    inspection_response_submit(
        assignment=_assignment(task, tree["second"]), response="已落实", actor=None
    )
    inspection_response_submit(
        assignment=_assignment(other, tree["first"]), response="已自查", actor=None
    )
    branch, issuer = client_for(roles["admin_a"]), client_for(roles["admin_parent"])

    # The branch answers its open assignments; what it answered waits for the issuer.
    assert _subjects(branch, "todo=true") == [("三会一课落实情况", "一支部")]
    assert _subjects(issuer, "todo=true") == [
        ("党费收缴自查", "一支部"),
        ("三会一课落实情况", "二支部"),
    ]
    assert client_for(roles["superuser"]).get(f"{BASE}/assignments?todo=true").json()["count"] == 4
    assert len(_subjects(branch, "")) == 2


def test_a_tasks_assignments_and_detail(roles, tree):
    task = _task(tree)
    _task(tree, subject="另一项任务")
    issuer = client_for(roles["admin_parent"])
    assert sorted(_subjects(issuer, f"task_id={task.pk}")) == [
        ("三会一课落实情况", "一支部"),
        ("三会一课落实情况", "二支部"),
    ]
    detail = issuer.get(f"{BASE}/tasks/{task.pk}").json()
    assert detail["requirements"] == "上传会议记录"
    assert (detail["target_count"], detail["pending_count"]) == (2, 2)
    assert detail["issued_at"]
    assert client_for(roles["admin_a"]).get(f"{BASE}/tasks/{task.pk}").status_code == 404


def test_photo_attachment_and_history_over_two_rounds(roles, tree):
    task = _task(tree, targets=[tree["first"]])
    first = _assignment(task, tree["first"])
    branch, issuer = client_for(roles["admin_a"]), client_for(roles["admin_parent"])

    uploaded = branch.post(f"{BASE}/assignments/{first.pk}/attachments", {"file": _png()})
    assert uploaded.status_code == 200
    (photo,) = uploaded.json()["attachments"]
    assert photo["is_image"] is True and photo["size"] > 0
    assert branch.get(photo["url"]).status_code == 200

    inspection_response_submit(assignment=first, response="第一次", actor=roles["admin_a"])
    inspection_response_return(assignment=first, actor=roles["admin_parent"], comment="缺签到表")
    branch.post(
        f"{BASE}/assignments/{first.pk}/response",
        {"response": "已补充"},
        content_type="application/json",
    )
    issuer.post(
        f"{BASE}/assignments/{first.pk}/accept",
        {"comment": "材料齐全"},
        content_type="application/json",
    )
    history = branch.get(f"{BASE}/assignments/{first.pk}").json()["history"]
    assert [(event["label"], event["comment"]) for event in history] == [
        ("下发", ""),
        ("反馈", ""),
        ("退回", "缺签到表"),
        ("反馈", ""),
        ("通过", "材料齐全"),
    ]
    assert history[0]["actor"] == tree["general"].name
    assert history[2]["actor"] == str(roles["admin_parent"])

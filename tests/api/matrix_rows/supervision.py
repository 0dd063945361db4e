"""Matrix rows of 党建督查 (partybuild/supervision/api.py): a task of 一总支 (admin_parent) issued
to 一支部 (admin_a) and 二支部; members are refused, the wrong side is 403, outside scope 404."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.matrix import Case, expect

ADMINS = expect(member_a=403, member_b=403, admin_a=200, admin_parent=200, superuser=200)
TARGET_SIDE = expect(member_a=403, member_b=403, admin_a=200, admin_parent=403, superuser=200)
ISSUER_SIDE = expect(member_a=403, member_b=403, admin_a=403, admin_parent=200, superuser=200)


def _issued(ctx):
    from partybuild.supervision.models import InspectionAssignment
    from partybuild.supervision.services import inspection_task_create, inspection_task_issue

    task = inspection_task_create(
        issuer=ctx.tree["general"],
        subject="三会一课落实情况",
        requirements="上传会议记录",
        deadline=datetime.date(2026, 12, 31),
        actor=None,
    )
    inspection_task_issue(task=task, targets=[ctx.tree["first"], ctx.tree["second"]], actor=None)
    ctx.objects["first"] = InspectionAssignment.objects.get(
        task=task, organisation=ctx.tree["first"]
    )
    ctx.objects["second"] = InspectionAssignment.objects.get(
        task=task, organisation=ctx.tree["second"]
    )


def _submitted(ctx):
    from partybuild.supervision.services import inspection_response_submit

    _issued(ctx)
    inspection_response_submit(assignment=ctx.objects["first"], response="已落实", actor=None)


def _closed_meeting(ctx):
    """A closed meeting of 二支部: outside admin_a's subtree, inside admin_parent's."""
    from django.utils import timezone

    from partybuild.orglife.models import Meeting

    start = timezone.now() - datetime.timedelta(days=3)
    ctx.objects["meeting"] = Meeting.objects.create(
        kind="branch_assembly",
        organisation=ctx.tree["second"],
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="会议室",
        topic="支部党员大会",
        status="closed",
        minutes="会议记录",
    )


def _drawn(ctx):
    from partybuild.supervision.services import meeting_inspection_draw

    _closed_meeting(ctx)
    (ctx.objects["inspection"],) = meeting_inspection_draw(
        user=None, organisation=ctx.tree["second"], count=1
    )


def _path(name: str, suffix: str = ""):
    return lambda ctx: f"/api/app/supervision/assignments/{ctx.objects[name].pk}{suffix}"


ROWS = {
    "inspection_assignment_list": Case(
        "get", "/api/app/supervision/assignments", ADMINS, setup=_issued
    ),
    "inspection_assignment_detail": Case(
        "get",
        _path("second"),
        expect(member_a=403, member_b=403, admin_a=404, admin_parent=200, superuser=200),
        setup=_issued,
    ),
    "inspection_response_submit": Case(
        "post",
        _path("first", "/response"),
        TARGET_SIDE,
        body={"response": "已按要求落实"},
        setup=_issued,
    ),
    "inspection_attachment_upload": Case(
        "post",
        _path("first", "/attachments"),
        TARGET_SIDE,
        body=lambda ctx: {"file": SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4")},
        setup=_issued,
        multipart=True,
    ),
    "inspection_task_list": Case("get", "/api/app/supervision/tasks", ADMINS, setup=_issued),
    "inspection_task_detail": Case(
        "get",
        lambda ctx: f"/api/app/supervision/tasks/{ctx.objects['first'].task_id}",
        expect(member_a=403, member_b=403, admin_a=404, admin_parent=200, superuser=200),
        setup=_issued,
    ),
    "inspection_response_accept": Case(
        "post", _path("first", "/accept"), ISSUER_SIDE, body={}, setup=_submitted
    ),
    "inspection_response_return": Case(
        "post",
        _path("first", "/return"),
        ISSUER_SIDE,
        body={"comment": "缺少签到表"},
        setup=_submitted,
    ),
    "meeting_inspection_list": Case(
        "get", "/api/app/supervision/inspections", ADMINS, setup=_drawn
    ),
    "meeting_inspection_draw": Case(
        "post",
        "/api/app/supervision/inspections/draw",
        expect(member_a=403, member_b=403, admin_a=404, admin_parent=201, superuser=201),
        body=lambda ctx: {"organisation_id": ctx.tree["second"].pk, "count": 1},
        setup=_closed_meeting,
    ),
    "meeting_inspection_verdict": Case(
        "post",
        lambda ctx: f"/api/app/supervision/inspections/{ctx.objects['inspection'].pk}/verdict",
        expect(member_a=403, member_b=403, admin_a=404, admin_parent=200, superuser=200),
        body={"verdict": "pass"},
        setup=_drawn,
    ),
}

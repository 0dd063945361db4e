"""App API: 党建督查 — for administrators only: the supervision tasks their organisations issued
(with counts), the tasks their branches must answer, responding with text and attachments, and
accepting or returning a response (the same services and rules as the admin).

Members are refused (403); an assignment outside the caller's subtree is 404; the wrong side of
an assignment (the issuer answering, the branch reviewing) is 403. 随机抽查: drawing closed
meetings of the caller's subtree, reading their records and recording the verdict."""

import datetime
from pathlib import PurePosixPath

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field
from wagtail.models import ModelLogEntry

from partybuild.api.access import require_administrator
from partybuild.models import User
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.selectors.roles import scope_q
from partybuild.supervision import selectors as selectors
from partybuild.supervision import services as services
from partybuild.supervision.models import (
    AssignmentStatus,
    InspectionAssignment,
    InspectionVerdict,
    MeetingInspection,
)
from partybuild.supervision.selectors import (
    user_is_issuer_side,
    user_is_target_side,
)
from partybuild.uploads import IMAGE_EXTENSIONS
from partysite.api.errors import error_responses
from partysite.api.pagination import AppPagination, Mapped
from partysite.api.types import IdField, ObjectId

router = Router(tags=["党建督查"])


class InspectionAttachmentOut(Schema):
    id: int
    title: str
    url: str = Field(description="文件地址（须带登录令牌请求）")
    size: int = Field(description="字节数")
    is_image: bool = Field(description="图片（jpg、png 等），可直接预览")


class AssignmentEventOut(Schema):
    action: str = Field(description="issue 下发 / submit 反馈 / accept 通过 / return 退回")
    label: str
    at: datetime.datetime
    actor: str | None = Field(description="操作人（下发时为下发党组织）；系统操作为空")
    comment: str = Field(description="审核意见（通过或退回时）")


class AssignmentOut(Schema):
    id: int
    task_id: int
    subject: str
    issuer: str
    deadline: datetime.date
    organisation_id: int
    organisation: str
    status: str
    status_label: str
    is_overdue: bool
    submitted_at: datetime.datetime | None
    review_comment: str
    attachment_count: int


class AssignmentDetailOut(AssignmentOut):
    requirements: str
    response: str
    reviewed_at: datetime.datetime | None
    attachments: list[InspectionAttachmentOut]
    history: list[AssignmentEventOut] = Field(
        description="状态记录：下发、每次反馈和审核，按时间先后"
    )
    may_respond: bool = Field(description="本人可以反馈（待反馈或已退回，且为被督查方）")
    may_review: bool = Field(description="本人可以审核（已反馈，且为下发方）")


class InspectionTaskOut(Schema):
    id: int
    subject: str
    issuer_id: int
    issuer: str
    deadline: datetime.date
    status: str
    status_label: str
    target_count: int
    pending_count: int
    submitted_count: int
    accepted_count: int
    overdue_count: int


class InspectionTaskDetailOut(InspectionTaskOut):
    requirements: str
    issued_at: datetime.datetime | None


class AssignmentQuery(Schema):
    status: AssignmentStatus | None = Field(None, description="状态")
    overdue: bool | None = Field(None, description="true：只看逾期未通过的")
    todo: bool | None = Field(
        None,
        description="true：只看待本人处理的（本人为被督查方时待反馈或已退回的，"
        "本人为下发方时已反馈待审核的）",
    )
    task_id: IdField | None = Field(None, description="只看某一督查任务的反馈")


class ResponseIn(Schema):
    response: str = Field(..., min_length=1, max_length=20000, description="反馈内容")


class ReviewIn(Schema):
    comment: str = Field("", max_length=2000, description="审核意见（退回时必填）")


def assignment_data(assignment: InspectionAssignment) -> dict:
    return {
        "id": assignment.pk,
        "task_id": assignment.task_id,
        "subject": assignment.task.subject,
        "issuer": assignment.task.issuer.name,
        "deadline": assignment.task.deadline,
        "organisation_id": assignment.organisation_id,
        "organisation": assignment.organisation.name,
        "status": assignment.status,
        "status_label": assignment.get_status_display(),
        "is_overdue": assignment.is_overdue,
        "submitted_at": assignment.submitted_at,
        "review_comment": assignment.review_comment,
        "attachment_count": assignment.attachment_count,
    }


def _todo_q(user: User) -> Q:
    """Assignments waiting for ``user``: to answer on the target side (待反馈, 已退回), to review
    on the issuer side (已反馈); the rules of user_is_target_side / user_is_issuer_side in SQL."""
    open_states = Q(status__in=[AssignmentStatus.PENDING, AssignmentStatus.RETURNED])
    submitted = Q(status=AssignmentStatus.SUBMITTED)
    if user.is_superuser:
        return open_states | submitted
    issuer_side = scope_q(user=user, lookup="task__issuer")
    return (open_states & ~issuer_side) | (submitted & issuer_side)


_EVENT_ACTIONS = {
    "partybuild.inspection.submit": ("submit", "反馈"),
    "partybuild.inspection.accept": ("accept", "通过"),
    "partybuild.inspection.return": ("return", "退回"),
}


def _history(assignment: InspectionAssignment) -> list[dict]:
    """下发 (the task's issue), then each 反馈, 通过 and 退回 of the assignment's audit trail."""
    events = []
    if assignment.task.issued_at:
        events.append(
            {
                "action": "issue",
                "label": "下发",
                "at": assignment.task.issued_at,
                "actor": assignment.task.issuer.name,
                "comment": "",
            }
        )
    entries = (
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(InspectionAssignment),
            object_id=str(assignment.pk),
            action__in=list(_EVENT_ACTIONS),
        )
        .select_related("user")
        .order_by("timestamp", "pk")
    )
    entries = list(entries)
    for index, entry in enumerate(entries):
        action, label = _EVENT_ACTIONS[entry.action]
        comment = (entry.data or {}).get("comment", "")
        if action == "accept" and index == len(entries) - 1:
            comment = assignment.review_comment
        events.append(
            {
                "action": action,
                "label": label,
                "at": entry.timestamp,
                "actor": str(entry.user) if entry.user else None,
                "comment": comment,
            }
        )
    return events


def _attachment_data(attachment) -> dict:
    document = attachment.document
    extension = PurePosixPath(document.file.name).suffix.lower().lstrip(".")
    return {
        "id": attachment.pk,
        "title": document.title,
        "url": document.url,
        "size": document.size,
        "is_image": extension in IMAGE_EXTENSIONS,
    }


def _detail(request, assignment_id: int) -> dict:
    assignment = get_object_or_404(
        selectors.inspection_assignment_list(user=request.user).prefetch_related(
            "attachments__document"
        ),
        pk=assignment_id,
    )
    user = request.user
    open_states = (AssignmentStatus.PENDING, AssignmentStatus.RETURNED)
    return {
        **assignment_data(assignment),
        "requirements": assignment.task.requirements,
        "response": assignment.response,
        "reviewed_at": assignment.reviewed_at,
        "attachments": [_attachment_data(a) for a in assignment.attachments.all()],
        "history": _history(assignment),
        "may_respond": assignment.status in open_states
        and user_is_target_side(user=user, assignment=assignment),
        "may_review": assignment.status == AssignmentStatus.SUBMITTED
        and user_is_issuer_side(user=user, assignment=assignment),
    }


def task_data(task) -> dict:
    return {
        "id": task.pk,
        "subject": task.subject,
        "issuer_id": task.issuer_id,
        "issuer": task.issuer.name,
        "deadline": task.deadline,
        "status": task.status,
        "status_label": task.get_status_display(),
        "target_count": task.target_count,
        "pending_count": task.pending_count,
        "submitted_count": task.submitted_count,
        "accepted_count": task.accepted_count,
        "overdue_count": task.overdue_count,
    }


def _visible(request, assignment_id: int) -> InspectionAssignment:
    require_administrator(request.user, "supervision.change_inspectiontask")
    return get_object_or_404(
        selectors.inspection_assignment_list(user=request.user), pk=assignment_id
    )


@router.get(
    "assignments",
    response={200: list[AssignmentOut], **error_responses(403)},
    summary="督查任务反馈列表（本人管理的党支部）",
)
@paginate(AppPagination)
def inspection_assignment_list(request, query: Query[AssignmentQuery]):
    require_administrator(request.user, "supervision.view_inspectiontask")
    assignments = selectors.inspection_assignment_list(
        user=request.user, status=query.status, overdue=query.overdue, task_id=query.task_id
    )
    if query.todo:
        assignments = assignments.filter(_todo_q(request.user))
    return Mapped(assignments, assignment_data)


@router.get(
    "assignments/{assignment_id}",
    response={200: AssignmentDetailOut, **error_responses(403, 404)},
    summary="督查任务反馈详情",
)
def inspection_assignment_detail(request, assignment_id: ObjectId):
    require_administrator(request.user, "supervision.view_inspectiontask")
    return _detail(request, assignment_id)


@router.post(
    "assignments/{assignment_id}/response",
    response={200: AssignmentDetailOut, **error_responses(403, 404)},
    summary="反馈督查任务（被督查党支部）",
)
def inspection_response_submit(request, assignment_id: ObjectId, payload: ResponseIn):
    assignment = _visible(request, assignment_id)
    services.inspection_response_submit(
        assignment=assignment, response=payload.response, actor=request.user
    )
    return _detail(request, assignment_id)


@router.post(
    "assignments/{assignment_id}/attachments",
    response={200: AssignmentDetailOut, **error_responses(403, 404)},
    summary="为督查反馈上传附件",
    description=(
        "multipart/form-data，字段 file；PDF、Word、Excel 或图片；反馈前（待反馈或已退回）上传。"
    ),
)
def inspection_attachment_upload(request, assignment_id: ObjectId, file: File[UploadedFile]):
    assignment = _visible(request, assignment_id)
    services.inspection_attachment_add(assignment=assignment, file=file, actor=request.user)
    return _detail(request, assignment_id)


@router.post(
    "assignments/{assignment_id}/accept",
    response={200: AssignmentDetailOut, **error_responses(403, 404)},
    summary="通过督查反馈（下发方）",
)
def inspection_response_accept(request, assignment_id: ObjectId, payload: ReviewIn):
    assignment = _visible(request, assignment_id)
    services.inspection_response_accept(
        assignment=assignment, actor=request.user, comment=payload.comment
    )
    return _detail(request, assignment_id)


@router.post(
    "assignments/{assignment_id}/return",
    response={200: AssignmentDetailOut, **error_responses(403, 404)},
    summary="退回督查反馈（下发方，须填写审核意见）",
)
def inspection_response_return(request, assignment_id: ObjectId, payload: ReviewIn):
    assignment = _visible(request, assignment_id)
    services.inspection_response_return(
        assignment=assignment, actor=request.user, comment=payload.comment
    )
    return _detail(request, assignment_id)


@router.get(
    "tasks",
    response={200: list[InspectionTaskOut], **error_responses(403)},
    summary="本组织下发的督查任务及反馈情况",
)
@paginate(AppPagination)
def inspection_task_list(request):
    require_administrator(request.user, "supervision.view_inspectiontask")
    return Mapped(selectors.inspection_task_list(user=request.user), task_data)


@router.get(
    "tasks/{task_id}",
    response={200: InspectionTaskDetailOut, **error_responses(403, 404)},
    summary="本组织下发的一项督查任务（要求及反馈情况）",
    description="各党支部的反馈：GET assignments?task_id=。",
)
def inspection_task_detail(request, task_id: ObjectId):
    require_administrator(request.user, "supervision.view_inspectiontask")
    task = get_object_or_404(selectors.inspection_task_list(user=request.user), pk=task_id)
    return {**task_data(task), "requirements": task.requirements, "issued_at": task.issued_at}


# --- 随机抽查 -------------------------------------------------------------------------------


class MeetingInspectionOut(Schema):
    id: int
    meeting_id: int
    meeting_kind_label: str
    topic: str
    organisation: str
    starts_at: datetime.datetime
    minutes: str
    verdict: str
    verdict_label: str
    comment: str
    inspector: str | None
    inspecting_organisation: str | None = Field(
        description="抽查方：由其及上级党组织的管理员评定（被抽查党支部不能评定）"
    )
    drawn_at: datetime.datetime
    decided_at: datetime.datetime | None


class InspectionQuery(Schema):
    verdict: InspectionVerdict | None = Field(None, description="抽查结论")


class DrawIn(Schema):
    organisation_id: IdField = Field(..., description="抽查范围（本人管理的党组织）")
    count: int = Field(..., ge=1, le=50, description="抽取会议数")


class VerdictIn(Schema):
    verdict: InspectionVerdict = Field(..., description="pass 合格 / fail 不合格")
    comment: str = Field("", max_length=2000, description="抽查意见（不合格时必填）")


def inspection_data(inspection: MeetingInspection) -> dict:
    meeting = inspection.meeting
    return {
        "id": inspection.pk,
        "meeting_id": meeting.pk,
        "meeting_kind_label": meeting.get_kind_display(),
        "topic": meeting.topic,
        "organisation": meeting.organisation.name,
        "starts_at": meeting.starts_at,
        "minutes": meeting.minutes,
        "verdict": inspection.verdict,
        "verdict_label": inspection.get_verdict_display(),
        "comment": inspection.comment,
        "inspector": str(inspection.inspector) if inspection.inspector else None,
        "inspecting_organisation": (
            inspection.inspecting_organisation.name if inspection.inspecting_organisation else None
        ),
        "drawn_at": inspection.drawn_at,
        "decided_at": inspection.decided_at,
    }


@router.get(
    "inspections",
    response={200: list[MeetingInspectionOut], **error_responses(403)},
    summary="随机抽查的会议（本人管理范围）",
)
@paginate(AppPagination)
def meeting_inspection_list(request, query: Query[InspectionQuery]):
    require_administrator(request.user, "supervision.view_meetinginspection")
    return Mapped(
        selectors.meeting_inspection_list(user=request.user, verdict=query.verdict),
        inspection_data,
    )


@router.post(
    "inspections/draw",
    response={201: list[MeetingInspectionOut], **error_responses(403, 404)},
    summary="随机抽取已结束的会议",
)
def meeting_inspection_draw(request, payload: DrawIn):
    require_administrator(request.user, "supervision.change_meetinginspection")
    organisation = get_object_or_404(
        organisation_scope_for_user(user=request.user), pk=payload.organisation_id
    )
    drawn = services.meeting_inspection_draw(
        user=request.user, organisation=organisation, count=payload.count
    )
    inspections = selectors.meeting_inspection_list(user=request.user).filter(
        pk__in=[inspection.pk for inspection in drawn]
    )
    return Status(201, [inspection_data(inspection) for inspection in inspections])


@router.post(
    "inspections/{inspection_id}/verdict",
    response={200: MeetingInspectionOut, **error_responses(403, 404)},
    summary="记录会议抽查结论",
    description="只有抽查方（抽取该抽查的党组织及其上级党组织）的管理员可以评定；被抽查会议所在"
    "党支部的管理员得到 403，code 为 inspection_not_inspecting_side。",
)
def meeting_inspection_verdict(request, inspection_id: ObjectId, payload: VerdictIn):
    require_administrator(request.user, "supervision.change_meetinginspection")
    inspection = get_object_or_404(
        selectors.meeting_inspection_list(user=request.user), pk=inspection_id
    )
    services.meeting_inspection_verdict(
        inspection=inspection,
        verdict=payload.verdict,
        comment=payload.comment,
        actor=request.user,
    )
    return inspection_data(
        selectors.meeting_inspection_list(user=request.user).get(pk=inspection_id)
    )

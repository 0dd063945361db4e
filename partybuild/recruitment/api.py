"""App API: 发展党员 — a candidate's own timeline and online submissions; for administrators
the stage board and recording a step (the same services and rules as the admin)."""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from partybuild.api.access import require_administrator
from partybuild.recruitment.models import Candidate, CandidateSubmission, SubmissionKind
from partybuild.recruitment.selectors import (
    candidate_scope_for_user,
    candidate_stage,
    candidate_thought_report_due,
    candidate_timeline,
    recruitment_board,
    recruitment_reminders,
)
from partybuild.recruitment.services import (
    candidate_step_record,
    candidate_submission_attach,
    candidate_submission_create,
)
from partybuild.recruitment.steps import STAGES
from partybuild.selectors.members import member_scope_for_user
from partysite.api.errors import error_responses
from partysite.api.types import IdField, ObjectId

router = Router(tags=["发展党员"])

#: The names of the five stages (发展党员工作细则), by number.
STAGE_NAMES = {stage.number: stage.name for stage in STAGES}


class TimelineStep(Schema):
    step: int
    stage: int
    stage_name: str = Field("", description="所属阶段的名称，如「入党申请」")
    name: str
    state: str
    done_on: datetime.date | None
    due_on: datetime.date | None
    late: bool = Field(False, description="办理日期晚于应完成日期（已登记，但逾期办理）")


class SubmissionOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    submitted_at: datetime.datetime
    review: str
    review_label: str
    review_comment: str
    attachment_title: str | None = Field(None, description="附件名称")
    attachment_url: str | None = Field(None, description="附件下载地址")


class CandidateOut(Schema):
    id: int
    name: str
    organisation: str
    status: str
    status_label: str
    stage: int
    thought_report_due: bool
    timeline: list[TimelineStep]
    submissions: list[SubmissionOut]


class SubmissionIn(Schema):
    kind: SubmissionKind
    title: str = Field(..., min_length=1, max_length=200)
    content: str = Field(..., min_length=1, max_length=20000)


class StepIn(Schema):
    step: int = Field(..., ge=1, le=25)
    done_on: datetime.date
    people: list[IdField] = Field([], max_length=2, description="培养联系人或入党介绍人的党员编号")
    training_days: int | None = Field(None, ge=0, le=365)
    training_hours: int | None = Field(None, ge=0, le=10000)
    notes: str = Field("", max_length=5000)


class StepOut(Schema):
    step: int
    done_on: datetime.date


class BoardRow(Schema):
    organisation_id: int
    organisation: str
    stages: dict[int, int]
    probationary: int
    overdue: int


class ReminderOut(Schema):
    candidate_id: int
    candidate: str
    organisation: str
    step: int
    name: str
    due_on: datetime.date
    days_overdue: int


class BoardOut(Schema):
    rows: list[BoardRow]
    reminders: list[ReminderOut]


def submission_data(submission: CandidateSubmission) -> dict:
    return {
        "id": submission.pk,
        "kind": submission.kind,
        "kind_label": submission.get_kind_display(),
        "title": submission.title,
        "submitted_at": submission.submitted_at,
        "review": submission.review,
        "review_label": submission.get_review_display(),
        "review_comment": submission.review_comment,
        "attachment_title": submission.attachment.title if submission.attachment else None,
        "attachment_url": submission.attachment.url if submission.attachment else None,
    }


def candidate_data(candidate: Candidate) -> dict:
    return {
        "id": candidate.pk,
        "name": candidate.name,
        "organisation": candidate.responsible_organisation.name,
        "status": candidate.status,
        "status_label": candidate.get_status_display(),
        "stage": candidate_stage(candidate=candidate),
        "thought_report_due": candidate_thought_report_due(candidate=candidate),
        "timeline": [
            item | {"stage_name": STAGE_NAMES[item["stage"]]}
            for item in candidate_timeline(candidate=candidate)
        ],
        "submissions": [submission_data(s) for s in candidate.submissions.all()],
    }


def _with_details(queryset):
    return queryset.select_related("organisation", "member__organisation").prefetch_related(
        "steps", "submissions__attachment"
    )


def _my_candidate(user) -> Candidate:
    candidate = _with_details(Candidate.objects.filter(user=user)).first()
    if candidate is None:
        raise Http404
    return candidate


@router.get("me", response={200: CandidateOut, **error_responses(404)}, summary="我的入党进程")
def recruitment_mine(request):
    return candidate_data(_my_candidate(request.user))


@router.post(
    "me/submissions",
    response={201: SubmissionOut, **error_responses(403, 404)},
    summary="提交入党申请书或思想汇报",
)
def recruitment_submission_create(request, payload: SubmissionIn):
    submission = candidate_submission_create(
        candidate=_my_candidate(request.user),
        actor=request.user,
        kind=payload.kind,
        title=payload.title,
        content=payload.content,
    )
    return Status(201, submission_data(submission))


@router.post(
    "me/submissions/{submission_id}/attachment",
    response={200: SubmissionOut, **error_responses(403, 404)},
    summary="为入党申请书或思想汇报上传附件",
    description=(
        "multipart/form-data，字段 file；PDF、Word、Excel 或图片，不超过 20 MB；审阅后不能再修改。"
    ),
)
def recruitment_submission_attach(request, submission_id: ObjectId, file: File[UploadedFile]):
    submission = get_object_or_404(
        CandidateSubmission.objects.select_related("candidate").filter(
            candidate__user=request.user
        ),
        pk=submission_id,
    )
    submission = candidate_submission_attach(
        submission=submission, actor=request.user, attachment=file
    )
    return submission_data(submission)


@router.get(
    "board", response={200: BoardOut, **error_responses(403)}, summary="发展党员进度看板（管理员）"
)
def recruitment_board_read(request):
    require_administrator(request.user, "recruitment.view_candidate")
    return {
        "rows": [
            {
                "organisation_id": row["organisation"].pk,
                "organisation": row["organisation"].name,
                "stages": row["stages"],
                "probationary": row["probationary"],
                "overdue": row["overdue"],
            }
            for row in recruitment_board(user=request.user)
        ],
        "reminders": [
            {
                "candidate_id": item["candidate"].pk,
                "candidate": item["candidate"].name,
                "organisation": item["candidate"].responsible_organisation.name,
                "step": item["step"],
                "name": item["name"],
                "due_on": item["due_on"],
                "days_overdue": item["days_overdue"],
            }
            for item in recruitment_reminders(user=request.user)
        ],
    }


@router.get(
    "candidates/{candidate_id}",
    response={200: CandidateOut, **error_responses(403, 404)},
    summary="发展对象的进程（管理员）",
)
def recruitment_candidate_detail(request, candidate_id: ObjectId):
    require_administrator(request.user, "recruitment.view_candidate")
    return candidate_data(
        get_object_or_404(
            _with_details(candidate_scope_for_user(user=request.user)), pk=candidate_id
        )
    )


@router.post(
    "candidates/{candidate_id}/steps",
    response={201: StepOut, **error_responses(403, 404)},
    summary="登记发展步骤（管理员）",
)
def recruitment_step_create(request, candidate_id: ObjectId, payload: StepIn):
    require_administrator(request.user, "recruitment.change_candidate")
    candidate = get_object_or_404(candidate_scope_for_user(user=request.user), pk=candidate_id)
    found = member_scope_for_user(user=request.user).in_bulk(set(payload.people))
    if len(found) != len(set(payload.people)):
        raise Http404
    # in the order given, repeats kept: the service refuses a person named twice
    people = [found[pk] for pk in payload.people]
    record = candidate_step_record(
        candidate=candidate,
        step=payload.step,
        done_on=payload.done_on,
        actor=request.user,
        people=people,
        training_days=payload.training_days,
        training_hours=payload.training_hours,
        notes=payload.notes,
    )
    return Status(201, {"step": record.step, "done_on": record.done_on})

"""党建督查: create and issue inspection tasks, respond to them, and review the responses.

A higher organisation (党委 or 党总支) issues a task to 党支部 of its own subtree; each target
branch's administrators respond with text and attachments while the assignment is 待反馈 or
已退回; the issuer side accepts the response or returns it with a comment. The wrong side is
refused with PermissionDenied and the wrong state with a ValidationError of a stable code; a
refused write changes nothing. ``actor=None`` acts as the system (demo data, commands).

随机抽查 is decided by the inspecting side only (:func:`meeting_inspection_may_decide`): the
administrators whose scope covers the organisation that drew it, never those of the inspected
meeting's branch.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.core.errors import field_error, required_text
from partybuild.models import MessageKind, Organisation, OrganisationType, User
from partybuild.orglife.models import Meeting, MeetingStatus
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.selectors.roles import administrators_of, user_scope_roots
from partybuild.services.audit import audit_record
from partybuild.services.messages import message_send
from partybuild.supervision.models import (
    AssignmentStatus,
    InspectionAssignment,
    InspectionAttachment,
    InspectionTask,
    InspectionTaskStatus,
    InspectionVerdict,
    MeetingInspection,
)
from partybuild.supervision.selectors import meeting_inspection_refusal, user_is_target_side
from partybuild.uploads import upload_store_document

#: Organisation types that may issue a task (a higher organisation, docs/domain.md §1).
ISSUER_TYPES = (OrganisationType.COMMITTEE, OrganisationType.GENERAL_BRANCH)

#: At most this many files on one response.
MAX_ATTACHMENTS = 10


class InspectionVerdictRefused(PermissionDenied):
    """Someone outside the inspecting side tried to record a 随机抽查 verdict; ``code`` is the
    stable code the app API answers with (403)."""

    code = "inspection_not_inspecting_side"


def _require_issuer_side(*, actor: User | None, task: InspectionTask) -> None:
    if actor is None:
        return
    if not organisation_is_in_scope(user=actor, organisation=task.issuer):
        raise PermissionDenied(_("只有下发督查任务的党组织可以处理此操作。"))


def _administrators_of(organisation: Organisation) -> list[int]:
    """The accounts administering exactly ``organisation`` (its own secretaries)."""
    return list(administrators_of(organisations=[organisation]).values_list("pk", flat=True))


@transaction.atomic
def inspection_task_create(
    *,
    issuer: Organisation,
    subject: str,
    requirements: str,
    deadline: datetime.date,
    actor: User | None,
) -> InspectionTask:
    """A draft task of ``issuer`` (a 党委 or 党总支 the actor administers)."""
    if actor is not None and not organisation_is_in_scope(user=actor, organisation=issuer):
        raise PermissionDenied(_("您不能以该党组织的名义下发督查任务。"))
    if issuer.org_type not in ISSUER_TYPES:
        raise field_error(
            "issuer",
            _("督查任务只能由党委或党总支下发，「%(name)s」是%(type)s。"),
            "inspection_issuer_type",
            name=issuer.name,
            type=issuer.get_org_type_display(),
        )
    subject = required_text(
        subject, field="subject", message=_("请填写督查主题。"), code="required"
    )
    requirements = required_text(
        requirements, field="requirements", message=_("请填写督查要求。"), code="required"
    )
    return InspectionTask.objects.create(
        issuer=issuer,
        subject=subject[:200],
        requirements=requirements,
        deadline=deadline,
        created_by=actor,
    )


@transaction.atomic
def inspection_task_issue(
    *, task: InspectionTask, targets: Sequence[Organisation], actor: User | None
) -> InspectionTask:
    """Issue a draft task to ``targets`` (党支部 below the issuer): one 待反馈 assignment each,
    and a message to each branch's administrators."""
    task = InspectionTask.objects.select_for_update().select_related("issuer").get(pk=task.pk)
    _require_issuer_side(actor=actor, task=task)
    if task.status != InspectionTaskStatus.DRAFT:
        raise ValidationError(_("该督查任务已下发，不能再次下发。"), code="inspection_task_issued")
    targets = list({target.pk: target for target in targets}.values())
    if not targets:
        raise field_error("targets", _("请至少选择一个被督查的党支部。"), "inspection_no_targets")
    for target in targets:
        if target.pk == task.issuer_id or not target.path.startswith(task.issuer.path):
            raise field_error(
                "targets",
                _("「%(name)s」不是「%(issuer)s」的下级党组织。"),
                "inspection_target_outside",
                name=target.name,
                issuer=task.issuer.name,
            )
        if target.org_type != OrganisationType.BRANCH:
            raise field_error(
                "targets",
                _("督查任务只能下发到党支部，「%(name)s」是%(type)s。"),
                "inspection_target_type",
                name=target.name,
                type=target.get_org_type_display(),
            )
    task.status = InspectionTaskStatus.ISSUED
    task.issued_at = timezone.now()
    task.save(update_fields=["status", "issued_at"])
    InspectionAssignment.objects.bulk_create(
        [InspectionAssignment(task=task, organisation=target) for target in targets]
    )
    audit_record(
        instance=task,
        action="partybuild.inspection.issue",
        actor=actor,
        data={"targets": [target.pk for target in targets]},
    )
    for target in targets:
        message_send(
            recipients=_administrators_of(target),
            kind=MessageKind.SYSTEM,
            title=_("新的督查任务：%(subject)s") % {"subject": task.subject},
            body=_("「%(issuer)s」下发了督查任务，请于%(deadline)s前反馈。")
            % {"issuer": task.issuer.name, "deadline": task.deadline.isoformat()},
            object_type="inspection_task",
            object_id=task.pk,
        )
    return task


def _lock_assignment(assignment: InspectionAssignment) -> InspectionAssignment:
    return (
        InspectionAssignment.objects.select_for_update(of=("self",))
        .select_related("task", "task__issuer", "organisation")
        .get(pk=assignment.pk)
    )


@transaction.atomic
def inspection_response_submit(
    *,
    assignment: InspectionAssignment,
    response: str,
    actor: User | None,
    files: Iterable[UploadedFile] = (),
) -> InspectionAssignment:
    """The target branch answers (待反馈 or 已退回 → 已反馈), with optional attachments."""
    assignment = _lock_assignment(assignment)
    if actor is not None and not user_is_target_side(user=actor, assignment=assignment):
        raise PermissionDenied(_("只有被督查党支部的管理员可以反馈。"))
    if assignment.status not in (AssignmentStatus.PENDING, AssignmentStatus.RETURNED):
        raise ValidationError(
            _("该督查任务已是「%(status)s」状态，不能再反馈。"),
            code="inspection_not_open",
            params={"status": assignment.get_status_display()},
        )
    response = required_text(
        response, field="response", message=_("请填写反馈内容。"), code="required"
    )
    files = list(files)
    if len(files) + assignment.attachments.count() > MAX_ATTACHMENTS:
        raise field_error(
            "files", _("附件最多%(n)s个。"), "inspection_too_many_files", n=MAX_ATTACHMENTS
        )
    for file in files:
        document = upload_store_document(
            file=file, title=f"{assignment.task.subject}-{file.name}", user=actor, field="files"
        )
        InspectionAttachment.objects.create(assignment=assignment, document=document)
    assignment.status = AssignmentStatus.SUBMITTED
    assignment.response = response
    assignment.submitted_by = actor
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["status", "response", "submitted_by", "submitted_at"])
    audit_record(instance=assignment, action="partybuild.inspection.submit", actor=actor)
    return assignment


@transaction.atomic
def inspection_attachment_add(
    *, assignment: InspectionAssignment, file: UploadedFile, actor: User | None
) -> InspectionAttachment:
    """Attach one file to a response still being prepared (待反馈 or 已退回)."""
    assignment = _lock_assignment(assignment)
    if actor is not None and not user_is_target_side(user=actor, assignment=assignment):
        raise PermissionDenied(_("只有被督查党支部的管理员可以上传附件。"))
    if assignment.status not in (AssignmentStatus.PENDING, AssignmentStatus.RETURNED):
        raise ValidationError(
            _("该督查任务已是「%(status)s」状态，不能再上传附件。"),
            code="inspection_not_open",
            params={"status": assignment.get_status_display()},
        )
    if assignment.attachments.count() >= MAX_ATTACHMENTS:
        raise field_error(
            "file", _("附件最多%(n)s个。"), "inspection_too_many_files", n=MAX_ATTACHMENTS
        )
    document = upload_store_document(
        file=file, title=f"{assignment.task.subject}-{file.name}", user=actor, field="file"
    )
    return InspectionAttachment.objects.create(assignment=assignment, document=document)


def _require_submitted(assignment: InspectionAssignment) -> None:
    if assignment.status != AssignmentStatus.SUBMITTED:
        raise ValidationError(
            _("只有「已反馈」的督查任务可以审核，当前状态为「%(status)s」。"),
            code="inspection_not_submitted",
            params={"status": assignment.get_status_display()},
        )


@transaction.atomic
def inspection_response_accept(
    *, assignment: InspectionAssignment, actor: User | None, comment: str = ""
) -> InspectionAssignment:
    """The issuer side accepts a response (已反馈 → 已通过)."""
    assignment = _lock_assignment(assignment)
    _require_issuer_side(actor=actor, task=assignment.task)
    _require_submitted(assignment)
    assignment.status = AssignmentStatus.ACCEPTED
    assignment.review_comment = (comment or "").strip()
    assignment.reviewed_by = actor
    assignment.reviewed_at = timezone.now()
    assignment.save(update_fields=["status", "review_comment", "reviewed_by", "reviewed_at"])
    audit_record(instance=assignment, action="partybuild.inspection.accept", actor=actor)
    return assignment


@transaction.atomic
def inspection_response_return(
    *, assignment: InspectionAssignment, actor: User | None, comment: str
) -> InspectionAssignment:
    """The issuer side returns a response with a comment (已反馈 → 已退回); the branch may
    respond again."""
    assignment = _lock_assignment(assignment)
    _require_issuer_side(actor=actor, task=assignment.task)
    _require_submitted(assignment)
    comment = required_text(
        comment, field="comment", message=_("退回时请填写审核意见。"), code="required"
    )
    assignment.status = AssignmentStatus.RETURNED
    assignment.review_comment = comment
    assignment.reviewed_by = actor
    assignment.reviewed_at = timezone.now()
    assignment.save(update_fields=["status", "review_comment", "reviewed_by", "reviewed_at"])
    audit_record(
        instance=assignment,
        action="partybuild.inspection.return",
        actor=actor,
        data={"comment": comment},
    )
    message_send(
        recipients=_administrators_of(assignment.organisation),
        kind=MessageKind.SYSTEM,
        title=_("督查反馈被退回：%(subject)s") % {"subject": assignment.task.subject},
        body=_("审核意见：%(comment)s") % {"comment": comment},
        object_type="inspection_assignment",
        object_id=assignment.pk,
    )
    return assignment


# --- 随机抽查: drawing closed meetings for review of their electronic records ----------------

#: At most this many meetings per draw.
MAX_DRAW = 50


@transaction.atomic
def meeting_inspection_draw(
    *, user: User | None, organisation: Organisation, count: int
) -> list[MeetingInspection]:
    """Draw ``count`` random 已结束 meetings of ``organisation``'s subtree that were never drawn
    before, as 待评 inspections by ``user``. Fewer are drawn when fewer remain."""
    if user is not None and not organisation_is_in_scope(user=user, organisation=organisation):
        raise PermissionDenied(_("只能抽查本人管理的党组织的会议。"))
    if not 1 <= count <= MAX_DRAW:
        raise field_error(
            "count", _("抽取数量应在1至%(max)s之间。"), "inspection_draw_count", max=MAX_DRAW
        )
    meetings = list(
        Meeting.objects.filter(
            status=MeetingStatus.CLOSED, organisation__path__startswith=organisation.path
        )
        .exclude(inspections__isnull=False)
        .order_by("?")[:count]
    )
    if not meetings:
        raise field_error(
            "organisation",
            _("「%(name)s」下没有可抽查的已结束会议（或均已抽查过）。"),
            "inspection_no_meetings",
            name=organisation.name,
        )
    inspecting = organisation
    if user is not None and not user.is_superuser:
        # The inspecting side is the root of the drawer's scope that holds ``organisation``.
        covering = [
            root for root in user_scope_roots(user=user) if organisation.path.startswith(root.path)
        ]
        inspecting = covering[0] if covering else organisation
    inspections = MeetingInspection.objects.bulk_create(
        [
            MeetingInspection(meeting=meeting, inspector=user, inspecting_organisation=inspecting)
            for meeting in meetings
        ]
    )
    audit_record(
        instance=organisation,
        action="partybuild.inspection.draw",
        actor=user,
        data={"meetings": [meeting.pk for meeting in meetings]},
    )
    return inspections


@transaction.atomic
def meeting_inspection_verdict(
    *, inspection: MeetingInspection, verdict: str, comment: str = "", actor: User | None
) -> MeetingInspection:
    """Record 合格 or 不合格 (with a comment) on a 待评 inspection, as the inspecting side
    (:func:`meeting_inspection_refusal`; anyone else: InspectionVerdictRefused)."""
    inspection = (
        MeetingInspection.objects.select_for_update(of=("self",))
        .select_related("meeting__organisation", "inspecting_organisation")
        .get(pk=inspection.pk)
    )
    if actor is not None:
        refusal = meeting_inspection_refusal(user=actor, inspection=inspection)
        if refusal is not None:
            raise InspectionVerdictRefused(refusal)
    if inspection.verdict != InspectionVerdict.PENDING:
        raise ValidationError(_("该抽查已评定，不能再修改。"), code="inspection_decided")
    if verdict not in (InspectionVerdict.PASS, InspectionVerdict.FAIL):
        raise field_error("verdict", _("请选择合格或不合格。"), "inspection_verdict")
    comment = (comment or "").strip()
    if verdict == InspectionVerdict.FAIL and not comment:
        raise field_error("comment", _("评定为不合格时请填写抽查意见。"), "required")
    inspection.verdict = verdict
    inspection.comment = comment
    inspection.decided_at = timezone.now()
    if actor is not None:
        inspection.inspector = actor  # the reviewer whose verdict this is
    inspection.save(update_fields=["verdict", "comment", "decided_at", "inspector"])
    audit_record(
        instance=inspection,
        action="partybuild.inspection.verdict",
        actor=actor,
        data={"verdict": verdict},
    )
    return inspection

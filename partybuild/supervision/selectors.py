"""Reads of 党建督查, always scoped to a user: the tasks issued by organisations of the user's
subtree (with per-task counts) and the assignments of branches of the user's subtree (with the
overdue flag). Counts and flags are SQL annotations, so lists have a constant query count."""

import datetime

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.models import Organisation, OrganisationType, User
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.selectors.roles import scope_q, user_scope_paths
from partybuild.supervision.models import (
    AssignmentStatus,
    InspectionAssignment,
    InspectionTask,
    MeetingInspection,
)


def inspection_task_scope_for_user(*, user: User) -> QuerySet[InspectionTask]:
    """Tasks issued by organisations the user administers."""
    return InspectionTask.objects.filter(scope_q(user=user, lookup="issuer"))


def inspection_task_list(
    *, user: User, today: datetime.date | None = None
) -> QuerySet[InspectionTask]:
    """The user's issued tasks, each with ``target_count``, ``pending_count`` (待反馈 or
    已退回), ``submitted_count``, ``accepted_count`` and ``overdue_count``."""
    today = today or timezone.localdate()
    late = Q(deadline__lt=today) & Q(
        assignments__status__in=[
            AssignmentStatus.PENDING,
            AssignmentStatus.SUBMITTED,
            AssignmentStatus.RETURNED,
        ]
    )
    return (
        inspection_task_scope_for_user(user=user)
        .select_related("issuer", "created_by")
        .annotate(
            target_count=Count("assignments"),
            pending_count=Count(
                "assignments",
                filter=Q(
                    assignments__status__in=[AssignmentStatus.PENDING, AssignmentStatus.RETURNED]
                ),
            ),
            submitted_count=Count(
                "assignments", filter=Q(assignments__status=AssignmentStatus.SUBMITTED)
            ),
            accepted_count=Count(
                "assignments", filter=Q(assignments__status=AssignmentStatus.ACCEPTED)
            ),
            overdue_count=Count("assignments", filter=late),
        )
        .order_by("-created_at", "-pk")
    )


def inspection_assignment_scope_for_user(*, user: User) -> QuerySet[InspectionAssignment]:
    """Assignments of branches the user administers (the issuer side sees them too, as the
    targets lie in its subtree)."""
    return InspectionAssignment.objects.filter(scope_q(user=user, lookup="organisation"))


def inspection_assignment_list(
    *,
    user: User,
    status: str | None = None,
    overdue: bool | None = None,
    task_id: int | None = None,
    today: datetime.date | None = None,
) -> QuerySet[InspectionAssignment]:
    """Assignments in the user's scope, annotated ``is_overdue``; filters by status, overdue
    and task."""
    today = today or timezone.localdate()
    late = Q(task__deadline__lt=today) & ~Q(status=AssignmentStatus.ACCEPTED)
    assignments = (
        inspection_assignment_scope_for_user(user=user)
        .select_related("task", "task__issuer", "organisation", "submitted_by", "reviewed_by")
        .annotate(
            is_overdue=Case(When(late, then=Value(True)), default=Value(False)),
            attachment_count=Count("attachments"),
        )
    )
    if status:
        assignments = assignments.filter(status=status)
    if overdue is not None:
        assignments = assignments.filter(late) if overdue else assignments.exclude(late)
    if task_id:
        assignments = assignments.filter(task_id=task_id)
    return assignments.order_by("task__deadline", "organisation__path", "pk")


def inspection_assignment_is_overdue(
    *, assignment: InspectionAssignment, today: datetime.date | None = None
) -> bool:
    """The same rule as the annotation, for one loaded assignment."""
    today = today or timezone.localdate()
    return assignment.task.deadline < today and assignment.status != AssignmentStatus.ACCEPTED


def meeting_inspection_list(
    *, user: User, verdict: str | None = None
) -> QuerySet[MeetingInspection]:
    """随机抽查 of meetings of the user's subtree, newest draw first."""
    inspections = MeetingInspection.objects.filter(
        scope_q(user=user, lookup="meeting__organisation")
    ).select_related("meeting", "meeting__organisation", "inspector", "inspecting_organisation")
    if verdict:
        inspections = inspections.filter(verdict=verdict)
    return inspections.order_by("-drawn_at", "-pk")


def user_is_target_side(*, user: User, assignment: InspectionAssignment) -> bool:
    """Whether ``user`` administers the target branch without being on the issuing side (a
    superuser is both)."""
    if user.is_superuser:
        return True
    return organisation_is_in_scope(
        user=user, organisation=assignment.organisation
    ) and not organisation_is_in_scope(user=user, organisation=assignment.task.issuer)


def user_is_issuer_side(*, user: User, assignment: InspectionAssignment) -> bool:
    return organisation_is_in_scope(user=user, organisation=assignment.task.issuer)


def inspection_task_target_choices(*, issuer: Organisation):
    """The organisations a task of ``issuer`` may go to: the 党支部 of its subtree."""
    return Organisation.objects.filter(
        path__startswith=issuer.path, org_type=OrganisationType.BRANCH
    ).exclude(pk=issuer.pk)


def meeting_inspection_refusal(*, user: User, inspection: MeetingInspection) -> str | None:
    """Why ``user`` may not record the verdict of ``inspection`` (None: they may).

    Allowed: a superuser, or an administrator whose scope covers the inspecting organisation
    (for inspections drawn before it was recorded: the meeting's organisation) and who does not
    administer the inspected meeting's branch or anything inside it.
    """
    if not user.is_authenticated or not user.is_active:
        return _("请先登录。")
    if user.is_superuser:
        return None
    meeting_organisation = inspection.meeting.organisation
    inspected = _inspected_unit(meeting_organisation)
    inspecting = inspection.inspecting_organisation
    if any(path.startswith(inspected.path) for path in user_scope_paths(user=user) or []):
        if inspecting is None or inspecting.path.startswith(inspected.path):
            return _(
                "被抽查的「%(inspected)s」的管理员不能评定本组织会议的抽查结论，须由上级党组织评定。"
            ) % {"inspected": inspected.name}
        return _(
            "被抽查的「%(inspected)s」的管理员不能评定本组织会议的抽查结论，"
            "须由抽查方「%(side)s」评定。"
        ) % {"inspected": inspected.name, "side": inspecting.name}
    if not organisation_is_in_scope(user=user, organisation=inspecting or meeting_organisation):
        if inspecting is None:
            return _("只能评定本人管理的党组织的会议。")
        return _("只有抽查方「%(side)s」及其上级党组织的管理员可以评定该抽查。") % {
            "side": inspecting.name
        }
    return None


def meeting_inspection_may_decide(*, user: User, inspection: MeetingInspection) -> bool:
    """Whether ``user`` is on the inspecting side of ``inspection`` (see
    :func:`meeting_inspection_refusal`)."""
    return meeting_inspection_refusal(user=user, inspection=inspection) is None


def _inspected_unit(organisation: Organisation) -> Organisation:
    """The organisation whose meeting was drawn, as the inspected side: a 党小组's branch."""
    if organisation.org_type == OrganisationType.GROUP:
        parent = organisation.get_parent()
        if parent is not None:
            return parent
    return organisation

"""民主评议党员 (docs/domain.md §5): an annual round per branch whose grades land in each member's
dossier (DemocraticEvaluation, one per member and year)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.models import (
    DemocraticEvaluation,
    EvaluationGrade,
    Organisation,
    OrganisationType,
    User,
)
from partybuild.orglife.models import Meeting, MeetingKind
from partybuild.orglife.selectors.evaluations import evaluation_round_members
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.services.audit import audit_record


@transaction.atomic
def evaluation_round_record(
    *,
    organisation: Organisation,
    year: int,
    grades: dict[int, str],
    actor: User | None,
    meeting: Meeting | None = None,
) -> int:
    """Record (or correct) the grades of one year's round in a branch; returns how many were
    written. Members outside the branch are refused; ``meeting`` is the round's 民主评议党员
    meeting of that year, if the caller links one (its topic goes into the remarks)."""
    if actor is not None and not organisation_is_in_scope(user=actor, organisation=organisation):
        raise PermissionDenied(_("您无权登记该党组织的民主评议结果。"))
    if organisation.org_type != OrganisationType.BRANCH:
        raise ValidationError(
            {"organisation": ValidationError(_("民主评议以党支部为单位进行。"), code="not_branch")}
        )
    if not 2000 <= year <= timezone.localdate().year:
        raise ValidationError({"year": ValidationError(_("年度不正确。"), code="year_invalid")})
    if not grades:
        raise ValidationError({"grades": ValidationError(_("请填写评议等次。"), code="required")})
    if set(grades.values()) - set(EvaluationGrade.values):
        raise ValidationError(
            {"grades": ValidationError(_("评议等次不正确。"), code="grade_invalid")}
        )
    members = set(
        evaluation_round_members(organisation=organisation)
        .filter(pk__in=grades)
        .values_list("pk", flat=True)
    )
    if members != set(grades):
        raise ValidationError(
            {
                "grades": ValidationError(
                    _("只能评议本支部在册的党员。"), code="member_outside_branch"
                )
            }
        )
    remarks = ""
    if meeting is not None:
        if (
            meeting.organisation_id != organisation.pk
            or meeting.kind != MeetingKind.EVALUATION
            or timezone.localtime(meeting.starts_at).year != year
        ):
            raise ValidationError(
                {
                    "meeting": ValidationError(
                        _("请选择本支部当年的民主评议党员会议。"), code="meeting_mismatch"
                    )
                }
            )
        remarks = _("评议会议：%(topic)s") % {"topic": meeting.topic}
    existing = {
        row.member_id: row
        for row in DemocraticEvaluation.objects.select_for_update().filter(
            member_id__in=members, year=year
        )
    }
    new, changed = [], []
    for member_id, grade in grades.items():
        row = existing.get(member_id)
        if row is None:
            new.append(
                DemocraticEvaluation(member_id=member_id, year=year, grade=grade, remarks=remarks)
            )
        elif row.grade != grade or (remarks and row.remarks != remarks):
            row.grade = grade
            row.remarks = remarks or row.remarks
            changed.append(row)
    DemocraticEvaluation.objects.bulk_create(new)
    DemocraticEvaluation.objects.bulk_update(changed, ["grade", "remarks"])
    audit_record(
        instance=organisation,
        action="partybuild.evaluation.record",
        actor=actor,
        data={"year": year, "members": len(grades)},
    )
    return len(new) + len(changed)

"""Writes of the 积分 ledger. Awards are idempotent: the ledger's unique constraint on
(member, source_type, source_id, reason_kind) means the same thing never pays twice."""

from django.db import IntegrityError, transaction

from partybuild.memberservices.models import PointsEntry, PointsReason
from partybuild.models import Member

#: Points a 微心得 earns when the reviewer gives none (the seed's table shows 10 for most rows).
EXPERIENCE_DEFAULT_POINTS = 10
#: Points the claimer earns when the branch confirms a 微心愿 fulfilled (a project default).
WISH_COMPLETED_POINTS = 20


@transaction.atomic
def points_award(
    *,
    member: Member,
    points: int,
    reason_kind: PointsReason | str,
    reason: str,
    source_type: str,
    source_id: int,
) -> tuple[PointsEntry, bool]:
    """Record an award once; returns (entry, created). A second award for the same source and
    kind returns the existing entry unchanged (created=False)."""
    lookup = {
        "member": member,
        "source_type": source_type,
        "source_id": source_id,
        "reason_kind": reason_kind,
    }
    existing = PointsEntry.objects.filter(**lookup).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            entry = PointsEntry.objects.create(points=points, reason=str(reason)[:255], **lookup)
    except IntegrityError:
        # A concurrent award for the same source won the race.
        return PointsEntry.objects.get(**lookup), False
    return entry, True

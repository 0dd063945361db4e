"""Schemas of transfers and change requests, shared by 我的 (the member's own) and the
administrators' routers. Phone numbers in change requests are masked like everywhere else."""

import datetime

from ninja import Schema

from partybuild.core.privacy import mask_identifier
from partybuild.models import MemberChangeRequest, Transfer
from partybuild.selectors.change_requests import MASKED_FIELDS, change_request_field_label


class TransferEnd(Schema):
    organisation_id: int | None
    name: str


class TransferOut(Schema):
    id: int
    member_id: int
    member_name: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    from_end: TransferEnd
    to_end: TransferEnd
    letter_number: str
    reason: str
    left_on: datetime.date | None
    arrived_on: datetime.date | None
    letter_valid_until: datetime.date | None
    dues_paid_until: str | None
    is_expired: bool
    decision_reason: str
    started_at: datetime.datetime
    decided_at: datetime.datetime | None


def _end(organisation, external: str) -> dict:
    if organisation is not None:
        return {"organisation_id": organisation.pk, "name": organisation.name}
    return {"organisation_id": None, "name": external or ""}


def transfer_data(transfer: Transfer) -> dict:
    """TransferOut fields (select member, from_organisation, to_organisation). ``status`` is the
    status as it stands today: a lapsed letter reads ``expired`` (docs/domain.md §6)."""
    return {
        "id": transfer.pk,
        "member_id": transfer.member_id,
        "member_name": transfer.member.name,
        "kind": transfer.kind,
        "kind_label": transfer.get_kind_display(),
        "status": transfer.current_status,
        "status_label": transfer.get_current_status_display(),
        "from_end": _end(transfer.from_organisation, transfer.external_organisation),
        "to_end": _end(transfer.to_organisation, transfer.external_organisation),
        "letter_number": transfer.letter_number,
        "reason": transfer.reason,
        "left_on": transfer.left_on,
        "arrived_on": transfer.arrived_on,
        "letter_valid_until": transfer.letter_valid_until,
        "dues_paid_until": (
            f"{transfer.dues_paid_until:%Y-%m}" if transfer.dues_paid_until else None
        ),
        "is_expired": transfer.is_expired,
        "decision_reason": transfer.decision_reason,
        "started_at": transfer.started_at,
        "decided_at": transfer.decided_at,
    }


class FieldChange(Schema):
    field: str
    label: str
    before: str
    requested: str


class ChangeRequestOut(Schema):
    id: int
    member_id: int
    member_name: str
    status: str
    status_label: str
    changes: list[FieldChange]
    decision_reason: str
    requested_at: datetime.datetime
    decided_at: datetime.datetime | None


def _shown(field: str, value) -> str:
    value = "" if value is None else str(value)
    if field in MASKED_FIELDS:
        return mask_identifier(value, kind=MASKED_FIELDS[field])
    return value


def change_request_data(change_request: MemberChangeRequest) -> dict:
    """ChangeRequestOut fields (select member). ``before`` is the value replaced on approval,
    or the dossier's current value while the request waits."""
    member = change_request.member
    approved = change_request.status == "approved"
    return {
        "id": change_request.pk,
        "member_id": member.pk,
        "member_name": member.name,
        "status": change_request.status,
        "status_label": change_request.get_status_display(),
        "changes": [
            {
                "field": field,
                "label": change_request_field_label(field),
                "before": _shown(
                    field,
                    change_request.previous.get(field, "")
                    if approved
                    else getattr(member, field, ""),
                ),
                "requested": _shown(field, value),
            }
            for field, value in change_request.changes.items()
        ],
        "decision_reason": change_request.decision_reason,
        "requested_at": change_request.requested_at,
        "decided_at": change_request.decided_at,
    }

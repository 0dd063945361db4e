"""App API: 组织关系转接 for administrators — list, start, accept, return, revoke.

A transfer is visible when either end is in the caller's subtree (else 404); the services refuse
the wrong side with 403 and wrong states with 422 and a stable code.
"""

import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from partybuild.api.access import require_administrator
from partybuild.api.errors import error_responses
from partybuild.api.pagination import AppPagination, Mapped
from partybuild.api.record_schemas import TransferOut, transfer_data
from partybuild.api.types import IdField, ObjectId
from partybuild.models import Organisation, TransferStatus
from partybuild.selectors.members import member_scope_for_user
from partybuild.selectors.transfers import (
    transfer_incoming_pending,
    transfer_list,
    transfer_outgoing_pending,
)
from partybuild.services.transfers import (
    transfer_accept,
    transfer_return,
    transfer_revoke,
    transfer_start,
)

router = Router(tags=["组织关系转接"])


class TransferFilters(Schema):
    status: Literal[tuple(TransferStatus.values)] | None = Field(None, description="状态")
    direction: Literal["incoming", "outgoing"] | None = Field(
        None, description="incoming：待我接收；outgoing：我发起待对方接收"
    )


class TransferStartIn(Schema):
    member_id: IdField
    to_organisation_id: IdField
    reason: str = Field("", max_length=200)
    letter_number: str = Field("", max_length=100)
    left_on: datetime.date | None = None


class ReasonIn(Schema):
    reason: str = Field("", max_length=2000)


class AcceptIn(Schema):
    arrived_on: datetime.date | None = None


def _visible(user):
    return transfer_list(user=user).select_related("member", "from_organisation", "to_organisation")


def _get(user, transfer_id: int):
    return get_object_or_404(_visible(user), pk=transfer_id)


@router.get("", response={200: list[TransferOut], **error_responses(403)}, summary="组织关系转接")
@paginate(AppPagination)
def transfer_list_managed(request, filters: Query[TransferFilters]):
    require_administrator(request.user)
    if filters.direction == "incoming":
        transfers = transfer_incoming_pending(user=request.user)
    elif filters.direction == "outgoing":
        transfers = transfer_outgoing_pending(user=request.user)
    else:
        transfers = transfer_list(user=request.user)
    if filters.status:
        transfers = transfers.filter(status=filters.status)
    transfers = transfers.select_related("member", "from_organisation", "to_organisation")
    return Mapped(transfers.order_by("-started_at", "-pk"), transfer_data)


@router.get(
    "{transfer_id}", response={200: TransferOut, **error_responses(403, 404)}, summary="转接详情"
)
def transfer_detail(request, transfer_id: ObjectId):
    require_administrator(request.user)
    return transfer_data(_get(request.user, transfer_id))


@router.post(
    "",
    response={201: TransferOut, **error_responses(403, 404)},
    summary="发起系统内组织关系转接",
)
def transfer_create(request, payload: TransferStartIn):
    require_administrator(request.user)
    member = get_object_or_404(member_scope_for_user(user=request.user), pk=payload.member_id)
    to_organisation = get_object_or_404(Organisation, pk=payload.to_organisation_id)
    transfer = transfer_start(
        member=member,
        to_organisation=to_organisation,
        actor=request.user,
        reason=payload.reason,
        letter_number=payload.letter_number,
        left_on=payload.left_on,
    )
    return Status(201, transfer_data(_get(request.user, transfer.pk)))


@router.post(
    "{transfer_id}/accept",
    response={200: TransferOut, **error_responses(403, 404)},
    summary="接收转接（转入方）",
)
def transfer_accept_one(request, transfer_id: ObjectId, payload: AcceptIn):
    require_administrator(request.user)
    transfer = transfer_accept(
        transfer=_get(request.user, transfer_id),
        actor=request.user,
        arrived_on=payload.arrived_on,
    )
    return transfer_data(_get(request.user, transfer.pk))


@router.post(
    "{transfer_id}/return",
    response={200: TransferOut, **error_responses(403, 404)},
    summary="退回转接（转入方，须填写理由）",
)
def transfer_return_one(request, transfer_id: ObjectId, payload: ReasonIn):
    require_administrator(request.user)
    transfer = transfer_return(
        transfer=_get(request.user, transfer_id), actor=request.user, reason=payload.reason
    )
    return transfer_data(_get(request.user, transfer.pk))


@router.post(
    "{transfer_id}/revoke",
    response={200: TransferOut, **error_responses(403, 404)},
    summary="撤回转接（转出方，仅在对方处理前）",
)
def transfer_revoke_one(request, transfer_id: ObjectId, payload: ReasonIn):
    require_administrator(request.user)
    transfer = transfer_revoke(
        transfer=_get(request.user, transfer_id),
        actor=request.user,
        reason=payload.reason,
    )
    return transfer_data(_get(request.user, transfer.pk))

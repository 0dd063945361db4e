"""App API: 组织关系转接 for administrators — list, start, accept, return, revoke.

A transfer is visible when either end is in the caller's subtree; any other is 404, like one
that does not exist. The services decide the acting side: only the receiving end accepts or
returns, only the sending end revokes (else 403); a transfer that is no longer 待接收 is 422
with the code ``transfer_not_pending``. Field errors name the fields of the request body.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from partybuild.api.access import require_administrator
from partybuild.api.record_schemas import TransferOut, transfer_data
from partybuild.models import Organisation, Transfer, TransferKind, TransferStatus, User
from partybuild.selectors.members import member_scope_for_user
from partybuild.selectors.transfers import transfer_list, transfer_list_filtered
from partybuild.services.transfers import (
    transfer_accept,
    transfer_return,
    transfer_revoke,
    transfer_start,
)
from partysite.api.errors import error_responses
from partysite.api.pagination import AppPagination, Mapped
from partysite.api.types import IdField, ObjectId

router = Router(tags=["组织关系转接"])


@contextmanager
def fields_renamed(**names: str) -> Iterator[None]:
    """Re-raise a service's ValidationError with its fields named as in the request body
    (``to_organisation`` → ``to_organisation_id``), keeping messages and codes."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {names.get(field, field): errors for field, errors in exc.error_dict.items()}
        ) from exc


class TransferFilters(Schema):
    """Filters of the transfer list; each is optional."""

    status: Literal[tuple(TransferStatus.values)] | None = Field(None, description="状态")
    kind: Literal[tuple(TransferKind.values)] | None = Field(None, description="转接类型")
    direction: Literal["incoming", "outgoing"] | None = Field(
        None,
        description=(
            "incoming：转入我管理的组织；outgoing：从我管理的组织转出。"
            "待我接收的转接：direction=incoming&status=pending"
        ),
    )


class TransferStartIn(Schema):
    """发起系统内转接: the member (in my subtree), the receiving 党支部/党小组 and the letter."""

    member_id: IdField = Field(description="党员（须在我的管理范围内且在册）")
    to_organisation_id: IdField = Field(
        description="转入党组织（系统内的党支部或党小组，见 /api/app/orgs/transfer-targets）"
    )
    reason: str = Field("", max_length=200, description="转接原因")
    letter_number: str = Field("", max_length=100, description="介绍信编号")
    left_on: datetime.date | None = Field(None, description="转出日期")
    dues_paid_until: str | None = Field(
        None,
        pattern=r"^\d{4}-\d{2}$",
        description="党费交至（YYYY-MM），转入方从下一个月起收缴；不填则按党员的党费缴纳记录计算",
    )


class AcceptIn(Schema):
    """接收: the date the member arrived (today when left out)."""

    arrived_on: datetime.date | None = Field(None, description="转入日期，默认今天")


class ReturnIn(Schema):
    """退回: the reason the sender and the member will read."""

    reason: str = Field(..., max_length=2000, description="退回理由（必填）")


class RevokeIn(Schema):
    """撤回: an optional note."""

    reason: str = Field("", max_length=2000, description="撤回说明")


def _visible(user: User, transfer_id: int) -> Transfer:
    """The transfer if either end is in the user's subtree, else 404."""
    return get_object_or_404(transfer_list(user=user), pk=transfer_id)


def _not_found(field: str, message) -> ValidationError:
    return ValidationError({field: ValidationError(message, code="not_found")})


@router.get(
    "",
    response={200: list[TransferOut], **error_responses(403)},
    summary="组织关系转接",
    description="转出或转入我管理的党组织的转接，最新的在前。",
)
@paginate(AppPagination)
def transfer_list_managed(request, filters: Query[TransferFilters]):
    require_administrator(request.user, "partybuild.view_transfer")
    transfers = transfer_list_filtered(
        user=request.user, status=filters.status, kind=filters.kind, direction=filters.direction
    )
    return Mapped(transfers, transfer_data)


@router.get(
    "{transfer_id}", response={200: TransferOut, **error_responses(403, 404)}, summary="转接详情"
)
def transfer_detail(request, transfer_id: ObjectId):
    require_administrator(request.user, "partybuild.view_transfer")
    return transfer_data(_visible(request.user, transfer_id))


@router.post(
    "",
    response={201: TransferOut, **error_responses(403)},
    summary="发起系统内组织关系转接",
    description=(
        "党员不在我的管理范围内、或转入党组织不存在时，返回 422 并指明字段；"
        "该党员已有待接收的转接时返回 422（code：transfer_pending_exists）。"
    ),
)
def transfer_create(request, payload: TransferStartIn):
    require_administrator(request.user, "partybuild.add_transfer")
    member = (
        member_scope_for_user(user=request.user)
        .select_related("organisation")
        .filter(pk=payload.member_id)
        .first()
    )
    if member is None:
        raise _not_found("member_id", _("未找到该党员，或该党员不在您的管理范围内。"))
    to_organisation = Organisation.objects.filter(pk=payload.to_organisation_id).first()
    if to_organisation is None:
        raise _not_found("to_organisation_id", _("未找到该党组织。"))
    dues_paid_until = None
    if payload.dues_paid_until:
        try:
            dues_paid_until = datetime.datetime.strptime(payload.dues_paid_until, "%Y-%m").date()
        except ValueError as error:
            raise ValidationError(
                {
                    "dues_paid_until": ValidationError(
                        _("党费交至应为年月，如 2026-03。"), code="month_format"
                    )
                }
            ) from error
    with fields_renamed(to_organisation="to_organisation_id"):
        transfer = transfer_start(
            member=member,
            to_organisation=to_organisation,
            actor=request.user,
            reason=payload.reason,
            letter_number=payload.letter_number,
            left_on=payload.left_on,
            dues_paid_until=dues_paid_until,
        )
    return Status(201, transfer_data(transfer))


@router.post(
    "{transfer_id}/accept",
    response={200: TransferOut, **error_responses(403, 404)},
    summary="接收转接（转入方）",
    description=(
        "党员随即转入本组织。已处理的转接返回 422（code：transfer_not_pending）；"
        "介绍信已过有效期（默认开具后 90 天）或转入日期晚于有效期的，返回 422"
        "（code：transfer_letter_expired），须由转出方重新开具。"
    ),
)
def transfer_accept_one(request, transfer_id: ObjectId, payload: AcceptIn):
    require_administrator(request.user, "partybuild.change_transfer")
    transfer = transfer_accept(
        transfer=_visible(request.user, transfer_id),
        actor=request.user,
        arrived_on=payload.arrived_on,
    )
    return transfer_data(transfer)


@router.post(
    "{transfer_id}/return",
    response={200: TransferOut, **error_responses(403, 404)},
    summary="退回转接（转入方，须填写理由）",
)
def transfer_return_one(request, transfer_id: ObjectId, payload: ReturnIn):
    require_administrator(request.user, "partybuild.change_transfer")
    with fields_renamed(decision_reason="reason"):
        transfer = transfer_return(
            transfer=_visible(request.user, transfer_id),
            actor=request.user,
            reason=payload.reason,
        )
    return transfer_data(transfer)


@router.post(
    "{transfer_id}/revoke",
    response={200: TransferOut, **error_responses(403, 404)},
    summary="撤回转接（转出方，仅在对方处理前）",
)
def transfer_revoke_one(request, transfer_id: ObjectId, payload: RevokeIn):
    require_administrator(request.user, "partybuild.change_transfer")
    transfer = transfer_revoke(
        transfer=_visible(request.user, transfer_id),
        actor=request.user,
        reason=payload.reason,
    )
    return transfer_data(transfer)

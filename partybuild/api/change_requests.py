"""App API: 档案修改申请 for administrators — the requests of the members they manage, and the
decision on them.

A request of a member outside the caller's subtree is 404, like one that does not exist. The
services refuse a decision on one's own request (403) and on a request already decided (422,
code ``change_request_not_pending``). Phone numbers in the values are masked.
"""

from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from partybuild.api.access import require_administrator
from partybuild.api.record_schemas import ChangeRequestOut, change_request_data
from partybuild.api.transfers import fields_renamed
from partybuild.models import ChangeRequestStatus, MemberChangeRequest, User
from partybuild.selectors.change_requests import (
    change_request_list_for_review,
    change_request_scope_for_user,
)
from partybuild.services.change_requests import change_request_approve, change_request_reject
from partysite.api.errors import error_responses
from partysite.api.pagination import AppPagination, Mapped
from partysite.api.types import ObjectId

router = Router(tags=["档案修改申请"])


class ChangeRequestFilters(Schema):
    """Filters of the request list."""

    status: Literal[tuple(ChangeRequestStatus.values)] | None = Field(None, description="状态")


class ChangeRequestRejectIn(Schema):
    """驳回: the reason the member will read."""

    reason: str = Field(..., max_length=2000, description="驳回理由（必填）")


def _visible(user: User, request_id: int) -> MemberChangeRequest:
    """The request if its member is in the user's subtree, else 404."""
    return get_object_or_404(change_request_scope_for_user(user=user), pk=request_id)


@router.get(
    "",
    response={200: list[ChangeRequestOut], **error_responses(403)},
    summary="我管理的党员的档案修改申请（待审核在前）",
)
@paginate(AppPagination)
def change_request_list(request, filters: Query[ChangeRequestFilters]):
    require_administrator(request.user, "partybuild.view_memberchangerequest")
    requests = change_request_list_for_review(user=request.user, status=filters.status)
    return Mapped(requests, change_request_data)


@router.get(
    "{request_id}",
    response={200: ChangeRequestOut, **error_responses(403, 404)},
    summary="档案修改申请详情",
)
def change_request_detail(request, request_id: ObjectId):
    require_administrator(request.user, "partybuild.view_memberchangerequest")
    return change_request_data(_visible(request.user, request_id))


@router.post(
    "{request_id}/approve",
    response={200: ChangeRequestOut, **error_responses(403, 404)},
    summary="通过档案修改申请",
    description=(
        "申请的内容随即写入党员档案。已审核的申请返回 422（code：change_request_not_pending）。"
    ),
)
def change_request_approve_one(request, request_id: ObjectId):
    require_administrator(request.user, "partybuild.change_memberchangerequest")
    decided = change_request_approve(request=_visible(request.user, request_id), actor=request.user)
    return change_request_data(decided)


@router.post(
    "{request_id}/reject",
    response={200: ChangeRequestOut, **error_responses(403, 404)},
    summary="驳回档案修改申请",
    description="须填写驳回理由，党员可以看到。",
)
def change_request_reject_one(request, request_id: ObjectId, payload: ChangeRequestRejectIn):
    require_administrator(request.user, "partybuild.change_memberchangerequest")
    with fields_renamed(decision_reason="reason"):
        decided = change_request_reject(
            request=_visible(request.user, request_id), actor=request.user, reason=payload.reason
        )
    return change_request_data(decided)

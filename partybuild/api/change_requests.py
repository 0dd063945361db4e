"""App API: 档案修改申请 for administrators — the requests of their members; approve or reject."""

from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from partybuild.api.access import require_administrator
from partybuild.api.errors import error_responses
from partybuild.api.pagination import AppPagination, Mapped
from partybuild.api.record_schemas import ChangeRequestOut, change_request_data
from partybuild.api.types import ObjectId
from partybuild.models import ChangeRequestStatus
from partybuild.selectors.change_requests import change_request_scope_for_user
from partybuild.services.change_requests import change_request_approve, change_request_reject

router = Router(tags=["档案修改申请"])


class RejectIn(Schema):
    reason: str = Field(..., max_length=2000, description="驳回理由")


def _get(user, request_id: int):
    return get_object_or_404(change_request_scope_for_user(user=user), pk=request_id)


@router.get(
    "",
    response={200: list[ChangeRequestOut], **error_responses(403)},
    summary="我管理的党员的档案修改申请（待审核在前）",
)
@paginate(AppPagination)
def change_request_list(request):
    require_administrator(request.user)
    requests = change_request_scope_for_user(user=request.user).annotate(
        waiting=Case(
            When(status=ChangeRequestStatus.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    return Mapped(requests.order_by("waiting", "-requested_at", "-pk"), change_request_data)


@router.get(
    "{request_id}",
    response={200: ChangeRequestOut, **error_responses(403, 404)},
    summary="档案修改申请详情",
)
def change_request_detail(request, request_id: ObjectId):
    require_administrator(request.user)
    return change_request_data(_get(request.user, request_id))


@router.post(
    "{request_id}/approve",
    response={200: ChangeRequestOut, **error_responses(403, 404)},
    summary="通过档案修改申请",
)
def change_request_approve_one(request, request_id: ObjectId):
    require_administrator(request.user)
    decided = change_request_approve(request=_get(request.user, request_id), actor=request.user)
    return change_request_data(_get(request.user, decided.pk))


@router.post(
    "{request_id}/reject",
    response={200: ChangeRequestOut, **error_responses(403, 404)},
    summary="驳回档案修改申请",
)
def change_request_reject_one(request, request_id: ObjectId, payload: RejectIn):
    require_administrator(request.user)
    decided = change_request_reject(
        request=_get(request.user, request_id), actor=request.user, reason=payload.reason
    )
    return change_request_data(_get(request.user, decided.pk))

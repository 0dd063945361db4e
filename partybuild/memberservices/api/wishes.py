"""App API: 微心愿 (便民服务). Members list the published wishes of their 党委 area, claim one
(exactly one claim wins: 422 ``wish_already_claimed`` for the others), list their claims and
record the fulfilment with a photo; administrators list pending wishes, publish or reject them
and confirm fulfilments. The owner's phone number is always masked here."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from partybuild.api.access import require_administrator
from partybuild.core.privacy import mask_identifier
from partybuild.memberservices.models import MicroWish, WishStatus
from partybuild.memberservices.selectors import wishes as selectors
from partybuild.memberservices.services import wishes as services
from partybuild.models import Member
from partybuild.selectors.members import member_for_user
from partybuild.selectors.organisations import organisation_is_in_scope
from partysite.api.errors import error_responses
from partysite.api.pagination import AppPagination, Mapped
from partysite.api.types import ObjectId

router = Router(tags=["微心愿"])


class WishOut(Schema):
    id: int
    title: str
    value: Decimal
    deadline: datetime.date
    owner_name: str
    owner_phone: str = Field(..., description="心愿主人电话（已脱敏）")
    situation: str
    organisation_id: int
    organisation: str
    cash_amount: Decimal | None
    mailing_address: str = Field(..., description="邮寄地址（仅认领人和管理员可见）")
    status: str
    status_label: str
    image_url: str | None
    claimed_by_me: bool
    claimed_at: datetime.datetime | None
    fulfilment_photo_url: str | None
    fulfilment_note: str
    fulfilled_at: datetime.datetime | None
    reject_reason: str


class WishRejectIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)


def _require_member(user) -> Member:
    member = member_for_user(user=user)
    if member is None:
        raise PermissionDenied(_("只有党员可以使用此功能。"))
    return member


def wish_data(wish: MicroWish, *, user, member: Member | None) -> dict:
    """One wish as the caller may see it: the address only for its claimer and its
    administrators; the phone number masked for everyone."""
    mine = member is not None and wish.claimed_by_id == member.pk
    may_see_address = mine or organisation_is_in_scope(user=user, organisation=wish.organisation)
    return {
        "id": wish.pk,
        "title": wish.title,
        "value": wish.value,
        "deadline": wish.deadline,
        "owner_name": wish.owner_name,
        "owner_phone": mask_identifier(wish.owner_phone, kind="mobile"),
        "situation": wish.situation,
        "organisation_id": wish.organisation_id,
        "organisation": wish.organisation.name,
        "cash_amount": wish.cash_amount,
        "mailing_address": wish.mailing_address if may_see_address else "",
        "status": wish.status,
        "status_label": wish.get_status_display(),
        "image_url": wish.image.url if wish.image else None,
        "claimed_by_me": mine,
        "claimed_at": wish.claimed_at,
        "fulfilment_photo_url": (wish.fulfilment_photo.url if wish.fulfilment_photo else None),
        "fulfilment_note": wish.fulfilment_note,
        "fulfilled_at": wish.fulfilled_at,
        "reject_reason": wish.reject_reason,
    }


def _mapped(request, queryset, member):
    return Mapped(queryset, lambda wish: wish_data(wish, user=request.user, member=member))


@router.get(
    "", response={200: list[WishOut], **error_responses()}, summary="微心愿（本党委范围内已发布）"
)
@paginate(AppPagination)
def wish_list(request):
    member = member_for_user(user=request.user)
    if member is None:
        return MicroWish.objects.none()
    return _mapped(request, selectors.wish_list_for_member(member=member), member)


@router.get("mine", response={200: list[WishOut], **error_responses()}, summary="我认领的微心愿")
@paginate(AppPagination)
def wish_list_mine(request):
    member = member_for_user(user=request.user)
    if member is None:
        return MicroWish.objects.none()
    return _mapped(request, selectors.wish_list_mine(member=member), member)


@router.get(
    "pending",
    response={200: list[WishOut], **error_responses(403)},
    summary="待审核的微心愿（管理员）",
)
@paginate(AppPagination)
def wish_list_pending(request):
    require_administrator(request.user, "memberservices.view_microwish")
    return _mapped(
        request,
        selectors.wish_list_admin(user=request.user, status=WishStatus.PENDING),
        member=None,
    )


@router.get("{wish_id}", response={200: WishOut, **error_responses(404)}, summary="微心愿详情")
def wish_detail(request, wish_id: ObjectId):
    member = member_for_user(user=request.user)
    wish = get_object_or_404(
        selectors.wish_visible_to_user(user=request.user, member=member), pk=wish_id
    )
    return wish_data(wish, user=request.user, member=member)


@router.post(
    "{wish_id}/claim",
    response={200: WishOut, **error_responses(403, 404)},
    summary="认领微心愿",
    description="同一心愿只有一人能认领成功；其他人得到 422 wish_already_claimed。",
)
def wish_claim(request, wish_id: ObjectId):
    member = _require_member(request.user)
    wish = get_object_or_404(selectors.wish_claim_candidates(member=member), pk=wish_id)
    wish = services.wish_claim(wish=wish, member=member)
    return wish_data(wish, user=request.user, member=member)


@router.post(
    "{wish_id}/fulfil",
    response={200: WishOut, **error_responses(403, 404)},
    summary="登记微心愿完成情况（认领人）",
    description="multipart/form-data：photo（完成照片，jpg/png/gif/webp，不超过 10 MB）、note。",
)
def wish_fulfil(
    request,
    wish_id: ObjectId,
    photo: File[UploadedFile],
    note: Form[str] = "",
):
    member = _require_member(request.user)
    wish = get_object_or_404(MicroWish.objects.filter(claimed_by=member), pk=wish_id)
    wish = services.wish_fulfil(wish=wish, member=member, photo=photo, note=note[:2000])
    return wish_data(wish, user=request.user, member=member)


def _administered(request, wish_id: int) -> MicroWish:
    require_administrator(request.user, "memberservices.change_microwish")
    return get_object_or_404(selectors.wish_list_admin(user=request.user), pk=wish_id)


@router.post(
    "{wish_id}/publish",
    response={200: WishOut, **error_responses(403, 404)},
    summary="发布微心愿（管理员）",
)
def wish_publish(request, wish_id: ObjectId):
    wish = services.wish_publish(wish=_administered(request, wish_id), actor=request.user)
    return wish_data(wish, user=request.user, member=None)


@router.post(
    "{wish_id}/reject",
    response={200: WishOut, **error_responses(403, 404)},
    summary="驳回微心愿（管理员）",
)
def wish_reject(request, wish_id: ObjectId, payload: WishRejectIn):
    wish = services.wish_reject(
        wish=_administered(request, wish_id), actor=request.user, reason=payload.reason
    )
    return wish_data(wish, user=request.user, member=None)


@router.post(
    "{wish_id}/confirm",
    response={200: WishOut, **error_responses(403, 404)},
    summary="确认微心愿已完成（管理员）",
)
def wish_confirm(request, wish_id: ObjectId):
    wish = services.wish_confirm(wish=_administered(request, wish_id), actor=request.user)
    return wish_data(wish, user=request.user, member=None)

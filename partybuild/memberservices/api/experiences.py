"""App API: 微心得 and 积分 (便民服务, 我的). Members read the approved 微心得 of their 党委 area,
post their own (multipart, with an image and an attachment) and see their own in every state;
administrators list the pending ones and approve (awarding the points, once) or reject them.
Points: the caller's balance and entries, and leaderboards (a member sees their branch's; an
administrator their subtree's or one organisation's within it)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from partybuild.api.access import require_administrator, user_administers
from partybuild.memberservices.models import ExperienceStatus, MicroExperience
from partybuild.memberservices.selectors import experiences as selectors
from partybuild.memberservices.selectors import points as points_selectors
from partybuild.memberservices.services import experiences as services
from partybuild.selectors.members import member_for_user
from partybuild.selectors.organisations import organisation_scope_for_user
from partysite.api.errors import error_responses
from partysite.api.pagination import AppPagination, Mapped
from partysite.api.types import IdField, ObjectId

router = Router(tags=["微心得"])
points_router = Router(tags=["积分"])

#: How many of the caller's newest entries points_mine returns.
RECENT_ENTRIES = 100


class ExperienceOut(Schema):
    id: int
    title: str
    content: str
    author: str
    organisation_id: int
    organisation: str
    points: int | None = Field(..., description="心得积分（审核通过时确定）")
    status: str
    status_label: str
    reject_reason: str
    image_url: str | None
    attachment_title: str | None
    attachment_url: str | None
    submitted_at: datetime.datetime
    reviewed_at: datetime.datetime | None


class ExperienceIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    content: str = Field(..., min_length=1, max_length=20000)


class ApproveIn(Schema):
    points: int | None = Field(None, ge=0, le=100, description="心得积分；不填则用默认值 10")


class ExperienceRejectIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)


class PointsEntryOut(Schema):
    points: int
    reason: str
    kind: str
    kind_label: str
    created_at: datetime.datetime


class PointsMineOut(Schema):
    balance: int
    entries: list[PointsEntryOut]


class LeaderboardRow(Schema):
    rank: int
    member_id: int
    name: str
    organisation: str
    points: int


class LeaderboardQuery(Schema):
    organisation_id: IdField | None = Field(None, description="党组织（管理员；含下级）")
    limit: int = Field(20, ge=1, le=100)


def experience_data(experience: MicroExperience) -> dict:
    return {
        "id": experience.pk,
        "title": experience.title,
        "content": experience.content,
        "author": experience.author.name,
        "organisation_id": experience.organisation_id,
        "organisation": experience.organisation.name,
        "points": experience.points,
        "status": experience.status,
        "status_label": experience.get_status_display(),
        "reject_reason": experience.reject_reason,
        "image_url": experience.image.url if experience.image else None,
        "attachment_title": experience.attachment.title if experience.attachment else None,
        "attachment_url": experience.attachment.url if experience.attachment else None,
        "submitted_at": experience.submitted_at,
        "reviewed_at": experience.reviewed_at,
    }


@router.get(
    "", response={200: list[ExperienceOut], **error_responses()}, summary="微心得（已审核通过）"
)
@paginate(AppPagination)
def experience_list(request):
    member = member_for_user(user=request.user)
    if member is None:
        return MicroExperience.objects.none()
    return Mapped(selectors.experience_list_for_member(member=member), experience_data)


@router.post(
    "",
    response={201: ExperienceOut, **error_responses(403)},
    summary="发布微心得",
    description=(
        "multipart/form-data：title、content，可选 image（jpg/png/gif/webp，不超过 10 MB）和 "
        "attachment（PDF、Word、Excel、图片等，不超过 20 MB）。提交后待所在党组织审核。"
    ),
)
def experience_submit(
    request,
    payload: Form[ExperienceIn],
    image: File[UploadedFile] = None,
    attachment: File[UploadedFile] = None,
):
    member = member_for_user(user=request.user)
    if member is None:
        raise PermissionDenied(_("只有党员可以发布微心得。"))
    experience = services.experience_submit(
        member=member,
        title=payload.title,
        content=payload.content,
        image=image,
        attachment=attachment,
    )
    return Status(201, experience_data(experience))


@router.get("mine", response={200: list[ExperienceOut], **error_responses()}, summary="我的微心得")
@paginate(AppPagination)
def experience_list_mine(request):
    member = member_for_user(user=request.user)
    if member is None:
        return MicroExperience.objects.none()
    return Mapped(selectors.experience_list_mine(member=member), experience_data)


@router.get(
    "pending",
    response={200: list[ExperienceOut], **error_responses(403)},
    summary="待审核的微心得（管理员）",
)
@paginate(AppPagination)
def experience_list_pending(request):
    require_administrator(request.user, "memberservices.view_microexperience")
    return Mapped(
        selectors.experience_list_admin(user=request.user, status=ExperienceStatus.PENDING),
        experience_data,
    )


def _administered(request, experience_id: int) -> MicroExperience:
    require_administrator(request.user, "memberservices.change_microexperience")
    return get_object_or_404(selectors.experience_list_admin(user=request.user), pk=experience_id)


@router.post(
    "{experience_id}/approve",
    response={200: ExperienceOut, **error_responses(403, 404)},
    summary="审核通过微心得并发放积分（管理员）",
)
def experience_approve(request, experience_id: ObjectId, payload: ApproveIn):
    experience = services.experience_approve(
        experience=_administered(request, experience_id),
        actor=request.user,
        points=payload.points,
    )
    return experience_data(experience)


@router.post(
    "{experience_id}/reject",
    response={200: ExperienceOut, **error_responses(403, 404)},
    summary="驳回微心得（管理员）",
)
def experience_reject(request, experience_id: ObjectId, payload: ExperienceRejectIn):
    experience = services.experience_reject(
        experience=_administered(request, experience_id),
        actor=request.user,
        reason=payload.reason,
    )
    return experience_data(experience)


@points_router.get("mine", response={200: PointsMineOut, **error_responses()}, summary="我的积分")
def points_mine(request):
    member = member_for_user(user=request.user)
    if member is None:
        return {"balance": 0, "entries": []}
    return {
        "balance": points_selectors.points_balance(member=member),
        "entries": [
            {
                "points": entry.points,
                "reason": entry.reason,
                "kind": entry.reason_kind,
                "kind_label": entry.get_reason_kind_display(),
                "created_at": entry.created_at,
            }
            for entry in points_selectors.points_entries(member=member)[:RECENT_ENTRIES]
        ],
    }


@points_router.get(
    "leaderboard",
    response={200: list[LeaderboardRow], **error_responses(404)},
    summary="积分排行榜",
    description="管理员：管理范围内（或指定党组织及其下级）；党员：本党支部。",
)
def points_leaderboard(request, filters: Query[LeaderboardQuery]):
    user = request.user
    if user_administers(user, "memberservices.view_microwish"):
        organisation = None
        if filters.organisation_id is not None:
            organisation = get_object_or_404(
                organisation_scope_for_user(user=user), pk=filters.organisation_id
            )
        rows = points_selectors.points_leaderboard(
            user=user, organisation=organisation, limit=filters.limit
        )
    else:
        member = member_for_user(user=user)
        rows = (
            points_selectors.points_leaderboard_for_member(member=member, limit=filters.limit)
            if member
            else []
        )
    return [
        {
            "rank": index,
            "member_id": row["member"].pk,
            "name": row["member"].name,
            "organisation": row["organisation"].name,
            "points": row["points"],
        }
        for index, row in enumerate(rows, start=1)
    ]

"""App API: 留言板 — members read and post on their branch's board (rate-limited: 429 with code
``board_rate_limited``); administrators list the boards of their subtree and hide (with a reason)
or restore posts (members are refused with 403, other subtrees are 404)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from partybuild.api.access import require_administrator
from partybuild.memberservices.models import BoardPost
from partybuild.memberservices.models.board import BOARD_POST_MAX_LENGTH
from partybuild.memberservices.selectors import board as selectors
from partybuild.memberservices.services import board as services
from partybuild.selectors.members import member_for_user
from partysite.api.errors import ApiError, error_responses
from partysite.api.pagination import AppPagination, Mapped
from partysite.api.types import ObjectId

router = Router(tags=["留言板"])


class PostIn(Schema):
    content: str = Field(..., max_length=BOARD_POST_MAX_LENGTH)


class PostOut(Schema):
    id: int
    organisation: str
    author: str
    content: str
    created_at: datetime.datetime


class ManagedPostOut(PostOut):
    hidden: bool
    hidden_reason: str
    hidden_at: datetime.datetime | None


class BoardManagedQuery(Schema):
    hidden: bool | None = None


class HideIn(Schema):
    reason: str = Field(..., max_length=200)


def post_data(post: BoardPost) -> dict:
    return {
        "id": post.pk,
        "organisation": post.organisation.name,
        "author": str(post.author),
        "content": post.content,
        "created_at": post.created_at,
    }


def managed_post_data(post: BoardPost) -> dict:
    return {
        **post_data(post),
        "hidden": post.hidden,
        "hidden_reason": post.hidden_reason,
        "hidden_at": post.hidden_at,
    }


def _managed(request, post_id: int) -> BoardPost:
    require_administrator(request.user, "memberservices.change_boardpost")
    return get_object_or_404(selectors.board_post_list_managed(user=request.user), pk=post_id)


def _member_organisation(request):
    member = member_for_user(user=request.user, on_roll=True)
    if member is None:
        raise PermissionDenied(_("只有在册党员可以使用留言板。"))
    return member.organisation


@router.get(
    "",
    response={200: list[PostOut], **error_responses(403)},
    summary="本支部留言板（党员）",
)
@paginate(AppPagination)
def board_post_list(request):
    organisation = _member_organisation(request)
    return Mapped(selectors.board_post_list_visible(organisation=organisation), post_data)


@router.post(
    "",
    response={201: PostOut, **error_responses(403, 429)},
    summary="在本支部留言板留言（党员，每小时条数有限）",
)
def board_post_create(request, payload: PostIn):
    try:
        post = services.board_post_create(user=request.user, content=payload.content)
    except ValidationError as error:
        refusals = getattr(error, "error_dict", {}).get("content", [])
        limited = [e for e in refusals if e.code == "board_rate_limited"]
        if limited:
            raise ApiError(
                429,
                "board_rate_limited",
                limited[0].message,
                fields={"content": [limited[0].message]},
            ) from error
        raise
    post = BoardPost.objects.select_related("organisation", "author").get(pk=post.pk)
    return Status(201, post_data(post))


@router.get(
    "managed",
    response={200: list[ManagedPostOut], **error_responses(403)},
    summary="本人管理范围内的留言（管理员，含已隐藏）",
)
@paginate(AppPagination)
def board_post_list_managed(request, query: Query[BoardManagedQuery]):
    require_administrator(request.user, "memberservices.view_boardpost")
    return Mapped(
        selectors.board_post_list_managed(user=request.user, hidden=query.hidden),
        managed_post_data,
    )


@router.post(
    "{post_id}/hide",
    response={200: ManagedPostOut, **error_responses(403, 404)},
    summary="隐藏留言（管理员，须填写理由）",
)
def board_post_hide(request, post_id: ObjectId, payload: HideIn):
    post = _managed(request, post_id)
    services.board_post_hide(post=post, reason=payload.reason, actor=request.user)
    return managed_post_data(_managed(request, post_id))


@router.post(
    "{post_id}/restore",
    response={200: ManagedPostOut, **error_responses(403, 404)},
    summary="恢复已隐藏的留言（管理员）",
)
def board_post_restore(request, post_id: ObjectId):
    post = _managed(request, post_id)
    services.board_post_restore(post=post, actor=request.user)
    return managed_post_data(_managed(request, post_id))

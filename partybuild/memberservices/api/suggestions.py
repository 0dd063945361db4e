"""App API: 意见建议 — members submit (anonymously when the site setting allows) and read their
own non-anonymous suggestions with replies; administrators list, reply to and close the
suggestions of their subtree (members are refused with 403, other subtrees are 404).

An anonymous submission writes nothing that names the account: the request authenticates
without stamping the token's ``last_used_at`` (the token is stamped only for a named
submission), and the suggestion's time is kept to the day (services/suggestions.py)."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from partybuild.api.access import require_administrator
from partybuild.memberservices.models import Suggestion, SuggestionStatus
from partybuild.memberservices.selectors import suggestions as selectors
from partybuild.memberservices.services import suggestions as services
from partysite.api.errors import error_responses
from partysite.api.pagination import AppPagination, Mapped
from partysite.api.security import AppTokenAuth, api_token_touch
from partysite.api.types import ObjectId

router = Router(tags=["意见建议"])


class SuggestionIn(Schema):
    title: str = Field(..., max_length=100)
    content: str = Field(..., max_length=5000)
    anonymous: bool = Field(False, description="匿名提交（仅当后台允许匿名时）")


class SuggestionOut(Schema):
    id: int
    title: str
    content: str
    created_at: datetime.datetime = Field(
        description="提交时间；匿名提交只保留日期（北京时间当日 00:00），以免据时间推断提交人"
    )
    organisation: str
    is_anonymous: bool
    submitter: str = Field(description="提交人；匿名时为「匿名」")
    status: str
    status_label: str
    reply: str
    replied_at: datetime.datetime | None
    closed_at: datetime.datetime | None


class SuggestionManagedQuery(Schema):
    status: SuggestionStatus | None = None


class SuggestionReplyIn(Schema):
    reply: str = Field(..., max_length=5000)


class ServiceSettingsOut(Schema):
    anonymous_allowed: bool = Field(description="是否允许匿名提交意见建议")
    mailbox_configured: bool = Field(description="书记信箱是否已设置接收邮箱")
    board_posts_per_hour: int = Field(description="留言板每人每小时发帖上限")


def suggestion_data(suggestion: Suggestion) -> dict:
    return {
        "id": suggestion.pk,
        "title": suggestion.title,
        "content": suggestion.content,
        "created_at": suggestion.created_at,
        "organisation": suggestion.organisation.name,
        "is_anonymous": suggestion.is_anonymous,
        "submitter": suggestion.submitter_label,
        "status": suggestion.status,
        "status_label": suggestion.get_status_display(),
        "reply": suggestion.reply,
        "replied_at": suggestion.replied_at,
        "closed_at": suggestion.closed_at,
    }


def _managed(request, suggestion_id: int) -> Suggestion:
    require_administrator(request.user, "memberservices.change_suggestion")
    return get_object_or_404(selectors.suggestion_list_managed(user=request.user), pk=suggestion_id)


@router.get(
    "settings",
    response={200: ServiceSettingsOut, **error_responses()},
    summary="便民服务设置（是否允许匿名、书记信箱是否可用、留言上限）",
)
def member_service_settings_read(request):
    service_settings = selectors.member_service_settings()
    return {
        "anonymous_allowed": service_settings.suggestions_anonymous_allowed,
        "mailbox_configured": bool(service_settings.mailbox_email),
        "board_posts_per_hour": service_settings.board_posts_per_hour,
    }


@router.post(
    "",
    response={201: SuggestionOut, **error_responses(403)},
    summary="提交意见建议（党员）",
    auth=AppTokenAuth(touch_last_used=False),
)
def suggestion_submit(request, payload: SuggestionIn):
    if not payload.anonymous:
        api_token_touch(token=request.auth)
    suggestion = services.suggestion_submit(
        user=request.user,
        title=payload.title,
        content=payload.content,
        anonymous=payload.anonymous,
    )
    suggestion = Suggestion.objects.select_related("organisation", "submitter").get(
        pk=suggestion.pk
    )
    return Status(201, suggestion_data(suggestion))


@router.get(
    "mine",
    response={200: list[SuggestionOut], **error_responses()},
    summary="我提交的意见建议及答复（不含匿名提交）",
)
@paginate(AppPagination)
def suggestion_list_mine(request):
    return Mapped(
        selectors.suggestion_list_mine(user=request.user).select_related("submitter"),
        suggestion_data,
    )


@router.get(
    "managed",
    response={200: list[SuggestionOut], **error_responses(403)},
    summary="本人管理范围内的意见建议（管理员）",
)
@paginate(AppPagination)
def suggestion_list_managed(request, query: Query[SuggestionManagedQuery]):
    require_administrator(request.user, "memberservices.view_suggestion")
    return Mapped(
        selectors.suggestion_list_managed(user=request.user, status=query.status),
        suggestion_data,
    )


@router.post(
    "{suggestion_id}/reply",
    response={200: SuggestionOut, **error_responses(403, 404)},
    summary="答复意见建议（管理员）",
)
def suggestion_reply(request, suggestion_id: ObjectId, payload: SuggestionReplyIn):
    suggestion = _managed(request, suggestion_id)
    services.suggestion_reply(suggestion=suggestion, reply=payload.reply, actor=request.user)
    return suggestion_data(_managed(request, suggestion_id))


@router.post(
    "{suggestion_id}/close",
    response={200: SuggestionOut, **error_responses(403, 404)},
    summary="关闭意见建议（管理员）",
)
def suggestion_close(request, suggestion_id: ObjectId):
    suggestion = _managed(request, suggestion_id)
    services.suggestion_close(suggestion=suggestion, actor=request.user)
    return suggestion_data(_managed(request, suggestion_id))

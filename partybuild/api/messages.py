"""App API: 我的消息 — my messages, newest first; mark one or all read."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from partybuild.models import Message
from partybuild.selectors.messages import message_list, message_unread_count
from partybuild.services.messages import message_mark_all_read, message_mark_read
from partysite.api.errors import error_responses
from partysite.api.pagination import AppPagination, Mapped
from partysite.api.types import ObjectId

router = Router(tags=["我的消息"])


class MessageOut(Schema):
    """One of my messages."""

    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    object_type: str
    object_id: int | None
    created_at: datetime.datetime
    read_at: datetime.datetime | None
    is_read: bool


class CountOut(Schema):
    """How many of my messages are unread."""

    count: int


class UpdatedOut(Schema):
    """How many messages were marked read."""

    updated: int


def message_data(message: Message) -> dict:
    """The MessageOut fields of ``message``."""
    return {
        "id": message.pk,
        "kind": message.kind,
        "kind_label": message.get_kind_display(),
        "title": message.title,
        "body": message.body,
        "object_type": message.object_type,
        "object_id": message.object_id,
        "created_at": message.created_at,
        "read_at": message.read_at,
        "is_read": message.is_read,
    }


@router.get("", response={200: list[MessageOut], **error_responses()}, summary="我的消息")
@paginate(AppPagination)
def message_list_mine(request, unread: bool = False):
    return Mapped(message_list(user=request.user, unread_only=unread), message_data)


@router.get("unread-count", response={200: CountOut, **error_responses()}, summary="未读消息数")
def message_unread(request):
    return {"count": message_unread_count(user=request.user)}


@router.post(
    "{message_id}/read",
    response={200: MessageOut, **error_responses(404)},
    summary="标记一条消息为已读",
)
def message_read(request, message_id: ObjectId):
    message = get_object_or_404(message_list(user=request.user), pk=message_id)
    return message_data(message_mark_read(message=message, user=request.user))


@router.post("read-all", response={200: UpdatedOut, **error_responses()}, summary="全部标记为已读")
def message_read_all(request):
    return {"updated": message_mark_all_read(user=request.user)}

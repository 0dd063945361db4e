"""App API: 书记信箱 — members write to their branch secretary or the site-wide mailbox (stored
and emailed) and read the replies; administrators list and reply to the letters of their
subtree (members are refused with 403, other subtrees are 404)."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from partybuild.api.access import require_administrator
from partybuild.api.errors import error_responses
from partybuild.api.pagination import AppPagination, Mapped
from partybuild.api.types import ObjectId
from partybuild.models import LetterRecipient, LetterStatus, SecretaryLetter
from partybuild.selectors import letters as selectors
from partybuild.services import letters as services

router = Router(tags=["书记信箱"])


class LetterIn(Schema):
    recipient_kind: LetterRecipient = Field(
        description="branch_secretary：本支部书记；mailbox：书记信箱（管理部门）"
    )
    subject: str = Field(..., max_length=100)
    body: str = Field(..., max_length=5000)


class LetterOut(Schema):
    id: int
    sender: str
    recipient_kind: str
    recipient_label: str
    organisation: str
    subject: str
    body: str
    created_at: datetime.datetime
    email_sent_at: datetime.datetime | None
    status: str
    status_label: str
    reply: str
    replied_at: datetime.datetime | None


class ManagedQuery(Schema):
    status: LetterStatus | None = None


class ReplyIn(Schema):
    reply: str = Field(..., max_length=5000)


def letter_data(letter: SecretaryLetter) -> dict:
    return {
        "id": letter.pk,
        "sender": str(letter.sender),
        "recipient_kind": letter.recipient_kind,
        "recipient_label": letter.get_recipient_kind_display(),
        "organisation": letter.organisation.name,
        "subject": letter.subject,
        "body": letter.body,
        "created_at": letter.created_at,
        "email_sent_at": letter.email_sent_at,
        "status": letter.status,
        "status_label": letter.get_status_display(),
        "reply": letter.reply,
        "replied_at": letter.replied_at,
    }


def _managed(request, letter_id: int) -> SecretaryLetter:
    require_administrator(request.user)
    return get_object_or_404(selectors.letter_list_managed(user=request.user), pk=letter_id)


@router.post(
    "",
    response={201: LetterOut, **error_responses(403)},
    summary="写信（党员）",
    description="收信地址未设置时返回 422，code 为 mailbox_not_configured，信件不保存。",
)
def letter_send(request, payload: LetterIn):
    letter = services.letter_send(
        user=request.user,
        recipient_kind=payload.recipient_kind,
        subject=payload.subject,
        body=payload.body,
    )
    letter = SecretaryLetter.objects.select_related("organisation", "sender").get(pk=letter.pk)
    return Status(201, letter_data(letter))


@router.get(
    "mine",
    response={200: list[LetterOut], **error_responses()},
    summary="我写的信及答复",
)
@paginate(AppPagination)
def letter_list_mine(request):
    return Mapped(
        selectors.letter_list_mine(user=request.user).select_related("sender"), letter_data
    )


@router.get(
    "managed",
    response={200: list[LetterOut], **error_responses(403)},
    summary="本人管理范围内的来信（管理员）",
)
@paginate(AppPagination)
def letter_list_managed(request, query: Query[ManagedQuery]):
    require_administrator(request.user)
    return Mapped(
        selectors.letter_list_managed(user=request.user, status=query.status), letter_data
    )


@router.post(
    "{letter_id}/reply",
    response={200: LetterOut, **error_responses(403, 404)},
    summary="答复来信（管理员）",
)
def letter_reply(request, letter_id: ObjectId, payload: ReplyIn):
    letter = _managed(request, letter_id)
    services.letter_reply(letter=letter, reply=payload.reply, actor=request.user)
    return letter_data(_managed(request, letter_id))

"""App API: 书记信箱 — members write to their branch secretary or to the 书记信箱 of a higher
organisation of theirs (stored and emailed) and read the replies; the addressed organisation's
administrators (and superusers) list and reply to the letters addressed to it (members are
refused with 403; letters addressed elsewhere are 404, even from their own members)."""

import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from partybuild.api.access import require_administrator
from partybuild.committees.selectors import committee_secretary_organisation_ids
from partybuild.memberservices.models import LetterRecipient, LetterStatus, SecretaryLetter
from partybuild.memberservices.selectors import letters as selectors
from partybuild.memberservices.services import letters as services
from partybuild.models import Organisation
from partybuild.selectors.members import member_for_user
from partysite.api.errors import error_responses
from partysite.api.pagination import AppPagination, Mapped
from partysite.api.types import IdField, ObjectId

router = Router(tags=["书记信箱"])


class LetterIn(Schema):
    recipient_kind: LetterRecipient = Field(
        description="branch_secretary：本支部书记；mailbox：上级党组织书记信箱"
    )
    addressee_id: IdField | None = Field(
        None,
        description="收信党组织（仅书记信箱）：letters/addressees 中的一个；不填为最上级党组织"
        "（管理部门，发往后台设置的接收邮箱）",
    )
    subject: str = Field(..., max_length=100)
    body: str = Field(..., max_length=5000)


class LetterOut(Schema):
    id: int
    sender: str
    recipient_kind: str
    recipient_label: str
    addressee_id: int | None = Field(description="收信党组织")
    addressee: str | None
    organisation: str
    subject: str
    body: str
    created_at: datetime.datetime
    email_sent_at: datetime.datetime | None
    status: str
    status_label: str
    reply: str
    replied_at: datetime.datetime | None


class AddresseeOut(Schema):
    id: int
    name: str


class LetterManagedQuery(Schema):
    status: LetterStatus | None = None


class LetterReplyIn(Schema):
    reply: str = Field(..., max_length=5000)


def letter_data(letter: SecretaryLetter) -> dict:
    return {
        "id": letter.pk,
        "sender": str(letter.sender),
        "recipient_kind": letter.recipient_kind,
        "recipient_label": letter.recipient_label,
        "addressee_id": letter.addressee_id,
        "addressee": letter.addressee.name if letter.addressee else None,
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


def _require_answerer(user, permission: str) -> None:
    """An administrator with ``permission``, or the current 书记 of an organisation (who answers
    the letters addressed to it, partybuild.committees)."""
    if not committee_secretary_organisation_ids(user=user):
        require_administrator(user, permission)


def _managed(request, letter_id: int) -> SecretaryLetter:
    _require_answerer(request.user, "memberservices.change_secretaryletter")
    return get_object_or_404(selectors.letter_list_managed(user=request.user), pk=letter_id)


@router.post(
    "",
    response={201: LetterOut, **error_responses(403)},
    summary="写信（党员）",
    description="信件只送达收信党组织的书记。收信地址未设置时返回 422，code 为 "
    "mailbox_not_configured；收信党组织不是本人上级党组织时 code 为 addressee_invalid；"
    "信件均不保存。",
)
def letter_send(request, payload: LetterIn):
    addressee = None
    if payload.addressee_id is not None:
        addressee = Organisation.objects.filter(pk=payload.addressee_id).first()
        if addressee is None:
            raise ValidationError(
                {"addressee": ValidationError(_("收信党组织不存在。"), code="addressee_invalid")}
            )
    letter = services.letter_send(
        user=request.user,
        recipient_kind=payload.recipient_kind,
        subject=payload.subject,
        body=payload.body,
        addressee=addressee,
    )
    letter = SecretaryLetter.objects.select_related("organisation", "addressee", "sender").get(
        pk=letter.pk
    )
    return Status(201, letter_data(letter))


@router.get(
    "addressees",
    response={200: list[AddresseeOut], **error_responses()},
    summary="可写信的上级党组织书记信箱（党员）",
    description="本人所在党支部的上级党组织，最上级在前；没有党员档案的账号得到空列表。",
)
def letter_addressee_list(request):
    member = member_for_user(user=request.user, on_roll=True)
    if member is None:
        return []
    return [
        {"id": organisation.pk, "name": organisation.name}
        for organisation in selectors.letter_mailbox_choices(organisation=member.organisation)
    ]


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
    summary="本人管理范围内的来信（管理员、本组织书记）",
)
@paginate(AppPagination)
def letter_list_managed(request, query: Query[LetterManagedQuery]):
    _require_answerer(request.user, "memberservices.view_secretaryletter")
    return Mapped(
        selectors.letter_list_managed(user=request.user, status=query.status), letter_data
    )


@router.post(
    "{letter_id}/reply",
    response={200: LetterOut, **error_responses(403, 404)},
    summary="答复来信（管理员、本组织书记）",
)
def letter_reply(request, letter_id: ObjectId, payload: LetterReplyIn):
    letter = _managed(request, letter_id)
    services.letter_reply(letter=letter, reply=payload.reply, actor=request.user)
    return letter_data(_managed(request, letter_id))

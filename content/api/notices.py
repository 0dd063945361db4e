"""App API: 通知公告 — the notices addressed to me with my read flag; opening one records my
read receipt; administrators see who has and has not read it (content/receipts.py)."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from content.api.media import (
    RichTextQuery,
    StreamMediaOut,
    stream_data,
    stream_media,
)
from content.models import NoticePage
from content.receipts import (
    notice_is_administered,
    notice_list_for_member,
    notice_receipt_record,
    notice_receipt_summary,
    notice_scope_for_administrator,
)
from partybuild.api.member_schemas import OrganisationRef
from partysite.api.errors import error_responses
from partysite.api.pagination import AppPagination, Mapped
from partysite.api.types import ObjectId

router = Router(tags=["通知公告"])


class NoticeOut(Schema):
    """A notice in my list."""

    id: int
    title: str
    date: datetime.date
    summary: str
    is_read: bool
    target_organisations: list[OrganisationRef]
    url: str | None


class AttachmentOut(Schema):
    """A downloadable attachment of a notice."""

    id: int
    title: str
    url: str
    file_extension: str


class NoticeDetailOut(NoticeOut):
    """A notice with its body and attachments as in the v2 content API, plus download links."""

    body: list[dict[str, Any]]
    attachments: list[dict[str, Any]]
    downloads: list[AttachmentOut]
    media: StreamMediaOut = Field(description="正文和附件中图片、文档的地址（按编号查找）")


class ReceiptRow(Schema):
    """The reading in one organisation."""

    organisation_id: int
    organisation: str
    audience: int
    read: int
    unread: int


class UnreadMember(Schema):
    """A member who has not read the notice yet (no ID or phone number)."""

    member_id: int
    name: str
    organisation: str


class ReceiptsOut(Schema):
    """阅读统计 of a notice within the caller's administration."""

    notice_id: int
    title: str
    audience: int
    read: int
    unread: int
    rate: float
    organisations: list[ReceiptRow]
    unread_members: list[UnreadMember]
    unread_members_truncated: bool


def notice_data(notice: NoticePage) -> dict:
    """The NoticeOut fields (prefetch ``target_organisations``)."""
    return {
        "id": notice.pk,
        "title": notice.title,
        "date": notice.date,
        "summary": notice.summary,
        "is_read": bool(getattr(notice, "is_read", False)),
        "target_organisations": [
            {"id": organisation.pk, "name": organisation.name}
            for organisation in notice.target_organisations.all()
        ],
        "url": notice.url,
    }


def _downloads(notice: NoticePage) -> list[dict]:
    downloads = []
    for block in notice.attachments:
        document = block.value.get("document")
        if document is None:
            continue
        downloads.append(
            {
                "id": document.pk,
                "title": block.value.get("title") or document.title,
                "url": document.url,
                "file_extension": document.file_extension,
            }
        )
    return downloads


@router.get(
    "",
    response={200: list[NoticeOut], **error_responses()},
    summary="发给我的通知公告",
    description="发给本人所在党组织（含上级组织）或全体党员的通知公告，最新在前；"
    "unread=true 只列未读。没有党员档案的账号得到空列表。",
)
@paginate(AppPagination)
def notice_list(request, unread: bool = False):
    notices = notice_list_for_member(user=request.user).prefetch_related("target_organisations")
    if unread:
        notices = notices.filter(is_read=False)
    return Mapped(notices, notice_data)


@router.get(
    "{notice_id}",
    response={200: NoticeDetailOut, **error_responses(404)},
    summary="阅读通知公告（记录阅读回执）",
    description="发给本人的通知：打开即记录阅读回执（每人一次）。管理员也可查看其管理范围内"
    "党员须阅读的通知，但不记回执。其他通知一律 404。",
)
def notice_detail(request, notice_id: ObjectId, query: Query[RichTextQuery]):
    notice = (
        notice_list_for_member(user=request.user)
        .prefetch_related("target_organisations")
        .filter(pk=notice_id)
        .first()
    )
    if notice is not None:
        notice_receipt_record(notice=notice, user=request.user)
        notice.is_read = True
    else:
        notice = NoticePage.objects.live().filter(pk=notice_id).first()
        if notice is None or not notice_is_administered(notice=notice, user=request.user):
            raise Http404
        notice.is_read = False
    return {
        **notice_data(notice),
        "body": stream_data(notice.body, rich_text_format=query.rich_text_format),
        "attachments": stream_data(notice.attachments),
        "downloads": _downloads(notice),
        "media": stream_media(notice.body, notice.attachments),
    }


@router.get(
    "{notice_id}/receipts",
    response={200: ReceiptsOut, **error_responses(403, 404)},
    summary="通知公告阅读统计（管理员）",
    description="通知范围内、且在本人管理范围内的党员：应读、已读、未读、阅读率，按党组织分列，"
    "及未读人员名单（最多 200 人，unread_members_truncated 表示是否还有更多）。",
)
def notice_receipts(request, notice_id: ObjectId):
    members = notice_scope_for_administrator(user=request.user)
    if members is None:
        raise PermissionDenied(_("只有党组织管理员可以查看阅读统计。"))
    notice = NoticePage.objects.live().filter(pk=notice_id).first()
    if notice is None or not notice_is_administered(notice=notice, user=request.user):
        raise Http404
    summary = notice_receipt_summary(notice=notice, members=members)
    return {"notice_id": notice.pk, "title": notice.title, **summary}

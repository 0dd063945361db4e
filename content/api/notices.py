"""App API: 通知公告 — the notices addressed to me with my read flag; opening one records my
read receipt; administrators see who has and has not read it."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from content.models import NoticePage
from content.receipts import (
    notice_audience,
    notice_list_for_member,
    notice_receipt_record,
    notice_receipt_summary,
    notice_scope_for_administrator,
)
from partybuild.api.errors import error_responses
from partybuild.api.pagination import AppPagination, Mapped
from partybuild.api.types import ObjectId

router = Router(tags=["通知公告"])


class NoticeOut(Schema):
    id: int
    title: str
    date: datetime.date
    summary: str
    is_read: bool
    url: str | None


class NoticeDetailOut(NoticeOut):
    body: Any
    attachments: Any
    target_organisations: list[str]


class ReceiptRow(Schema):
    organisation_id: int
    organisation: str
    audience: int
    read: int
    unread: int


class UnreadMember(Schema):
    member_id: int
    name: str
    organisation: str


class ReceiptsOut(Schema):
    notice_id: int
    title: str
    audience: int
    read: int
    unread: int
    rate: float
    organisations: list[ReceiptRow]
    unread_members: list[UnreadMember]


def notice_data(notice: NoticePage) -> dict:
    return {
        "id": notice.pk,
        "title": notice.title,
        "date": notice.date,
        "summary": notice.summary,
        "is_read": bool(getattr(notice, "is_read", False)),
        "url": notice.url,
    }


def _stream(value) -> Any:
    return value.stream_block.get_api_representation(value)


@router.get("", response={200: list[NoticeOut], **error_responses()}, summary="发给我的通知公告")
@paginate(AppPagination)
def notice_list(request, unread: bool = False):
    notices = notice_list_for_member(user=request.user)
    if unread:
        notices = notices.filter(is_read=False)
    return Mapped(notices, notice_data)


@router.get(
    "{notice_id}",
    response={200: NoticeDetailOut, **error_responses(404)},
    summary="阅读通知公告（记录阅读回执）",
)
def notice_detail(request, notice_id: ObjectId):
    notice = notice_list_for_member(user=request.user).filter(pk=notice_id).first()
    if notice is None:
        members = notice_scope_for_administrator(user=request.user)
        candidate = get_object_or_404(NoticePage.objects.live(), pk=notice_id)
        if (
            members is None
            or not notice_audience(notice=candidate).filter(pk__in=members.values("pk")).exists()
        ):
            raise Http404
        notice = candidate
        notice.is_read = False
    else:
        notice_receipt_record(notice=notice, user=request.user)
        notice.is_read = True
    return {
        **notice_data(notice),
        "body": _stream(notice.body),
        "attachments": _stream(notice.attachments),
        "target_organisations": [o.name for o in notice.target_organisations.all()],
    }


@router.get(
    "{notice_id}/receipts",
    response={200: ReceiptsOut, **error_responses(403, 404)},
    summary="通知公告阅读统计（管理员）",
    description="通知范围内、且在本人管理范围内的党员：应读、已读、未读、阅读率，按党组织分列，及未读人员名单。",
)
def notice_receipts(request, notice_id: ObjectId):
    members = notice_scope_for_administrator(user=request.user)
    if members is None:
        raise PermissionDenied(_("只有党组织管理员可以查看阅读统计。"))
    notice = get_object_or_404(NoticePage.objects.live(), pk=notice_id)
    summary = notice_receipt_summary(notice=notice, members=members)
    if not summary["audience"]:
        raise Http404
    return {"notice_id": notice.pk, "title": notice.title, **summary}

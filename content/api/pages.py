"""App API: 制度建设 and 事务公开 pages that the caller may read (public, members-only, and those
restricted to an organisation's subtree — content/visibility.py), with the v2 API's fields."""

import datetime
from typing import Any, Literal

from django.http import Http404
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from content.api.media import (
    RichTextQuery,
    StreamDocumentOut,
    StreamMediaOut,
    stream_data,
    stream_downloads,
    stream_media,
)
from content.models import DisclosurePage, RegulationPage
from content.visibility import visible_pages
from partysite.api.errors import error_responses
from partysite.api.pagination import AppPagination, Mapped
from partysite.api.types import IdField, ObjectId

router = Router(tags=["制度建设与事务公开"])

PAGE_MODELS = {"regulation": RegulationPage, "disclosure": DisclosurePage}


class OrganisationPageOut(Schema):
    id: int
    type: str
    title: str
    date: datetime.date
    summary: str
    organisation_id: int | None
    organisation: str
    visibility: str
    visibility_label: str
    url: str | None


class OrganisationPageDetailOut(OrganisationPageOut):
    body: Any
    attachments: Any
    downloads: list[StreamDocumentOut] = Field(description="附件（可下载的文档）")
    media: StreamMediaOut = Field(description="正文和附件中图片、文档的地址（按编号查找）")


def _type_of(page) -> str:
    return "regulation" if isinstance(page, RegulationPage) else "disclosure"


def page_data(page) -> dict:
    return {
        "id": page.pk,
        "type": _type_of(page),
        "title": page.title,
        "date": page.date,
        "summary": page.summary,
        "organisation_id": page.organisation_id,
        "organisation": page.organisation.name if page.organisation else "",
        "visibility": page.visibility,
        "visibility_label": page.get_visibility_display(),
        "url": page.url,
    }


def _readable(model, user):
    return visible_pages(model.objects.live(), user=user).select_related("organisation")


@router.get(
    "pages",
    response={200: list[OrganisationPageOut], **error_responses()},
    summary="我可查看的制度建设或事务公开",
)
@paginate(AppPagination)
def content_page_list(
    request,
    type: Literal["regulation", "disclosure"] = "disclosure",
    organisation: IdField | None = None,
):
    pages = _readable(PAGE_MODELS[type], request.user)
    if organisation is not None:
        pages = pages.filter(organisation_id=organisation)
    return Mapped(pages.order_by("-date", "-pk"), page_data)


@router.get(
    "pages/{page_id}",
    response={200: OrganisationPageDetailOut, **error_responses(404)},
    summary="制度建设或事务公开详情",
)
def content_page_detail(request, page_id: ObjectId, query: Query[RichTextQuery]):
    for model in PAGE_MODELS.values():
        page = _readable(model, request.user).filter(pk=page_id).first()
        if page is not None:
            media = stream_media(page.body, page.attachments)
            return {
                **page_data(page),
                "body": stream_data(page.body, rich_text_format=query.rich_text_format),
                "attachments": stream_data(page.attachments),
                "downloads": stream_downloads(page.attachments, media),
                "media": media,
            }
    raise Http404

"""阅读统计 of a 通知公告 in the Wagtail admin: totals, per-organisation rows, unread names, and the
same as an xlsx file. Administrators see only the audience inside their own subtree (a superuser
sees everyone); a notice whose audience lies outside their subtree is not found."""

import io

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook

from content.models import NoticePage
from content.receipts import (
    notice_is_administered,
    notice_receipt_summary,
    notice_scope_for_administrator,
)
from partybuild.core.excel.writer import HEADING_FONT, number_cell, text_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Unread names shown on the page; the export lists them all.
PAGE_UNREAD_LIMIT = 500


def _percent(read: int, audience: int) -> str:
    return f"{read / audience * 100:.1f}%" if audience else "—"


def _notice_and_scope(request: HttpRequest, page_id: int):
    """The notice and the members whose reading ``request.user`` may see, or 403/404."""
    members = notice_scope_for_administrator(user=request.user)
    if members is None:
        raise PermissionDenied
    notice = NoticePage.objects.filter(pk=page_id).first()
    if notice is None or not notice_is_administered(notice=notice, user=request.user):
        raise Http404
    return notice, members


def notice_receipts_view(request: HttpRequest, page_id: int) -> TemplateResponse:
    """The 阅读统计 page of one notice."""
    notice, members = _notice_and_scope(request, page_id)
    summary = notice_receipt_summary(notice=notice, members=members, unread_limit=PAGE_UNREAD_LIMIT)
    section = notice.get_parent()
    for row in summary["organisations"]:
        row["rate_percent"] = _percent(row["read"], row["audience"])
    return TemplateResponse(
        request,
        "content/receipts/notice_receipts.html",
        {
            "page": notice,
            "summary": summary,
            "rate_percent": _percent(summary["read"], summary["audience"]),
            "page_unread_limit": PAGE_UNREAD_LIMIT,
            "header_title": _("阅读统计：%(title)s") % {"title": notice.title},
            "page_title": _("阅读统计"),
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": _("首页")},
                {"url": reverse("wagtailadmin_explore", args=[section.pk]), "label": section.title},
                {
                    "url": reverse("wagtailadmin_pages:edit", args=[notice.pk]),
                    "label": notice.title,
                },
                {"url": "", "label": _("阅读统计")},
            ],
            "export_url": reverse("content_notice_receipts_export", args=[notice.pk]),
        },
    )


def notice_receipts_workbook(*, notice: NoticePage, summary: dict) -> Workbook:
    """The xlsx report: a title row (notice title and export time), the per-organisation table
    with a totals row, then the unread members. Every text is written as a string, never a
    formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("阅读统计"))
    for letter, width in zip("ABCDE", (28, 12, 12, 12, 12), strict=True):
        sheet.column_dimensions[letter].width = width

    def heading(*values) -> list:
        cells = []
        for value in values:
            cell = text_cell(sheet, value)
            cell.font = HEADING_FONT
            cells.append(cell)
        return cells

    exported = timezone.localtime()
    title = _("通知公告阅读统计：%(title)s（导出时间 %(time)s）") % {
        "title": notice.title,
        "time": f"{exported:%Y-%m-%d %H:%M}",
    }
    sheet.append(heading(title))
    sheet.append([])
    sheet.append(heading(_("党组织"), _("应读人数"), _("已读人数"), _("未读人数"), _("阅读率")))
    for row in summary["organisations"]:
        sheet.append(
            [
                text_cell(sheet, row["organisation"]),
                number_cell(sheet, row["audience"]),
                number_cell(sheet, row["read"]),
                number_cell(sheet, row["unread"]),
                text_cell(sheet, _percent(row["read"], row["audience"])),
            ]
        )
    sheet.append(
        [
            *heading(_("合计")),
            number_cell(sheet, summary["audience"]),
            number_cell(sheet, summary["read"]),
            number_cell(sheet, summary["unread"]),
            text_cell(sheet, _percent(summary["read"], summary["audience"])),
        ]
    )
    sheet.append([])
    sheet.append(heading(_("未读人员"), _("所在党组织")))
    for member in summary["unread_members"]:
        sheet.append([text_cell(sheet, member["name"]), text_cell(sheet, member["organisation"])])
    return workbook


def notice_receipts_export_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """The 阅读统计 as an xlsx download, with every unread member."""
    notice, members = _notice_and_scope(request, page_id)
    summary = notice_receipt_summary(notice=notice, members=members, unread_limit=None)
    buffer = io.BytesIO()
    notice_receipts_workbook(notice=notice, summary=summary).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=_("阅读统计-%(title)s.xlsx") % {"title": notice.title}
    )
    return response

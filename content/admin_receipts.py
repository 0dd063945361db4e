"""阅读统计 of a 通知公告 in the Wagtail admin: totals, per-organisation rows, unread names, and the
same as an xlsx file. Administrators see only the audience inside their own subtree."""

import io

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell.cell import WriteOnlyCell
from openpyxl.styles import Font

from content.models import NoticePage
from content.receipts import notice_receipt_summary, notice_scope_for_administrator
from partybuild.excel.writing import number_cell, text_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _summary_for(request, page_id: int) -> tuple[NoticePage, dict]:
    members = notice_scope_for_administrator(user=request.user)
    if members is None:
        raise PermissionDenied
    notice = get_object_or_404(NoticePage, pk=page_id)
    summary = notice_receipt_summary(notice=notice, members=members)
    if not summary["audience"] and not request.user.is_superuser:
        raise Http404
    return notice, summary


def notice_receipts_view(request, page_id: int):
    """The 阅读统计 page of one notice."""
    notice, summary = _summary_for(request, page_id)
    return TemplateResponse(
        request,
        "content/admin/notice_receipts.html",
        {
            "page": notice,
            "summary": summary,
            "rate_percent": f"{summary['rate'] * 100:.1f}%",
            "header_title": f"阅读统计：{notice.title}",
        },
    )


def notice_receipts_workbook(*, notice: NoticePage, summary: dict) -> Workbook:
    """The xlsx report: title row, per-organisation table with a totals row, then the unread."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("阅读统计")
    bold = Font(bold=True)

    def heading(*values):
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value)
            cell.font = bold
            cells.append(cell)
        return cells

    now = timezone.localtime()
    sheet.append([text_cell(sheet, f"通知公告阅读统计：{notice.title}（{now:%Y-%m-%d %H:%M}）")])
    sheet.append([])
    sheet.append(heading("党组织", "应读人数", "已读人数", "未读人数", "阅读率"))
    for row in summary["organisations"]:
        rate = row["read"] / row["audience"] if row["audience"] else 0
        sheet.append(
            [
                text_cell(sheet, row["organisation"]),
                number_cell(sheet, row["audience"]),
                number_cell(sheet, row["read"]),
                number_cell(sheet, row["unread"]),
                text_cell(sheet, f"{rate * 100:.1f}%"),
            ]
        )
    sheet.append(
        [
            *heading("合计"),
            number_cell(sheet, summary["audience"]),
            number_cell(sheet, summary["read"]),
            number_cell(sheet, summary["unread"]),
            text_cell(sheet, f"{summary['rate'] * 100:.1f}%"),
        ]
    )
    sheet.append([])
    sheet.append(heading("未读人员", "所在党组织"))
    for member in summary["unread_members"]:
        sheet.append([text_cell(sheet, member["name"]), text_cell(sheet, member["organisation"])])
    return workbook


def notice_receipts_export_view(request, page_id: int):
    """The 阅读统计 as an xlsx download."""
    notice, summary = _summary_for(request, page_id)
    buffer = io.BytesIO()
    notice_receipts_workbook(notice=notice, summary=summary).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"阅读统计-{notice.title}.xlsx"
    )
    return response

"""xlsx export of 党代表: one sheet of representatives, one of their activities and one of their
proposals, all scoped to the user's subtree (cells are text, never formulas)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from partybuild.core.excel.writer import date_cell, number_cell, text_cell
from partybuild.models import User
from partybuild.representatives.selectors import (
    contact_activity_list,
    proposal_list,
    representative_list,
)


def _sheet_with(workbook: Workbook, title: str, headings: list[str]):
    """A new sheet whose first row is ``headings`` in bold."""
    sheet = workbook.create_sheet(title)
    bold = Font(bold=True)
    row = []
    for heading in headings:
        cell = text_cell(sheet, heading)
        cell.font = bold
        row.append(cell)
    sheet.append(row)
    return sheet


def _representatives_sheet(workbook: Workbook, *, user: User) -> int:
    """The sheet of representatives; returns how many rows it has."""
    sheet = _sheet_with(
        workbook,
        _("党代表"),
        [
            _("姓名"),
            _("所在党组织"),
            _("党代表大会"),
            _("层级"),
            _("选举单位"),
            _("当选日期"),
            _("任期开始"),
            _("任期届满"),
            _("资格终止日期"),
            _("联系活动次数"),
            _("提案建议数"),
        ],
    )
    count = 0
    for rep in representative_list(user=user):
        count += 1
        sheet.append(
            [
                text_cell(sheet, rep.member.name),
                text_cell(sheet, rep.member.organisation.name),
                text_cell(sheet, str(rep.congress)),
                text_cell(sheet, rep.congress.get_level_display()),
                text_cell(sheet, rep.constituency.name),
                date_cell(sheet, rep.elected_on),
                date_cell(sheet, rep.congress.term_start),
                date_cell(sheet, rep.congress.term_end),
                date_cell(sheet, rep.ended_on),
                number_cell(sheet, rep.activity_count),
                number_cell(sheet, rep.proposal_count),
            ]
        )
    return count


def _activities_sheet(workbook: Workbook, *, user: User) -> None:
    """The sheet of 联系党员群众 activities."""
    sheet = _sheet_with(
        workbook,
        _("联系党员群众"),
        [_("党代表"), _("日期"), _("地点"), _("联系人数"), _("活动内容")],
    )
    for activity in contact_activity_list(user=user):
        sheet.append(
            [
                text_cell(sheet, activity.representative.member.name),
                date_cell(sheet, activity.date),
                text_cell(sheet, activity.place),
                number_cell(sheet, activity.people_reached),
                text_cell(sheet, activity.content),
            ]
        )


def _proposals_sheet(workbook: Workbook, *, user: User) -> None:
    """The sheet of 提案建议 with their handling and reply."""
    sheet = _sheet_with(
        workbook,
        _("提案建议"),
        [
            _("党代表"),
            _("标题"),
            _("提交日期"),
            _("承办单位"),
            _("状态"),
            _("答复日期"),
            _("答复"),
            _("内容"),
        ],
    )
    for proposal in proposal_list(user=user):
        sheet.append(
            [
                text_cell(sheet, proposal.representative.member.name),
                text_cell(sheet, proposal.title),
                date_cell(sheet, proposal.submitted_on),
                text_cell(sheet, proposal.handling_organisation),
                text_cell(sheet, proposal.get_status_display()),
                date_cell(sheet, proposal.replied_on),
                text_cell(sheet, proposal.reply),
                text_cell(sheet, proposal.content),
            ]
        )


def representatives_xlsx(*, user: User) -> tuple[bytes, int]:
    """The workbook and its number of representative rows."""
    workbook = Workbook(write_only=True)
    count = _representatives_sheet(workbook, user=user)
    _activities_sheet(workbook, user=user)
    _proposals_sheet(workbook, user=user)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count

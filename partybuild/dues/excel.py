"""xlsx of the dues reports: a title row naming the organisation and the period, Chinese
headings, money as ¥0.00, a totals row; strings are always strings, never formulas."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import WriteOnlyCell
from openpyxl.styles import Font

from partybuild.core.excel.writer import text_cell

MONEY_FORMAT = '"¥"#,##0.00'
RATE_FORMAT = "0.00%"
BOLD = Font(bold=True)


def _money(sheet, value: Decimal, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = MONEY_FORMAT
    if bold:
        cell.font = BOLD
    return cell


def _rate(sheet, value: Decimal, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = RATE_FORMAT
    if bold:
        cell.font = BOLD
    return cell


def _bold_text(sheet, value) -> WriteOnlyCell:
    cell = text_cell(sheet, value)
    cell.font = BOLD
    return cell


def _sheet(title: str):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    return workbook, sheet


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def dues_report_xlsx(*, report: dict, member_rows: list[dict]) -> bytes:
    """The collection report: per organisation (subtree subtotals), the grand total, then the
    member rows with their own totals row (equal to the grand total)."""
    root, period = report["root"], report["period"]
    workbook, sheet = _sheet("党费收缴统计")
    sheet.append([_bold_text(sheet, f"{root.name} 党费收缴统计（{period.label}）")])
    sheet.append([])
    headings = ["党组织", "本级人数", "应缴（小计）", "已缴（小计）", "欠缴（小计）", "收缴率"]
    sheet.append([_bold_text(sheet, heading) for heading in headings])
    for row in report["rows"]:
        subtotal = row["subtotal"]
        sheet.append(
            [
                text_cell(sheet, "　" * row["depth"] + row["organisation"].name),
                row["members"],
                _money(sheet, subtotal["assessed"]),
                _money(sheet, subtotal["paid"]),
                _money(sheet, subtotal["outstanding"]),
                _rate(sheet, subtotal["rate"]),
            ]
        )
    total = report["total"]
    sheet.append(
        [
            _bold_text(sheet, "合计"),
            sum(row["members"] for row in report["rows"]),
            _money(sheet, total["assessed"], bold=True),
            _money(sheet, total["paid"], bold=True),
            _money(sheet, total["outstanding"], bold=True),
            _rate(sheet, total["rate"], bold=True),
        ]
    )
    members = workbook.create_sheet("党员明细")
    members.append([_bold_text(members, f"{root.name} 党员党费明细（{period.label}）")])
    members.append([])
    members.append(
        [
            _bold_text(members, heading)
            for heading in ["姓名", "所在党组织", "月数", "应缴", "已缴", "欠缴"]
        ]
    )
    for row in member_rows:
        members.append(
            [
                text_cell(members, row["name"]),
                text_cell(members, row["organisation"]),
                row["months"],
                _money(members, row["assessed"]),
                _money(members, row["paid"]),
                _money(members, row["outstanding"]),
            ]
        )
    members.append(
        [
            _bold_text(members, "合计"),
            text_cell(members, ""),
            sum(row["months"] for row in member_rows),
            _money(members, sum((r["assessed"] for r in member_rows), Decimal("0")), bold=True),
            _money(members, sum((r["paid"] for r in member_rows), Decimal("0")), bold=True),
            _money(members, sum((r["outstanding"] for r in member_rows), Decimal("0")), bold=True),
        ]
    )
    return _bytes(workbook)


def dues_arrears_xlsx(*, root, min_months: int, rows: list[dict]) -> bytes:
    """The arrears list: members owing ``min_months`` or more months."""
    workbook, sheet = _sheet("欠缴党费名单")
    sheet.append([_bold_text(sheet, f"{root.name} 欠缴党费名单（欠缴 {min_months} 个月及以上）")])
    sheet.append([])
    sheet.append([_bold_text(sheet, h) for h in ["姓名", "所在党组织", "欠缴月数", "欠缴金额"]])
    for row in rows:
        sheet.append(
            [
                text_cell(sheet, row["name"]),
                text_cell(sheet, row["organisation"]),
                row["months"],
                _money(sheet, row["outstanding"]),
            ]
        )
    sheet.append(
        [
            _bold_text(sheet, "合计"),
            text_cell(sheet, f"{len(rows)} 人"),
            sum(row["months"] for row in rows),
            _money(sheet, sum((row["outstanding"] for row in rows), Decimal("0")), bold=True),
        ]
    )
    return _bytes(workbook)


def dues_statement_xlsx(*, statement: dict) -> bytes:
    """A member's statement: each month's assessment and payment state, then the payments."""
    member = statement["member"]
    workbook, sheet = _sheet("党费缴纳明细")
    sheet.append([_bold_text(sheet, f"{member.name} 党费缴纳明细")])
    sheet.append([])
    sheet.append([_bold_text(sheet, h) for h in ["月份", "所在党组织", "应缴", "已缴", "欠缴"]])
    for assessment in statement["assessments"]:
        sheet.append(
            [
                text_cell(sheet, f"{assessment.month:%Y-%m}"),
                text_cell(sheet, assessment.organisation.name),
                _money(sheet, assessment.amount_due),
                _money(sheet, assessment.paid_amount),
                _money(sheet, assessment.amount_due - assessment.paid_amount),
            ]
        )
    sheet.append(
        [_bold_text(sheet, "合计欠缴"), "", "", "", _money(sheet, statement["owed"], bold=True)]
    )
    return _bytes(workbook)

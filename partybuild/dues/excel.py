"""xlsx of the dues reports and registers: a title row naming the organisation and the period,
Chinese headings, money as ¥0.00, a totals row; strings are always strings, never formulas."""

import io
from collections.abc import Iterable
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


def dues_report_xlsx(*, report: dict, member_rows: Iterable[dict], passed_up: list) -> bytes:
    """The collection report: per organisation (subtree subtotals, 减免 included), the grand
    total, then the member rows with their own totals row (equal to the grand total), then the
    voluntary payments of 1000 yuan or more, passed up in full (docs/domain.md §4). The member
    rows are read once, as they come (an iterator over the database streams them)."""
    root, period = report["root"], report["period"]
    workbook, sheet = _sheet("党费收缴统计")
    sheet.append([_bold_text(sheet, f"{root.name} 党费收缴统计（{period.label}）")])
    sheet.append([])
    headings = [
        "党组织",
        "本级人数",
        "应缴（小计）",
        "已缴（小计）",
        "欠缴（小计）",
        "收缴率",
        "减免（小计）",
    ]
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
                _money(sheet, subtotal["waived"]),
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
            _money(sheet, total["waived"], bold=True),
        ]
    )
    members = workbook.create_sheet("党员明细")
    members.append([_bold_text(members, f"{root.name} 党员党费明细（{period.label}）")])
    members.append([])
    members.append(
        [
            _bold_text(members, heading)
            for heading in ["姓名", "所在党组织", "月数", "应缴", "已缴", "欠缴", "减免"]
        ]
    )
    months = 0
    sums = dict.fromkeys(("assessed", "paid", "outstanding", "waived"), Decimal("0"))
    for row in member_rows:
        members.append(
            [
                text_cell(members, row["name"]),
                text_cell(members, row["organisation"]),
                row["months"],
                _money(members, row["assessed"]),
                _money(members, row["paid"]),
                _money(members, row["outstanding"]),
                _money(members, row["waived"]),
            ]
        )
        months += row["months"]
        for key in sums:
            sums[key] += row[key]
    members.append(
        [
            _bold_text(members, "合计"),
            text_cell(members, ""),
            months,
            *(_money(members, sums[key], bold=True) for key in sums),
        ]
    )
    _passed_up_sheet(
        workbook,
        title=f"{root.name} 自愿多交党费全额上缴中央（{period.label}）",
        payments=passed_up,
    )
    return _bytes(workbook)


def _passed_up_sheet(workbook: Workbook, *, title: str, payments: list) -> None:
    """全额上缴中央: each single voluntary payment of 1000 yuan or more (docs/domain.md §4)."""
    sheet = workbook.create_sheet("全额上缴中央")
    sheet.append([_bold_text(sheet, title)])
    sheet.append([text_cell(sheet, "一次性自愿多交党费 1000 元及以上的，全额上缴中央。")])
    headings = ["缴费日期", "姓名", "收缴党组织", "缴费金额", "其中自愿多交", "收据编号", "标记"]
    sheet.append([_bold_text(sheet, heading) for heading in headings])
    for payment in payments:
        sheet.append(
            [
                text_cell(sheet, f"{payment.paid_on:%Y-%m-%d}"),
                text_cell(sheet, payment.member.name),
                text_cell(sheet, payment.organisation.name),
                _money(sheet, payment.amount),
                _money(sheet, payment.voluntary_extra),
                text_cell(sheet, payment.receipt_number),
                text_cell(sheet, "全额上缴中央"),
            ]
        )
    sheet.append(
        [
            _bold_text(sheet, "合计"),
            text_cell(sheet, f"{len(payments)} 笔"),
            text_cell(sheet, ""),
            _money(sheet, sum((p.amount for p in payments), Decimal("0")), bold=True),
            _money(sheet, sum((p.voluntary_extra for p in payments), Decimal("0")), bold=True),
        ]
    )


def dues_arrears_xlsx(*, root, min_months: int, rows: Iterable[dict]) -> bytes:
    """The arrears list: members owing ``min_months`` or more months (``rows`` read once, as
    they come)."""
    workbook, sheet = _sheet("欠缴党费名单")
    sheet.append([_bold_text(sheet, f"{root.name} 欠缴党费名单（欠缴 {min_months} 个月及以上）")])
    sheet.append([])
    sheet.append([_bold_text(sheet, h) for h in ["姓名", "所在党组织", "欠缴月数", "欠缴金额"]])
    people, months, outstanding = 0, 0, Decimal("0")
    for row in rows:
        sheet.append(
            [
                text_cell(sheet, row["name"]),
                text_cell(sheet, row["organisation"]),
                row["months"],
                _money(sheet, row["outstanding"]),
            ]
        )
        people += 1
        months += row["months"]
        outstanding += row["outstanding"]
    sheet.append(
        [
            _bold_text(sheet, "合计"),
            text_cell(sheet, f"{people} 人"),
            months,
            _money(sheet, outstanding, bold=True),
        ]
    )
    return _bytes(workbook)


def dues_statement_xlsx(*, statement: dict) -> bytes:
    """A member's statement: each month's assessment and payment state, then the payments."""
    member = statement["member"]
    workbook, sheet = _sheet("党费缴纳明细")
    sheet.append([_bold_text(sheet, f"{member.name} 党费缴纳明细")])
    sheet.append([])
    headings = ["月份", "所在党组织", "应缴", "已缴", "欠缴", "减免金额", "减免"]
    sheet.append([_bold_text(sheet, h) for h in headings])
    for assessment in statement["assessments"]:
        sheet.append(
            [
                text_cell(sheet, f"{assessment.month:%Y-%m}"),
                text_cell(sheet, assessment.organisation.name),
                _money(sheet, assessment.amount_due),
                _money(sheet, assessment.paid_amount),
                _money(sheet, assessment.amount_due - assessment.paid_amount),
                _money(sheet, assessment.waived_amount),
                text_cell(sheet, assessment.waiver.label() if assessment.waiver else ""),
            ]
        )
    sheet.append(
        [_bold_text(sheet, "合计欠缴"), "", "", "", _money(sheet, statement["owed"], bold=True)]
    )
    sheet.append([])
    sheet.append([_bold_text(sheet, "缴费记录")])
    headings = ["缴费日期", "金额", "其中自愿多交", "收据编号", "说明", "标记"]
    sheet.append([_bold_text(sheet, h) for h in headings])
    for payment in statement["payments"]:
        sheet.append(
            [
                text_cell(sheet, f"{payment.paid_on:%Y-%m-%d}"),
                _money(sheet, payment.amount),
                _money(sheet, payment.voluntary_extra),
                text_cell(sheet, payment.receipt_number),
                text_cell(sheet, ("冲正：" if payment.reverses_id else "") + payment.reason),
                text_cell(sheet, "全额上缴中央" if payment.passes_up_in_full else ""),
            ]
        )
    return _bytes(workbook)


def dues_lapsed_xlsx(*, root, months: int, rows: list[dict]) -> bytes:
    """Members ``months`` (six) or more consecutive months unpaid, for the branch to look into
    (docs/domain.md §4); a reminder for people, nothing in it changes a member's standing."""
    workbook, sheet = _sheet("连续未交纳党费名单")
    sheet.append([_bold_text(sheet, f"{root.name} 连续{months}个月及以上未交纳党费的党员")])
    sheet.append(
        [
            text_cell(
                sheet,
                "无正当理由连续6个月不交纳党费的，按自行脱党处理：请党支部逐一核实原因后研究处理，"
                "系统不会改变党员的党籍状态。",
            )
        ]
    )
    headings = [
        "姓名",
        "所在党组织",
        "连续未交月数",
        "起始月份",
        "截止月份",
        "欠缴月数",
        "欠缴金额",
    ]
    sheet.append([_bold_text(sheet, h) for h in headings])
    for row in rows:
        sheet.append(
            [
                text_cell(sheet, row["name"]),
                text_cell(sheet, row["organisation"]),
                row["run_months"],
                text_cell(sheet, f"{row['run_start']:%Y-%m}"),
                text_cell(sheet, f"{row['run_end']:%Y-%m}"),
                row["months_owed"],
                _money(sheet, row["outstanding"]),
            ]
        )
    sheet.append(
        [
            _bold_text(sheet, "合计"),
            text_cell(sheet, f"{len(rows)} 人"),
            "",
            "",
            "",
            sum(row["months_owed"] for row in rows),
            _money(sheet, sum((row["outstanding"] for row in rows), Decimal("0")), bold=True),
        ]
    )
    return _bytes(workbook)


def dues_waivers_xlsx(*, title: str, waivers) -> bytes:
    """The 减免 register: one row a waiver, with its reason and the 上级党委's approval."""
    workbook, sheet = _sheet("党费减免")
    sheet.append([_bold_text(sheet, title)])
    sheet.append([])
    headings = [
        "姓名",
        "所在党组织",
        "减免方式",
        "减交后每月应缴",
        "起始月份",
        "截止月份",
        "减免原因",
        "批准的上级党委",
        "批准人",
        "批准日期",
        "批准文号",
        "状态",
    ]
    sheet.append([_bold_text(sheet, h) for h in headings])
    for waiver in waivers:
        sheet.append(
            [
                text_cell(sheet, waiver.member.name),
                text_cell(sheet, waiver.member.organisation.name),
                text_cell(sheet, waiver.get_kind_display()),
                _money(sheet, waiver.reduced_amount) if waiver.reduced_amount is not None else "",
                text_cell(sheet, f"{waiver.start_month:%Y-%m}"),
                text_cell(sheet, f"{waiver.end_month:%Y-%m}"),
                text_cell(sheet, waiver.reason),
                text_cell(sheet, waiver.approving_organisation.name),
                text_cell(sheet, waiver.approver),
                text_cell(sheet, f"{waiver.approved_on:%Y-%m-%d}"),
                text_cell(sheet, waiver.approval_document),
                text_cell(sheet, "有效" if waiver.is_active else f"已撤销：{waiver.revoke_reason}"),
            ]
        )
    return _bytes(workbook)

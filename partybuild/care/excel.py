"""xlsx of the 党内关怀 lists: 困难党员, 帮扶慰问 (amounts as numbers with 2 places), the
光荣在党50年 list and the month's 政治生日. Phone numbers are masked."""

import io
from collections.abc import Callable, Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import WriteOnlyCell

from partybuild.care.models import CareVisit, HardshipMember
from partybuild.core.excel.reader import Column
from partybuild.core.excel.writer import row_cells, sheet_write
from partybuild.core.privacy import mask_identifier
from partybuild.models import Member

HARDSHIP_COLUMNS = (
    Column("姓名", "name", width=10),
    Column("所在党组织", "organisation", width=24),
    Column("困难类型", "kind", width=10),
    Column("困难程度", "level", width=10),
    Column("困难情况", "description", width=40),
    Column("登记日期", "registered_on", kind="date", width=12),
    Column("最近复核日期", "reviewed_on", kind="date", width=12),
    Column("待复核", "review_due", width=8),
    Column("解除日期", "closed_on", kind="date", width=12),
)

VISIT_COLUMNS = (
    Column("姓名", "name", width=10),
    Column("所在党组织", "organisation", width=24),
    Column("关怀方式", "kind", width=8),
    Column("日期", "visited_on", kind="date", width=12),
    Column("开展党组织", "by_organisation", width=24),
    Column("帮扶或慰问人", "visitor", width=14),
    Column("内容", "content", width=40),
    Column("金额（元）", "amount", kind="money", width=12),
)

MEMBER_COLUMNS = (
    Column("姓名", "name", width=10),
    Column("性别", "gender", width=6),
    Column("所在党组织", "organisation", width=24),
    Column("手机号码", "phone", width=14),
    Column("入党日期", "joined_on", kind="date", width=12),
    Column("转正日期", "confirmed_on", kind="date", width=12),
    Column("党龄（年）", "years", kind="int", width=10),
)


def _cells(sheet, columns, values: dict) -> list:
    """``row_cells`` with money as a number cell formatted 0.00."""
    cells = row_cells(sheet, [c for c in columns if c.kind != "money"], values)
    for position, column in enumerate(columns):
        if column.kind == "money":
            cell = WriteOnlyCell(sheet, values[column.key])
            cell.number_format = "0.00"
            cells.insert(position, cell)
    return cells


def _workbook(title: str, columns, rows: Iterable[dict]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet_write(sheet, columns, (_cells(sheet, columns, values) for values in rows))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def hardship_xlsx(*, records: Iterable[HardshipMember]) -> bytes:
    """困难党员名册 (``records`` from ``hardship_list``, annotated)."""
    return _workbook(
        "困难党员",
        HARDSHIP_COLUMNS,
        (
            {
                "name": r.member.name,
                "organisation": r.member.organisation.name,
                "kind": r.get_kind_display(),
                "level": r.get_level_display(),
                "description": r.description,
                "registered_on": r.registered_on,
                "reviewed_on": r.reviewed_on,
                "review_due": "是" if r.review_due else "",
                "closed_on": r.closed_on,
            }
            for r in records
        ),
    )


def care_visit_xlsx(*, visits: Iterable[CareVisit]) -> bytes:
    """帮扶慰问记录."""
    return _workbook(
        "帮扶慰问",
        VISIT_COLUMNS,
        (
            {
                "name": v.member.name,
                "organisation": v.member.organisation.name,
                "kind": v.get_kind_display(),
                "visited_on": v.visited_on,
                "by_organisation": v.organisation.name,
                "visitor": v.visitor,
                "content": v.content,
                "amount": v.amount,
            }
            for v in visits
        ),
    )


def member_list_xlsx(
    *, title: str, members: Iterable[Member], years: Callable[[Member], int]
) -> bytes:
    """A list of members (光荣在党50年, 政治生日) with ``years`` (党龄 or years since joining)."""
    return _workbook(
        title,
        MEMBER_COLUMNS,
        (
            {
                "name": m.name,
                "gender": m.get_gender_display(),
                "organisation": m.organisation.name,
                "phone": mask_identifier(m.phone, kind="mobile"),
                "joined_on": m.joined_on,
                "confirmed_on": m.confirmed_on,
                "years": years(m),
            }
            for m in members
        ),
    )

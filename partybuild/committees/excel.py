"""书记名册 as an xlsx workbook: organisation, type, 书记, term, how formed (no personal data)."""

import io
from collections.abc import Iterable

from openpyxl import Workbook

from partybuild.committees.models import CommitteeMember
from partybuild.core.excel.reader import Column
from partybuild.core.excel.writer import row_cells, sheet_write

ROSTER_COLUMNS = (
    Column("党组织", "organisation", width=30),
    Column("组织类别", "org_type"),
    Column("书记", "name"),
    Column("任期开始日期", "starts_on", "date", width=16),
    Column("任期届满日期", "ends_on", "date", width=16),
    Column("产生方式", "formation", width=16),
)


def secretary_roster_row(seat: CommitteeMember) -> dict:
    """One 书记 of the roster as the sheet's and the page's values."""
    term = seat.term
    return {
        "organisation": term.organisation.name,
        "org_type": term.organisation.get_org_type_display(),
        "name": seat.member.name,
        "starts_on": term.starts_on,
        "ends_on": term.ends_on,
        "formation": seat.get_formation_display(),
    }


def secretary_roster_xlsx(*, seats: Iterable[CommitteeMember]) -> tuple[bytes, int]:
    """The roster as an xlsx workbook and its row count."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("书记名册")
    count = sheet_write(
        sheet,
        ROSTER_COLUMNS,
        (row_cells(sheet, ROSTER_COLUMNS, secretary_roster_row(seat)) for seat in seats),
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count

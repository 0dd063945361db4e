"""Writing cells of the registers' sheets: strings always as strings (never formulas), dates
with a date format, bold headings."""

import datetime
from collections.abc import Sequence
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from partybuild.excel.common import Column

DATE_NUMBER_FORMAT = "yyyy-mm-dd"
HEADING_FONT = Font(bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="FDE2E1")


def text_cell(worksheet: Any, value: Any) -> Cell:
    """A cell that holds ``value`` as a string, never a formula (even "=1+1", "+86", "@x")."""
    cell = WriteOnlyCell(
        worksheet, ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    )
    cell.data_type = "s"  # openpyxl would otherwise take a leading "=" for a formula
    return cell


def date_cell(worksheet: Any, value: datetime.date | None) -> Cell:
    cell = WriteOnlyCell(worksheet, value)
    if value is not None:
        cell.number_format = DATE_NUMBER_FORMAT
    return cell


def number_cell(worksheet: Any, value: int | None) -> Cell:
    return WriteOnlyCell(worksheet, value)


def heading_cells(worksheet: Any, columns: Sequence[Column], *, mark_required=False) -> list:
    cells = []
    for column in columns:
        cell = text_cell(worksheet, column.heading)
        cell.font = HEADING_FONT
        if mark_required and column.required:
            cell.fill = REQUIRED_FILL
        cells.append(cell)
    return cells


def set_column_widths(worksheet: Any, columns: Sequence[Column]) -> None:
    for position, column in enumerate(columns, start=1):
        worksheet.column_dimensions[get_column_letter(position)].width = column.width

"""Writing the registers' sheets: strings always as strings (never formulas), dates with a date
format, bold headings; a row of cells by its columns, an exported sheet, an import template."""

import datetime
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from partybuild.core.excel.reader import NO, YES, Column, choice_labels

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


def row_cells(worksheet: Any, columns: Sequence[Column], values: dict[str, Any]) -> list:
    """One row in the order of ``columns`` (``values`` by column key): date columns as dates,
    whole-number columns as numbers, everything else as text."""
    cells = []
    for column in columns:
        value = values[column.key]
        if column.kind == "date":
            cells.append(date_cell(worksheet, value))
        elif column.kind == "int":
            cells.append(number_cell(worksheet, value))
        else:
            cells.append(text_cell(worksheet, value))
    return cells


def sheet_write(worksheet: Any, columns: Sequence[Column], rows: Iterable[list]) -> int:
    """Write the heading row and then each row of cells to a (write-only) sheet; return how many
    rows were written."""
    set_column_widths(worksheet, columns)
    worksheet.freeze_panes = "A2"
    worksheet.append(heading_cells(worksheet, columns))
    count = 0
    for cells in rows:
        worksheet.append(cells)
        count += 1
    return count


def template_workbook(
    *,
    title: str,
    columns: Sequence[Column],
    text_keys: Sequence[str],
    column_help: Callable[[Column], str],
    note: str,
    heading_width: int,
) -> Workbook:
    """An import template: the headings (required ones shaded, ``text_keys`` columns formatted
    as text), drop-down lists for choices and yes/no columns, and a 填写说明 sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(heading_cells(sheet, columns, mark_required=True))
    set_column_widths(sheet, columns)
    sheet.freeze_panes = "A2"
    for position, column in enumerate(columns, start=1):
        letter = get_column_letter(position)
        if column.key in text_keys:
            sheet.column_dimensions[letter].number_format = "@"
        if column.kind == "date":
            sheet.column_dimensions[letter].number_format = DATE_NUMBER_FORMAT
        options = None
        if column.kind == "choice":
            options = choice_labels(column.choices)
        elif column.kind == "bool":
            options = [YES, NO]
        if options:
            validation = DataValidation(
                type="list", formula1='"' + ",".join(options) + '"', allow_blank=True
            )
            validation.add(f"{letter}2:{letter}10000")
            sheet.add_data_validation(validation)
    help_sheet = workbook.create_sheet("填写说明")
    help_sheet.append(["列标题", "是否必填", "填写说明"])
    for column in columns:
        help_sheet.append([column.heading, "必填" if column.required else "", column_help(column)])
    help_sheet.append([])
    help_sheet.append(["说明", "", note])
    help_sheet.column_dimensions["A"].width = heading_width
    help_sheet.column_dimensions["B"].width = 10
    help_sheet.column_dimensions["C"].width = 80
    return workbook

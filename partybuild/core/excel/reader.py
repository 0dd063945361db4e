"""Safe opening of uploaded xlsx files, limits, heading matching, cell conversion and the
reading of a register's data row into model fields and per-row issues.

A file is refused *before* its rows are parsed when it is not an xlsx workbook (zip magic and
openpyxl's own loading), is larger than :data:`MAX_FILE_BYTES`, declares more than
:data:`MAX_ROWS` data rows, unzips to more than :data:`MAX_UNZIPPED_BYTES`, or has no
recognisable heading row. openpyxl parses the XML through defusedxml (installed), and only in
``read_only`` mode, so memory stays bounded whatever the file holds.

The limits are module attributes read at call time, so tests may monkeypatch them small.
"""

import contextlib
import datetime
import functools
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from openpyxl import load_workbook

MB = 1024 * 1024
#: Largest upload accepted, in bytes.
MAX_FILE_BYTES = 20 * MB
#: Most data rows (below the heading row) accepted in one file.
MAX_ROWS = 200_000
#: Largest total of the zip members' uncompressed sizes (a defence against zip bombs).
MAX_UNZIPPED_BYTES = 200 * MB
#: How many rows from the top are searched for the heading row.
HEADING_SEARCH_ROWS = 5

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls format

TRUE_WORDS = frozenset({"是", "有", "√", "✓", "y", "yes", "true", "1"})
FALSE_WORDS = frozenset({"否", "无", "×", "n", "no", "false", "0"})
YES, NO = "是", "否"


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportIssue:
    """One problem of an import: ``row`` is the worksheet's row number (None for the whole file),
    ``column`` the heading concerned ("" for the whole row), ``message`` says why in Chinese and
    ``code`` is a stable identifier for programs and tests."""

    row: int | None
    column: str
    message: str
    code: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row is not None else "文件"
        if self.column:
            where += f"「{self.column}」"
        return f"{where}：{self.message}（{self.code}）"


@dataclass
class ImportResult:
    """What an import did. ``created`` is 0 whenever ``errors`` is not empty (all or nothing);
    ``rows`` counts the data rows read; a dry run writes nothing and reports ``created`` as the
    number of rows that would have been written."""

    rows: int = 0
    created: int = 0
    dry_run: bool = False
    errors: list[ImportIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def report_lines(self) -> list[str]:
        return [str(issue) for issue in self.errors]


class ExcelFileRefused(Exception):
    """The file was refused as a whole (before or while reading rows)."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code

    def as_issue(self) -> ImportIssue:
        return ImportIssue(row=None, column="", message=self.message, code=self.code)


class CellError(Exception):
    """A cell that cannot be converted; carries a Chinese message and a stable code, and may
    name the column to blame when it is not the one being read."""

    def __init__(self, message: str, code: str, *, column: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
        self.column = column


# --- columns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of a register's sheet: the Chinese heading and how its cells are read.

    ``kind`` is one of "text", "date", "choice", "bool", "int"; ``choices`` is the TextChoices
    whose Chinese labels (or stored values) a "choice" cell may hold.
    """

    heading: str
    key: str
    kind: str = "text"
    required: bool = False
    choices: type[models.TextChoices] | None = None
    aliases: tuple[str, ...] = ()
    width: int = 14


def normalise_heading(value: Any) -> str:
    """Headings compare without spaces, with half-width brackets and without a required mark."""
    text = "" if value is None else str(value)
    text = re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")
    return text.rstrip("*＊")


@dataclass
class HeadingMatch:
    """Where each known column sits in the sheet (0-based), and what went wrong."""

    row: int = 0
    positions: dict[str, int] = field(default_factory=dict)
    issues: list[ImportIssue] = field(default_factory=list)


def match_headings(
    row_number: int, values: Sequence[Any], columns: Sequence[Column]
) -> HeadingMatch:
    """Match a heading row by name in any order; unknown headings (e.g. 序号) are ignored."""
    lookup: dict[str, Column] = {}
    for column in columns:
        for name in (column.heading, *column.aliases):
            lookup[normalise_heading(name)] = column
    match = HeadingMatch(row=row_number)
    for position, value in enumerate(values):
        column = lookup.get(normalise_heading(value))
        if column is None:
            continue
        if column.key in match.positions:
            match.issues.append(
                ImportIssue(
                    row=row_number,
                    column=column.heading,
                    message="该列出现了不止一次。",
                    code="column_duplicate",
                )
            )
            continue
        match.positions[column.key] = position
    for column in columns:
        if column.required and column.key not in match.positions:
            match.issues.append(
                ImportIssue(
                    row=row_number,
                    column=column.heading,
                    message="缺少必填列。",
                    code="column_missing",
                )
            )
    return match


def recognised_heading_count(values: Sequence[Any], columns: Sequence[Column]) -> int:
    names = {normalise_heading(n) for c in columns for n in (c.heading, *c.aliases)}
    return sum(1 for value in values if value is not None and normalise_heading(value) in names)


# --- opening -------------------------------------------------------------------------------


def _refuse_not_xlsx() -> ExcelFileRefused:
    return ExcelFileRefused(
        "该文件不是有效的 Excel 工作簿（.xlsx）。"
        "请用 Excel 或 WPS 另存为“Excel 工作簿(*.xlsx)”后再上传。",
        "file_not_xlsx",
    )


@contextlib.contextmanager
def _binary_file(file: Any) -> Iterator[Any]:
    """A seekable binary file object for a path, bytes, or an (uploaded) file object."""
    if isinstance(file, str | os.PathLike):
        try:
            handle = open(file, "rb")  # noqa: SIM115 - closed below
        except OSError as error:
            raise ExcelFileRefused(
                f"无法打开文件「{os.fspath(file)}」（{error.strerror}）。", "file_unreadable"
            ) from None
        with handle:
            yield handle
        return
    if isinstance(file, bytes | bytearray):
        yield io.BytesIO(file)
        return
    if hasattr(file, "seekable") and not file.seekable():
        with tempfile.SpooledTemporaryFile(max_size=MB) as spooled:
            spooled.write(file.read(MAX_FILE_BYTES + 1))
            spooled.seek(0)
            yield spooled
        return
    file.seek(0)
    yield file


def _file_size(handle: Any) -> int:
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    return size


def check_file(handle: Any) -> None:
    """Refuse what is not a small, sane xlsx, without parsing any worksheet."""
    size = _file_size(handle)
    if size > MAX_FILE_BYTES:
        raise ExcelFileRefused(
            f"文件过大（{size / MB:.1f} MB），不能超过 {MAX_FILE_BYTES / MB:g} MB。",
            "file_too_large",
        )
    magic = handle.read(8)
    handle.seek(0)
    if magic == _OLE_MAGIC:
        raise ExcelFileRefused(
            "这是旧版 Excel 97-2003 文件（.xls），请另存为“Excel 工作簿(*.xlsx)”后再上传。",
            "file_xls",
        )
    if not magic.startswith(_ZIP_MAGIC):
        raise _refuse_not_xlsx()
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
            names = {info.filename for info in members}
            # zipfile never inflates a member beyond its declared size, so the declared
            # sizes bound what reading the workbook can unpack.
            unzipped = sum(info.file_size for info in members)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise _refuse_not_xlsx() from None
    finally:
        handle.seek(0)
    if unzipped > MAX_UNZIPPED_BYTES:
        raise ExcelFileRefused(
            f"文件解压后过大（{unzipped / MB:.1f} MB），不能超过 {MAX_UNZIPPED_BYTES / MB:g} MB。",
            "unzipped_too_large",
        )
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise _refuse_not_xlsx()


@dataclass
class SheetRows:
    """The rows of a workbook's first sheet, as (row number, values); enforces MAX_ROWS."""

    worksheet: Any
    first_data_row: int = 0

    def __iter__(self) -> Iterator[tuple[int, tuple]]:
        for number, values in enumerate(self.worksheet.iter_rows(values_only=True), start=1):
            if self.first_data_row and number - self.first_data_row + 1 > MAX_ROWS:
                raise _too_many_rows()
            yield number, values


def _too_many_rows() -> ExcelFileRefused:
    return ExcelFileRefused(
        f"数据行过多：一次最多导入 {MAX_ROWS} 行，请分成几个文件导入。", "too_many_rows"
    )


@contextlib.contextmanager
def open_first_sheet(file: Any) -> Iterator[SheetRows]:
    """Check ``file`` (see :func:`check_file`) and yield the rows of its first worksheet."""
    with _binary_file(file) as handle:
        check_file(handle)
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many types for malformed workbooks
            raise _refuse_not_xlsx() from None
        try:
            worksheets = [ws for ws in workbook.worksheets if hasattr(ws, "iter_rows")]
            if not worksheets:
                raise ExcelFileRefused("工作簿中没有工作表。", "no_worksheet")
            worksheet = worksheets[0]
            declared = worksheet.max_row
            if declared is not None and declared - 1 > MAX_ROWS:
                raise _too_many_rows()
            # The declared size may be wrong; read every row and count them ourselves.
            worksheet.reset_dimensions()
            yield SheetRows(worksheet)
        finally:
            workbook.close()


def find_heading_row(
    rows: SheetRows, columns: Sequence[Column]
) -> tuple[HeadingMatch, Iterator[tuple[int, tuple]]]:
    """Find the heading row among the first rows; return its match and the remaining rows."""
    iterator = iter(rows)
    for number, values in iterator:
        if recognised_heading_count(values, columns):
            rows.first_data_row = number + 1
            return match_headings(number, values, columns), iterator
        if number >= HEADING_SEARCH_ROWS:
            break
    expected = "、".join(column.heading for column in columns if column.required)
    raise ExcelFileRefused(
        f"没有找到可识别的列标题。第一行应为列标题，至少包括：{expected}。请使用下载的模板。",
        "no_headings",
    )


def row_is_empty(values: Sequence[Any], positions: dict[str, int]) -> bool:
    """Whether every recognised column of the row is blank (an unknown 序号 column does not
    make a row count)."""
    return all(is_blank(cell_value(values, position)) for position in positions.values())


def cell_value(values: Sequence[Any], position: int | None) -> Any:
    if position is None or position >= len(values):
        return None
    return values[position]


# --- cell conversion -----------------------------------------------------------------------


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    """A text cell; numbers typed into text columns (phone numbers) become their digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def cell_identifier(value: Any) -> str:
    """An ID number cell: must be text, since a number cell has lost its last digits."""
    if isinstance(value, float):
        raise CellError(
            "公民身份号码被保存成了数字，末几位已丢失；请将该列设为“文本”格式后重新填写。",
            "id_number_not_text",
        )
    return cell_text(value)


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)
DATE_FORMATS_HELP = "2018-03-07、2018/3/7、2018.03.07 或 2018年3月7日"


def cell_date(value: Any) -> datetime.date | None:
    """An Excel date, or text such as 2018-03-07, 2018/3/7, 2018.03.07 or 2018年3月7日."""
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = re.sub(r"\s*([-/.年月日:])\s*", r"\1", value.strip())
        for pattern in _DATE_PATTERNS:
            found = pattern.match(text)
            if found:
                year, month, day = (int(part) for part in found.groups())
                try:
                    return datetime.date(year, month, day)
                except ValueError:
                    raise CellError(f"「{value}」不是有效日期。", "date_invalid") from None
    raise CellError(f"无法识别的日期「{value}」，请填写如 {DATE_FORMATS_HELP}。", "date_format")


def choice_labels(choices: type[models.TextChoices]) -> list[str]:
    return [str(label) for label in choices.labels]


@functools.cache
def _choice_lookup(choices: type[models.TextChoices], language: str) -> dict[str, str]:
    lookup = {stored: stored for stored in choices.values}
    lookup.update({normalise_heading(label): stored for stored, label in choices.choices})
    return lookup


def cell_choice(value: Any, choices: type[models.TextChoices]) -> str:
    """A choice cell holding the Chinese label (or the stored value); "" when blank."""
    if is_blank(value):
        return ""
    lookup = _choice_lookup(choices, translation.get_language() or "")
    stored = lookup.get(normalise_heading(cell_text(value)))
    if stored is not None:
        return stored
    allowed = "、".join(choice_labels(choices))
    raise CellError(f"「{value}」不是可选值，应为：{allowed}。", "invalid_choice")


def cell_bool(value: Any) -> bool:
    """A yes/no cell: 是/否 (also √, Y/N, 1/0); blank means no."""
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(f"「{value}」应填写“是”或“否”。", "invalid_boolean")


def cell_int(value: Any) -> int | None:
    """A whole, non-negative number; None when blank."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"「{value}」应为整数。", "invalid_integer")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\d+", value.strip()):
        number = int(value.strip())
    else:
        raise CellError(f"「{value}」应为不小于0的整数。", "invalid_integer")
    if number < 0:
        raise CellError(f"「{value}」应为不小于0的整数。", "invalid_integer")
    return number


def cell_convert(column: Column, value: Any) -> Any:
    """A cell read as its column's kind (see :class:`Column`); any other kind is text."""
    if column.kind == "date":
        return cell_date(value)
    if column.kind == "choice":
        return cell_choice(value, column.choices)
    if column.kind == "bool":
        return cell_bool(value)
    if column.kind == "int":
        return cell_int(value)
    return cell_text(value)


# --- reading a data row --------------------------------------------------------------------

REQUIRED_MESSAGE = "必填，不能为空。"


def row_fields_read(
    *,
    row: int,
    values: Sequence[Any],
    positions: dict[str, int],
    columns: Sequence[Column],
    skip: frozenset[str] = frozenset(),
    default_when_blank: frozenset[str] = frozenset(),
) -> tuple[dict[str, Any], list[ImportIssue], set[str]]:
    """Convert the row's cells of ``columns`` (those in the sheet and not in ``skip``, which the
    caller reads by hand) by their kind.

    Returns the fields read, the issues (a cell that cannot be converted, a blank required cell)
    and the keys of the columns that failed. A blank cell of a ``default_when_blank`` column is
    left out of the fields so that the model's default applies.
    """
    fields: dict[str, Any] = {}
    issues: list[ImportIssue] = []
    failed: set[str] = set()
    for column in columns:
        if column.key not in positions or column.key in skip:
            continue
        try:
            value = cell_convert(column, cell_value(values, positions[column.key]))
        except CellError as error:
            issues.append(ImportIssue(row, column.heading, error.message, error.code))
            failed.add(column.key)
            continue
        if column.required and value in (None, ""):
            issues.append(ImportIssue(row, column.heading, REQUIRED_MESSAGE, "required"))
            failed.add(column.key)
        elif not (value in (None, "") and column.key in default_when_blank):
            fields[column.key] = value
    return fields, issues, failed


def validation_issues(
    error: ValidationError,
    *,
    row: int,
    columns_by_key: dict[str, Column],
    skip: set[str],
    field_to_key: dict[str, str] | None = None,
) -> list[ImportIssue]:
    """The issues of a model's ``full_clean`` error, each under its column's heading ("" for a
    field no column holds). ``field_to_key`` names the column of a model field stored under
    another name; fields whose column already failed (``skip``) are passed over."""
    field_to_key = field_to_key or {}
    issues: list[ImportIssue] = []
    for name, errors in error.error_dict.items():
        key = field_to_key.get(name, name)
        if key in skip:
            continue
        heading = columns_by_key[key].heading if key in columns_by_key else ""
        for item in errors:
            for message in item.messages:
                issues.append(ImportIssue(row, heading, message, item.code or "invalid"))
    return issues

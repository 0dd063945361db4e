"""The member register's sheet: headings shared by import, export and the template.

Reading a row builds an unsaved :class:`~partybuild.models.Member` and validates it with the
model's own rules (``full_clean``: ID check character, birth date and sex agreement, mobile
format, dates, placement; docs/domain.md §2). Duplicates, which need the whole file and the
database, are checked by :func:`partybuild.services.imports.member_import_xlsx`.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from partybuild.core.excel.reader import (
    DATE_FORMATS_HELP,
    NO,
    REQUIRED_MESSAGE,
    YES,
    CellError,
    Column,
    ImportIssue,
    cell_identifier,
    cell_text,
    cell_value,
    choice_labels,
    row_fields_read,
    validation_issues,
)
from partybuild.core.excel.writer import sheet_write, template_workbook, text_cell
from partybuild.core.privacy import mask_identifier
from partybuild.models import (
    Degree,
    Education,
    Gender,
    Member,
    MemberCategory,
    MemberStanding,
    Organisation,
)
from partybuild.selectors.organisations import organisation_is_in_scope

ORGANISATION_HEADING = "所在党组织"
ORGANISATION_CODE_HEADING = "组织编码"
ID_NUMBER_HEADING = "公民身份号码"

MEMBER_COLUMNS: tuple[Column, ...] = (
    Column("姓名", "name", required=True, width=10),
    Column("性别", "gender", "choice", required=True, choices=Gender, width=6),
    Column("民族", "ethnicity", width=8),
    Column("出生日期", "birth_date", "date", width=12),
    Column("籍贯", "native_place", width=12),
    Column(
        ID_NUMBER_HEADING,
        "id_number",
        required=True,
        aliases=("身份证号", "身份证号码"),
        width=21,
    ),
    Column("手机号码", "phone", aliases=("手机", "手机号"), width=13),
    Column("家庭住址", "home_address", width=24),
    Column("学历", "education", "choice", choices=Education, width=10),
    Column("学位", "degree", "choice", choices=Degree, width=6),
    Column("毕业院校及专业", "school_major", width=20),
    Column("工作单位", "employer", width=20),
    Column("工作岗位", "job_post", width=20),
    Column("人员类别", "category", "choice", required=True, choices=MemberCategory, width=10),
    Column("入党日期", "joined_on", "date", required=True, width=12),
    Column("转正日期", "confirmed_on", "date", width=12),
    Column("党籍状态", "standing", "choice", choices=MemberStanding, width=10),
    Column(ORGANISATION_HEADING, "organisation", required=True, aliases=("所在党支部",), width=20),
    Column(ORGANISATION_CODE_HEADING, "organisation_code", width=12),
    Column("失联", "is_lost_contact", "bool", aliases=("失联党员",), width=6),
    Column("出国(境)", "is_abroad", "bool", aliases=("出国(境)党员",), width=8),
    Column("流动党员", "is_mobile", "bool", width=8),
)
COLUMNS_BY_KEY = {column.key: column for column in MEMBER_COLUMNS}
# Model fields whose errors belong to a column under another name.
_FIELD_TO_KEY = {"id_number_stored": "id_number"}
# Columns read by hand rather than by kind.
_SPECIAL_KEYS = frozenset({"id_number", "organisation", "organisation_code"})
# Fields whose blank cell means the model's default rather than "".
_DEFAULT_WHEN_BLANK = frozenset({"standing"})


class OrganisationFinder:
    """Finds a member's organisation by code or name, within the actor's scope (cached).

    ``actor=None`` is the system (management commands run without ``--as``): every organisation.
    :meth:`preload` looks up the organisations of many rows at once (two queries), so that an
    import asks the database per batch of rows rather than per row.
    """

    _FIELDS = ("id", "name", "code", "org_type", "path")

    def __init__(self, *, actor: Any | None):
        self.actor = actor
        self._cache: dict[tuple[str, str], Organisation | CellError] = {}
        self._by_code: dict[str, Organisation | None] = {}
        self._by_name: dict[str, list[Organisation]] = {}

    def preload(self, keys: Iterable[tuple[str, str]]) -> None:
        """Look up at once the organisations of these (name, code) pairs not seen yet."""
        codes: set[str] = set()
        names: set[str] = set()
        for name, code in keys:
            if (name, code) in self._cache:
                continue
            if code:
                codes.add(code)
            elif name:
                codes.add(name)  # a name cell may hold a code
                names.add(name)
        codes -= self._by_code.keys()
        names -= self._by_name.keys()
        if codes:
            self._by_code.update(dict.fromkeys(codes))
            for organisation in Organisation.objects.filter(code__in=codes).only(*self._FIELDS):
                self._by_code[organisation.code] = organisation
        if names:
            self._by_name.update({name: [] for name in names})
            for organisation in Organisation.objects.filter(name__in=names).only(*self._FIELDS):
                self._by_name[organisation.name].append(organisation)

    def _with_code(self, code: str) -> Organisation | None:
        if code not in self._by_code:
            self.preload([("", code)])
        return self._by_code[code]

    def _named(self, name: str) -> list[Organisation]:
        if name not in self._by_name:
            self._by_name[name] = list(Organisation.objects.filter(name=name).only(*self._FIELDS))
        return self._by_name[name]

    def find(self, *, name: str, code: str) -> Organisation:
        key = (name, code)
        if key not in self._cache:
            try:
                self._cache[key] = self._find(name=name, code=code)
            except CellError as error:
                self._cache[key] = error
        found = self._cache[key]
        if isinstance(found, CellError):
            raise CellError(found.message, found.code, column=found.column)
        return found

    def _in_scope(self, organisation: Organisation) -> bool:
        return self.actor is None or organisation_is_in_scope(
            user=self.actor, organisation=organisation
        )

    def _check_scope(self, organisation: Organisation, column: str) -> Organisation:
        if not self._in_scope(organisation):
            raise CellError(
                f"党组织「{organisation.name}」不在您的管理范围内。",
                "organisation_out_of_scope",
                column=column,
            )
        return organisation

    def _find(self, *, name: str, code: str) -> Organisation:
        if code:
            organisation = self._with_code(code)
            if organisation is None:
                raise CellError(
                    f"未找到组织编码为「{code}」的党组织。",
                    "organisation_not_found",
                    column=ORGANISATION_CODE_HEADING,
                )
            self._check_scope(organisation, ORGANISATION_CODE_HEADING)
            if name and name not in (organisation.name, organisation.code):
                raise CellError(
                    f"所在党组织「{name}」与组织编码「{code}」（{organisation.name}）不一致。",
                    "organisation_mismatch",
                    column=ORGANISATION_HEADING,
                )
            return organisation
        by_code = self._with_code(name)
        if by_code is not None:
            return self._check_scope(by_code, ORGANISATION_HEADING)
        candidates = self._named(name)
        in_scope = [organisation for organisation in candidates if self._in_scope(organisation)]
        if len(in_scope) == 1:
            return in_scope[0]
        if len(in_scope) > 1:
            codes = "、".join(organisation.code for organisation in in_scope)
            raise CellError(
                f"名称为「{name}」的党组织有{len(in_scope)}个，请在“{ORGANISATION_CODE_HEADING}”列"
                f"填写其编码（{codes}）。",
                "organisation_ambiguous",
                column=ORGANISATION_HEADING,
            )
        if candidates:
            raise CellError(
                f"党组织「{name}」不在您的管理范围内。",
                "organisation_out_of_scope",
                column=ORGANISATION_HEADING,
            )
        raise CellError(
            f"未找到党组织「{name}」，请填写系统中已有的党组织名称或组织编码。",
            "organisation_not_found",
            column=ORGANISATION_HEADING,
        )


def member_row_organisation(values: Sequence[Any], positions: dict[str, int]) -> tuple[str, str]:
    """The (name, code) a data row gives for its organisation, as :class:`OrganisationFinder`
    takes them."""
    return (
        cell_text(cell_value(values, positions.get("organisation"))),
        cell_text(cell_value(values, positions.get("organisation_code"))),
    )


def member_row_read(
    *,
    row: int,
    values: Sequence[Any],
    positions: dict[str, int],
    finder: OrganisationFinder,
) -> tuple[Member, list[ImportIssue]]:
    """Build and validate the member of one data row; the issues are empty when it is valid.

    The ID number's uniqueness is not checked here (the caller checks the whole file at once).
    """
    fields, issues, failed = row_fields_read(
        row=row,
        values=values,
        positions=positions,
        columns=MEMBER_COLUMNS,
        skip=_SPECIAL_KEYS,
        default_when_blank=_DEFAULT_WHEN_BLANK,
    )

    def fail(key: str, message: str, code: str, heading: str = "") -> None:
        heading = heading or COLUMNS_BY_KEY[key].heading
        issues.append(ImportIssue(row=row, column=heading, message=message, code=code))
        failed.add(key)

    def raw(key: str) -> Any:
        return cell_value(values, positions.get(key))

    id_number = ""
    try:
        id_number = cell_identifier(raw("id_number"))
    except CellError as error:
        fail("id_number", error.message, error.code)
    else:
        if not id_number:
            fail("id_number", REQUIRED_MESSAGE, "required")

    name, code = member_row_organisation(values, positions)
    if not name and not code:
        fail("organisation", REQUIRED_MESSAGE, "required")
    else:
        try:
            fields["organisation"] = finder.find(name=name, code=code)
        except CellError as error:
            fail("organisation", error.message, error.code, heading=error.column)

    member = Member(**fields)
    if id_number:
        member.id_number = id_number
    # Uniqueness of the ID number is checked for the whole file in one query by the caller;
    # without its blind index, Member.clean() leaves it out (see IdNumberMixin).
    index, member.id_number_index = member.id_number_index, ""
    try:
        member.full_clean(
            exclude=["organisation", *failed],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        issues.extend(
            validation_issues(
                error,
                row=row,
                columns_by_key=COLUMNS_BY_KEY,
                skip=failed,
                field_to_key=_FIELD_TO_KEY,
            )
        )
    finally:
        member.id_number_index = index
    return member, issues


# Columns exported from a model field under another name (through the join, for the
# organisation); the others are the model field of the column's key.
_EXPORT_FIELD_OF_KEY = {
    "id_number": "id_number_stored",
    "organisation": "organisation__name",
    "organisation_code": "organisation__code",
}
#: The values an exported row is built from (``Member.objects.values_list``): the primary key,
#: then one per column of :data:`MEMBER_COLUMNS`, in order; plain values, no model instances.
MEMBER_EXPORT_FIELDS = (
    "pk",
    *(_EXPORT_FIELD_OF_KEY.get(column.key, column.key) for column in MEMBER_COLUMNS),
)
_CHOICE_POSITIONS = {
    MEMBER_EXPORT_FIELDS.index(column.key): column.choices
    for column in MEMBER_COLUMNS
    if column.kind == "choice"
}
_BOOL_POSITIONS = tuple(
    MEMBER_EXPORT_FIELDS.index(column.key) for column in MEMBER_COLUMNS if column.kind == "bool"
)
_DATE_POSITIONS = frozenset(
    MEMBER_EXPORT_FIELDS.index(column.key) for column in MEMBER_COLUMNS if column.kind == "date"
)
_ID_NUMBER_POSITION = MEMBER_EXPORT_FIELDS.index("id_number_stored")
_PHONE_POSITION = MEMBER_EXPORT_FIELDS.index("phone")


class MemberRowWriter:
    """Turns :data:`MEMBER_EXPORT_FIELDS` tuples into rows of a write-only sheet, in the order
    of :data:`MEMBER_COLUMNS`.

    Plain values are handed to openpyxl as they are: it gives a date the ``yyyy-mm-dd`` format
    :func:`~partybuild.core.excel.writer.date_cell` gives, and a blank is no cell at all (read
    back, the same blank). Only a string that openpyxl would take for a formula or an error
    value (a leading "=" or "#"), or that holds characters a sheet cannot, becomes a
    :func:`~partybuild.core.excel.writer.text_cell`. Choice labels are looked up once per
    export rather than per row. ID and phone numbers are masked with
    :func:`mask_identifier` unless ``reveal``.
    """

    def __init__(self, worksheet: Any, *, reveal: bool):
        self.worksheet = worksheet
        self.reveal = reveal
        self.labels = {
            position: {value: str(label) for value, label in choices.choices}
            for position, choices in _CHOICE_POSITIONS.items()
        }

    def _text(self, value: Any) -> Any:
        if not value:
            return None  # no cell at all: read back, the same blank as an empty string
        if not isinstance(value, str):
            value = str(value)
        if value[0] in "=#" or ILLEGAL_CHARACTERS_RE.search(value):
            return text_cell(self.worksheet, value)
        return value

    def cells(self, values: Sequence[Any]) -> list:
        """The row of one member's :data:`MEMBER_EXPORT_FIELDS` values."""
        values = list(values)
        if not self.reveal:
            values[_ID_NUMBER_POSITION] = mask_identifier(
                values[_ID_NUMBER_POSITION], kind="id_number"
            )
            values[_PHONE_POSITION] = mask_identifier(values[_PHONE_POSITION], kind="mobile")
        for position, labels in self.labels.items():
            stored = values[position]
            values[position] = labels.get(stored, stored) if stored else ""
        for position in _BOOL_POSITIONS:
            values[position] = YES if values[position] else NO
        text = self._text
        return [
            value if position in _DATE_POSITIONS else text(value)
            for position, value in enumerate(values)
            if position
        ]


def member_sheet_write(worksheet: Any, rows: Iterable[Sequence[Any]], *, reveal: bool) -> int:
    """Write the heading row and one row per :data:`MEMBER_EXPORT_FIELDS` tuple to a write-only
    sheet; return the count."""
    writer = MemberRowWriter(worksheet, reveal=reveal)
    return sheet_write(worksheet, MEMBER_COLUMNS, (writer.cells(values) for values in rows))


def _column_help(column: Column) -> str:
    if column.kind == "date":
        return f"日期，如 {DATE_FORMATS_HELP}"
    if column.kind == "choice":
        return "可选值：" + "、".join(choice_labels(column.choices))
    if column.kind == "bool":
        return "填写“是”或“否”，留空表示否"
    return {
        "id_number": "18位公民身份号码，末位可为X；须与出生日期、性别一致；请以文本格式填写",
        "phone": "11位手机号码",
        "organisation": "系统中已有的党支部或党小组的名称或组织编码",
        "organisation_code": "可选；填写后按编码匹配所在党组织（名称重复时必填）",
        "job_post": "可填写编码值，如「502退休人员」",
        "ethnicity": "如 汉族",
    }.get(column.key, "文本")


def member_template_workbook() -> Workbook:
    """The import template: the headings (required ones shaded), lists and a help sheet."""
    return template_workbook(
        title="党员信息",
        columns=MEMBER_COLUMNS,
        text_keys=("id_number", "phone", "organisation_code"),
        column_help=_column_help,
        note=(
            "第一行为列标题，顺序可以调整；每行一名党员。任何一行有错误时整个文件都不会导入，"
            "系统会列出每一处错误的行号、列和原因。"
        ),
        heading_width=16,
    )

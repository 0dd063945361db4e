"""The organisation register's sheet: the seed's headings (党组织名称, 上级党组织, 组织类别,
组织负责人, 联系方式, 单位建立党组织情况, 排序) plus 组织编码, 上级组织编码, 村（社区）党组织, dates
and 备注.

Reading a row builds an unsaved :class:`~partybuild.models.Organisation` and checks its own
fields (``full_clean``: contact format, terms of docs/domain.md §1); where it sits in the tree
is resolved and checked by :func:`partybuild.services.imports.organisation_import_xlsx`.
An exported 联系方式 that is a mobile number is masked, as in the API (a landline is not).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from openpyxl import Workbook

from partybuild.core.excel.reader import (
    DATE_FORMATS_HELP,
    NO,
    YES,
    Column,
    ImportIssue,
    cell_text,
    cell_value,
    choice_labels,
    row_fields_read,
    validation_issues,
)
from partybuild.core.excel.writer import row_cells, sheet_write, template_workbook
from partybuild.core.privacy import mask_identifier
from partybuild.models import Organisation, OrganisationType, UnitPartyStatus

PARENT_HEADING = "上级党组织"
PARENT_CODE_HEADING = "上级组织编码"
CODE_HEADING = "组织编码"
VILLAGE_HEADING = "村（社区）党组织"

ORGANISATION_COLUMNS: tuple[Column, ...] = (
    Column("党组织名称", "name", required=True, width=24),
    Column(CODE_HEADING, "code", required=True, width=12),
    Column(PARENT_HEADING, "parent", width=24),
    Column(PARENT_CODE_HEADING, "parent_code", width=12),
    Column("组织类别", "org_type", "choice", required=True, choices=OrganisationType, width=10),
    Column("组织负责人", "leader_name", width=10),
    Column("联系方式", "contact_phone", width=14),
    Column("单位建立党组织情况", "unit_party_status", "choice", choices=UnitPartyStatus, width=18),
    Column(VILLAGE_HEADING, "is_village_or_community", "bool", aliases=("村（社区）",), width=16),
    Column("排序", "sort_order", "int", width=6),
    Column("成立日期", "founded_on", "date", width=12),
    Column("本届任期开始日期", "term_start", "date", width=16),
    Column("本届任期届满日期", "term_end", "date", width=16),
    Column("备注", "remarks", width=24),
)
COLUMNS_BY_KEY = {column.key: column for column in ORGANISATION_COLUMNS}
_PARENT_KEYS = frozenset({"parent", "parent_code"})
# Fields whose blank cell means the model's default.
_DEFAULT_WHEN_BLANK = frozenset({"unit_party_status", "sort_order"})


@dataclass
class OrganisationRow:
    """One data row: the unsaved organisation, how its parent is named, and its problems."""

    row: int
    organisation: Organisation
    fields: dict[str, Any]
    parent_name: str = ""
    parent_code: str = ""
    issues: list[ImportIssue] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.fields.get("code", "")

    @property
    def name(self) -> str:
        return self.fields.get("name", "")

    def fail(self, column: str, message: str, code: str) -> None:
        self.issues.append(ImportIssue(row=self.row, column=column, message=message, code=code))


def organisation_row_read(
    *, row: int, values: Sequence[Any], positions: dict[str, int]
) -> OrganisationRow:
    """Read one data row and check the organisation's own fields."""
    fields, issues, failed = row_fields_read(
        row=row,
        values=values,
        positions=positions,
        columns=ORGANISATION_COLUMNS,
        skip=_PARENT_KEYS,
        default_when_blank=_DEFAULT_WHEN_BLANK,
    )
    result = OrganisationRow(row=row, organisation=Organisation(), fields=fields, issues=issues)
    result.parent_name = cell_text(cell_value(values, positions.get("parent")))
    result.parent_code = cell_text(cell_value(values, positions.get("parent_code")))

    organisation = Organisation(**fields)
    result.organisation = organisation
    try:
        # Uniqueness of codes is checked for the whole file at once by the caller.
        organisation.full_clean(
            exclude=["path", "depth", "numchild", *failed], validate_unique=False
        )
    except ValidationError as error:
        result.issues.extend(
            validation_issues(error, row=row, columns_by_key=COLUMNS_BY_KEY, skip=failed)
        )
    return result


def organisation_row_cells(
    worksheet: Any, organisation: Organisation, parent: Organisation | None
) -> list:
    """One exported row; ``parent`` is None at the top of the tree or outside the scope."""
    values: dict[str, Any] = {
        "name": organisation.name,
        "code": organisation.code,
        "parent": parent.name if parent else "",
        "parent_code": parent.code if parent else "",
        "org_type": organisation.get_org_type_display(),
        "leader_name": organisation.leader_name,
        "contact_phone": mask_identifier(organisation.contact_phone, kind="contact_phone"),
        "unit_party_status": organisation.get_unit_party_status_display()
        if organisation.unit_party_status
        else "",
        "is_village_or_community": YES if organisation.is_village_or_community else NO,
        "sort_order": organisation.sort_order,
        "founded_on": organisation.founded_on,
        "term_start": organisation.term_start,
        "term_end": organisation.term_end,
        "remarks": organisation.remarks,
    }
    return row_cells(worksheet, ORGANISATION_COLUMNS, values)


def organisation_sheet_write(
    worksheet: Any, rows: Iterable[tuple[Organisation, Organisation | None]]
) -> int:
    """Write the heading row and one row per (organisation, parent); return the count."""
    return sheet_write(
        worksheet,
        ORGANISATION_COLUMNS,
        (organisation_row_cells(worksheet, organisation, parent) for organisation, parent in rows),
    )


_HELP = {
    "name": "文本",
    "code": "在全系统中唯一",
    "parent": "上级党组织的名称或组织编码：可以是系统中已有的组织，也可以是本文件中的另一行"
    "（顺序不限）；留空表示顶级组织（仅系统管理员）",
    "parent_code": "可选；填写后按编码匹配上级党组织（名称重复时必填）",
    "leader_name": "文本",
    "contact_phone": "11位手机号码或带区号的固定电话，如 010-88887777",
    "sort_order": "不小于0的整数，同级组织按此从小到大排列；留空为0",
    "is_village_or_community": "村、社区的党委、党总支和党支部填“是”（每届任期5年）；留空为“否”",
    "term_start": "党委5年、党总支和党支部3年（村、社区的均为5年），"
    "提前或延期不超过1年；党小组不填",
    "remarks": "文本",
}


def _column_help(column: Column) -> str:
    text = _HELP.get(column.key, "")
    if column.kind == "date":
        return f"日期，如 {DATE_FORMATS_HELP}" + (f"；{text}" if text else "")
    if column.kind == "choice":
        return "可选值：" + "、".join(choice_labels(column.choices))
    if column.kind == "bool":
        return f"“{YES}”或“{NO}”" + (f"；{text}" if text else "")
    return text


def organisation_template_workbook() -> Workbook:
    """The import template: the headings (required ones shaded), lists and a help sheet."""
    return template_workbook(
        title="党组织信息",
        columns=ORGANISATION_COLUMNS,
        text_keys=("code", "parent_code", "contact_phone"),
        column_help=_column_help,
        note=(
            "第一行为列标题，顺序可以调整；每行一个党组织。党委下设党总支或党支部，党总支下设"
            "党支部，党支部下设党小组。任何一行有错误时整个文件都不会导入。"
        ),
        heading_width=18,
    )

"""Imports of the registers from Excel (docs/architecture.md "Excel"; issue 4).

Every row is validated; one bad row rejects the whole file and the result lists every problem
(row number, column heading, reason in Chinese, stable code). Organisations must lie within the
actor's scope (``actor=None`` is the system: management commands without ``--as``). Nothing is
written when the result has errors, nor on a dry run: organisations are checked before any is
created; members are inserted batch by batch as they are read, in one transaction that is
rolled back when any row fails.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from partybuild.core.excel.reader import (
    ExcelFileRefused,
    ImportIssue,
    ImportResult,
    find_heading_row,
    open_first_sheet,
    row_is_empty,
)
from partybuild.core.names import name_keys
from partybuild.core.versioned_cache import MEMBERS, cache_version_bump
from partybuild.excel.members import (
    ID_NUMBER_HEADING,
    MEMBER_COLUMNS,
    OrganisationFinder,
    member_row_organisation,
    member_row_read,
)
from partybuild.excel.organisations import (
    CODE_HEADING,
    ORGANISATION_COLUMNS,
    PARENT_CODE_HEADING,
    PARENT_HEADING,
    OrganisationRow,
    organisation_row_read,
)
from partybuild.excel.organisations import (
    COLUMNS_BY_KEY as ORGANISATION_COLUMNS_BY_KEY,
)
from partybuild.models import Member, Organisation
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.services.organisations import (
    organisation_create,
    organisation_validate_nesting,
)
from partybuild.services.security_events import security_event_record
from partybuild.signals import organisations_saved_together

__all__ = ["ImportIssue", "ImportResult", "member_import_xlsx", "organisation_import_xlsx"]

#: Rows per INSERT when writing members, and ID numbers per duplicate-check query.
MEMBER_BATCH_SIZE = 500


def _import_event_record(*, result: ImportResult, actor: Any | None, register: str) -> None:
    """An ``import`` security event: rows read and written, errors; a failure when refused."""
    security_event_record(
        event="import",
        actor=actor,
        outcome="success" if result.ok else "failure",
        detail={
            "register": register,
            "rows": result.rows,
            "created": 0 if result.dry_run else result.created,
            "errors": len(result.errors),
            "dry_run": result.dry_run,
        },
    )


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _no_rows() -> ImportIssue:
    return ImportIssue(
        row=None, column="", message="文件中没有数据行（列标题以下为空）。", code="no_rows"
    )


def _sorted(issues: list[ImportIssue], columns: Sequence[Any]) -> list[ImportIssue]:
    """By row, then in the order of the sheet's columns (whole-row problems first)."""
    order = {column.heading: position for position, column in enumerate(columns)}
    return sorted(issues, key=lambda issue: (issue.row or 0, order.get(issue.column, -1)))


# --- members -------------------------------------------------------------------------------


class _MemberImport:
    """One import of members, read and written a batch of :data:`MEMBER_BATCH_SIZE` rows at a
    time in a single pass: the batch's organisations are looked up at once, its rows checked
    (:func:`member_row_read`), its new ID numbers looked up in the register in one query, and,
    while no row of the file has failed and it is not a dry run, the batch inserted. Any error
    stops the writing but not the checking, so every problem is still listed; the caller's
    transaction is then rolled back, so nothing is written (all or nothing). Memory holds one
    batch and the blind indexes of the file's ID numbers."""

    def __init__(
        self, *, actor: Any | None, dry_run: bool, progress: Callable[[int, int], None] | None
    ):
        self.finder = OrganisationFinder(actor=actor)
        self.dry_run = dry_run
        self.progress = progress
        self.rows = 0
        self.created = 0
        self.errors: list[ImportIssue] = []
        self.first_row_of: dict[str, int] = {}  # blind index of an ID number → first row
        self.positions: dict[str, int] = {}

    def run(self, file: Any) -> list[ImportIssue]:
        """Read, check and write the file; return the file-level issues (headings, refusal)."""
        with open_first_sheet(file) as sheet:
            match, data = find_heading_row(sheet, MEMBER_COLUMNS)
            if match.issues:
                return match.issues
            self.positions = match.positions
            batch: list[tuple[int, tuple]] = []
            for number, values in data:
                if row_is_empty(values, match.positions):
                    continue
                batch.append((number, values))
                if len(batch) >= MEMBER_BATCH_SIZE:
                    self._batch(batch)
                    batch = []
            self._batch(batch)
        return []

    def _batch(self, batch: list[tuple[int, tuple]]) -> None:
        if not batch:
            return
        self.finder.preload(member_row_organisation(values, self.positions) for _, values in batch)
        members: list[Member] = []
        new_indexes: list[str] = []
        for number, values in batch:
            member, issues = member_row_read(
                row=number, values=values, positions=self.positions, finder=self.finder
            )
            self.errors.extend(issues)
            members.append(member)
            index = member.id_number_index
            if not index or any(issue.column == ID_NUMBER_HEADING for issue in issues):
                continue
            if index in self.first_row_of:
                self.errors.append(
                    ImportIssue(
                        row=number,
                        column=ID_NUMBER_HEADING,
                        message=f"与第{self.first_row_of[index]}行的公民身份号码重复。",
                        code="id_number_duplicate_in_file",
                    )
                )
            else:
                self.first_row_of[index] = number
                new_indexes.append(index)
        self.rows += len(batch)
        for index in Member.objects.filter(id_number_index__in=new_indexes).values_list(
            "id_number_index", flat=True
        ):
            self.errors.append(
                ImportIssue(
                    row=self.first_row_of[index],
                    column=ID_NUMBER_HEADING,
                    message="该公民身份号码已被登记。",
                    code="id_number_duplicate",
                )
            )
        if not self.errors and not self.dry_run:
            self._write(members)
        if self.progress is not None:
            self.progress(self.rows, 0)

    def _write(self, members: list[Member]) -> None:
        for member in members:
            # bulk_create does not call Member.save(), which derives these two keys.
            member.name_initials, member.name_sort_key = name_keys(member.name)
        self.created += len(Member.objects.bulk_create(members))
        cache_version_bump(MEMBERS)  # bulk_create sends no post_save: retire cached counts


def member_import_xlsx(
    *,
    file: Any,
    actor: Any | None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import members from an xlsx file (:func:`_member_import`) and record the import in the
    security audit trail, whether it wrote or not.

    ``progress(done, total)`` is called after each batch of :data:`MEMBER_BATCH_SIZE` rows
    with ``total`` 0, since the file's row count is known only once it is read, and last with
    the rows read as both.
    """
    result = _member_import(file=file, actor=actor, dry_run=dry_run, progress=progress)
    _import_event_record(result=result, actor=actor, register="members")
    if progress is not None:
        progress(result.rows, result.rows)
    return result


@transaction.atomic
def _member_import(
    *,
    file: Any,
    actor: Any | None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import members from an xlsx file (a path, bytes or an uploaded file), all or nothing.

    Checks every row (the Member's full_clean: ID check character, birth date and sex agreement,
    mobile format, dates; the organisation by name or code within ``actor``'s scope) and
    duplicate ID numbers within the file and against the database (through the blind index);
    when anything fails, whatever was written is rolled back (:class:`_MemberImport`).
    """
    result = ImportResult(dry_run=dry_run)
    run = _MemberImport(actor=actor, dry_run=dry_run, progress=progress)
    try:
        file_issues = run.run(file)
    except ExcelFileRefused as refusal:
        transaction.set_rollback(True)
        result.errors = [refusal.as_issue()]
        return result
    except IntegrityError:
        transaction.set_rollback(True)
        result.rows = run.rows
        result.errors = [
            ImportIssue(
                row=None,
                column="",
                message="导入过程中数据发生了变化（例如他人同时登记了相同的公民身份号码），"
                "未写入任何数据，请重新导入。",
                code="conflict",
            )
        ]
        return result
    result.rows = run.rows
    if file_issues:
        result.rows = 0
        result.errors = file_issues
    elif not run.rows:
        result.errors = [_no_rows()]
    elif run.errors:
        result.errors = _sorted(run.errors, MEMBER_COLUMNS)
    if result.errors:
        transaction.set_rollback(True)
        return result
    result.created = run.rows if dry_run else run.created
    return result


# --- organisations -------------------------------------------------------------------------


class _OrganisationPlan:
    """Resolves the codes and parents of the file's organisations and orders them."""

    def __init__(self, rows: list[OrganisationRow], actor: Any | None):
        self.rows = rows
        self.actor = actor
        self.by_code: dict[str, OrganisationRow] = {}
        self.by_name: dict[str, list[OrganisationRow]] = defaultdict(list)
        self.file_parent: dict[int, OrganisationRow] = {}  # row number → parent row
        self.db_parent: dict[int, Organisation] = {}  # row number → existing parent

    def _in_scope(self, organisation: Organisation) -> bool:
        return self.actor is None or organisation_is_in_scope(
            user=self.actor, organisation=organisation
        )

    def check(self) -> None:
        self._check_codes()
        for row in self.rows:
            if row.name:
                self.by_name[row.name].append(row)
        for row in self.rows:
            self._resolve_parent(row)
        self._check_cycles()
        self._check_nesting()

    def _check_codes(self) -> None:
        for row in self.rows:
            if not row.code:
                continue
            if row.code in self.by_code:
                row.fail(
                    CODE_HEADING,
                    f"与第{self.by_code[row.code].row}行的组织编码重复。",
                    "code_duplicate_in_file",
                )
            else:
                self.by_code[row.code] = row
        codes = list(self.by_code)
        for chunk in _chunks(codes, MEMBER_BATCH_SIZE):
            for code in Organisation.objects.filter(code__in=chunk).values_list("code", flat=True):
                self.by_code[code].fail(CODE_HEADING, "该组织编码已被使用。", "code_duplicate")

    def _existing(self, value: str, *, by: str) -> list[Organisation]:
        return list(Organisation.objects.filter(**{by: value}))

    def _resolve_parent(self, row: OrganisationRow) -> None:
        code, name = row.parent_code, row.parent_name
        if code:
            target = self.by_code.get(code)
            existing = None if target else next(iter(self._existing(code, by="code")), None)
            if target is None and existing is None:
                row.fail(
                    PARENT_CODE_HEADING,
                    f"未找到组织编码为「{code}」的上级党组织。",
                    "parent_not_found",
                )
                return
            found_name = target.name if target else existing.name
            if name and name not in (found_name, code):
                row.fail(
                    PARENT_HEADING,
                    f"上级党组织「{name}」与上级组织编码「{code}」（{found_name}）不一致。",
                    "parent_mismatch",
                )
                return
            self._set_parent(row, target, existing, PARENT_CODE_HEADING)
            return
        if not name:
            if self.actor is not None and not self.actor.is_superuser:
                row.fail(
                    PARENT_HEADING,
                    "只有系统管理员可以创建顶级党组织，请填写上级党组织。",
                    "top_level_forbidden",
                )
            return
        if name in self.by_code:
            self._set_parent(row, self.by_code[name], None, PARENT_HEADING)
            return
        by_code = self._existing(name, by="code")
        if by_code:
            self._set_parent(row, None, by_code[0], PARENT_HEADING)
            return
        in_file = [other for other in self.by_name.get(name, []) if other is not row]
        existing = self._existing(name, by="name")
        in_scope = [organisation for organisation in existing if self._in_scope(organisation)]
        if len(in_file) + len(in_scope) == 1:
            self._set_parent(
                row, in_file[0] if in_file else None, in_scope[0] if in_scope else None, ""
            )
        elif len(in_file) + len(in_scope) > 1:
            row.fail(
                PARENT_HEADING,
                f"名称为「{name}」的党组织不止一个，请在“{PARENT_CODE_HEADING}”列填写其编码。",
                "parent_ambiguous",
            )
        elif existing:
            row.fail(
                PARENT_HEADING,
                f"上级党组织「{name}」不在您的管理范围内。",
                "parent_out_of_scope",
            )
        elif name in self.by_name:  # only the row itself has that name
            row.fail(PARENT_HEADING, "不能以自己为上级党组织。", "parent_self")
        else:
            row.fail(
                PARENT_HEADING,
                f"未找到上级党组织「{name}」：既不在系统中，也不在本文件中。",
                "parent_not_found",
            )

    def _set_parent(
        self,
        row: OrganisationRow,
        in_file: OrganisationRow | None,
        existing: Organisation | None,
        column: str,
    ) -> None:
        column = column or PARENT_HEADING
        if in_file is row:
            row.fail(column, "不能以自己为上级党组织。", "parent_self")
        elif in_file is not None:
            self.file_parent[row.row] = in_file
        elif not self._in_scope(existing):
            row.fail(
                column,
                f"上级党组织「{existing.name}」不在您的管理范围内。",
                "parent_out_of_scope",
            )
        else:
            self.db_parent[row.row] = existing

    def _check_cycles(self) -> None:
        by_row = {row.row: row for row in self.rows}
        state: dict[int, str] = {}
        for row in self.rows:
            trail: list[int] = []
            current = row.row
            while current in by_row and state.get(current) is None:
                state[current] = "visiting"
                trail.append(current)
                parent = self.file_parent.get(current)
                current = parent.row if parent else None
            if current is not None and state.get(current) == "visiting":
                cycle_start = trail.index(current)
                for number in trail[cycle_start:]:
                    by_row[number].fail(
                        PARENT_HEADING,
                        "上级党组织形成了循环（A的上级是B，B的上级又是A）。",
                        "parent_cycle",
                    )
            for number in trail:
                state[number] = "done"

    def _check_nesting(self) -> None:
        for row in self.rows:
            org_type = row.fields.get("org_type")
            if not org_type or row.issues:
                continue
            if row.row in self.file_parent:
                parent = self.file_parent[row.row]
                if not parent.fields.get("org_type"):
                    continue
                parent_instance = parent.organisation
            else:
                parent_instance = self.db_parent.get(row.row)
            try:
                organisation_validate_nesting(org_type=org_type, parent=parent_instance)
            except ValidationError as error:
                _fail_from_validation_error(row, error)

    def creation_order(self) -> list[OrganisationRow]:
        """Rows with parents before children (parents may come later in the file)."""
        children: dict[int, list[OrganisationRow]] = defaultdict(list)
        order: list[OrganisationRow] = []
        for row in self.rows:
            parent = self.file_parent.get(row.row)
            if parent is None:
                order.append(row)
            else:
                children[parent.row].append(row)
        position = 0
        while position < len(order):
            order.extend(children.get(order[position].row, []))
            position += 1
        return order


def _fail_from_validation_error(row: OrganisationRow, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        for item in error.error_list:
            for message in item.messages:
                row.fail("", message, item.code or "invalid")
        return
    for name, errors in error.error_dict.items():
        if name == "parent":
            heading = PARENT_HEADING
        elif name in ORGANISATION_COLUMNS_BY_KEY:
            heading = ORGANISATION_COLUMNS_BY_KEY[name].heading
        else:
            heading = ""
        for item in errors:
            for message in item.messages:
                row.fail(heading, message, item.code or "invalid")


def organisation_import_xlsx(
    *, file: Any, actor: Any | None, dry_run: bool = False
) -> ImportResult:
    """Import organisations from an xlsx file (:func:`_organisation_import`) and record the
    import in the security audit trail, whether it wrote or not."""
    result = _organisation_import(file=file, actor=actor, dry_run=dry_run)
    _import_event_record(result=result, actor=actor, register="organisations")
    return result


@transaction.atomic
def _organisation_import(*, file: Any, actor: Any | None, dry_run: bool = False) -> ImportResult:
    """Import organisations from an xlsx file, all or nothing, parents before children.

    A parent is named in 上级党组织 (name or code) or 上级组织编码 and is either an existing
    organisation within ``actor``'s scope or another row of the file, in any order. Each row is
    created through :func:`organisation_create`, which applies the nesting of docs/domain.md §1;
    its errors are reported against the row and roll everything back.
    """
    result = ImportResult(dry_run=dry_run)
    rows: list[OrganisationRow] = []
    try:
        with open_first_sheet(file) as sheet:
            match, data = find_heading_row(sheet, ORGANISATION_COLUMNS)
            if match.issues:
                result.errors = match.issues
                return result
            for number, values in data:
                if not row_is_empty(values, match.positions):
                    rows.append(
                        organisation_row_read(row=number, values=values, positions=match.positions)
                    )
    except ExcelFileRefused as refusal:
        result.errors = [refusal.as_issue()]
        return result
    result.rows = len(rows)
    if not rows:
        result.errors = [_no_rows()]
        return result

    plan = _OrganisationPlan(rows, actor)
    plan.check()
    errors = [issue for row in rows for issue in row.issues]
    if errors:
        result.errors = _sorted(errors, ORGANISATION_COLUMNS)
        return result
    if dry_run:
        result.created = len(rows)
        return result

    created: dict[int, Organisation] = {}
    with organisations_saved_together():  # what other apps add per organisation, in bulk
        for row in plan.creation_order():
            parent_row = plan.file_parent.get(row.row)
            if parent_row is not None and parent_row.row not in created:
                row.fail(PARENT_HEADING, "上级党组织未能导入。", "parent_failed")
                continue
            parent = created[parent_row.row] if parent_row else plan.db_parent.get(row.row)
            try:
                created[row.row] = organisation_create(parent=parent, actor=actor, **row.fields)
            except ValidationError as error:
                _fail_from_validation_error(row, error)
            except PermissionDenied as error:
                row.fail(PARENT_HEADING, str(error), "permission_denied")
            except IntegrityError:
                row.fail(CODE_HEADING, "该组织编码已被使用。", "code_duplicate")
    errors = [issue for row in rows for issue in row.issues]
    if errors:
        transaction.set_rollback(True)
        result.errors = _sorted(errors, ORGANISATION_COLUMNS)
        return result
    result.created = len(created)
    return result

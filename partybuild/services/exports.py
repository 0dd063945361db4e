"""Exports of the registers to Excel (docs/architecture.md "Excel"; issue 4).

Exports are scoped to the user (the selectors decide), use the import's Chinese headings (so an
export re-imports), write every string as a string (never a formula) and mask ID and phone
numbers with :func:`partybuild.core.privacy.mask_identifier`. An unmasked export needs the
permission 「查看完整身份信息」 and leaves an audit record per member
(:func:`partybuild.services.audit.identity_reveal_record`). Every export is a security event
(``export``, with its row count; partybuild.services.security_events).
"""

import io
import os
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook

from partybuild.excel.members import (
    MEMBER_EXPORT_FIELDS,
    member_sheet_write,
    member_template_workbook,
)
from partybuild.excel.organisations import (
    organisation_sheet_write,
    organisation_template_workbook,
)
from partybuild.models import Member, Organisation
from partybuild.selectors.members import member_list
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.services.audit import identity_reveal_record
from partybuild.services.security_events import security_event_record

FULL_IDENTITY_PERMISSION = "partybuild.view_full_identity"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Members read from the database at a time while exporting.
EXPORT_CHUNK_SIZE = 2000


def _workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(prefix: str) -> str:
    """E.g. 党员信息-20250701.xlsx (the date in Asia/Shanghai)."""
    return f"{prefix}-{timezone.localdate():%Y%m%d}.xlsx"


def member_export_can_reveal(*, user: Any) -> bool:
    return bool(user.is_active and user.has_perm(FULL_IDENTITY_PERMISSION))


def _save(workbook: Workbook, output: BinaryIO | str | os.PathLike | None) -> bytes | None:
    """Save to ``output`` (a binary file object or a path) or, without one, return the bytes."""
    if output is None:
        return _workbook_bytes(workbook)
    workbook.save(os.fspath(output) if isinstance(output, os.PathLike) else output)
    return None


@transaction.atomic
def member_export_xlsx(
    *,
    user: Any,
    queryset: QuerySet[Member] | None = None,
    reveal: bool = False,
    output: BinaryIO | str | os.PathLike | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> bytes | None:
    """The user's members (optionally narrowed by ``queryset``) as xlsx bytes or, given
    ``output`` (a binary file object or a path), written there (and None returned).

    ``reveal=True`` writes full ID and phone numbers; it requires 「查看完整身份信息」 and records
    who saw which members (context "export"). ``queryset`` can only narrow the user's scope.
    ``progress(done, total)`` is called after each batch of :data:`EXPORT_CHUNK_SIZE` rows (it
    costs one COUNT query).

    Rows are streamed as plain values (one query with the organisation joined, read
    :data:`EXPORT_CHUNK_SIZE` at a time) into a write-only workbook, which spools to a
    temporary file: memory stays bounded whatever the number of members.
    """
    if reveal and not member_export_can_reveal(user=user):
        raise PermissionDenied("您没有“查看完整身份信息”的权限，不能导出完整的身份证号和手机号。")
    members = member_list(user=user)
    if queryset is not None:
        members = members.filter(pk__in=queryset.values("pk"))
    total = members.count() if progress is not None else 0

    written = 0

    def rows() -> Iterator[tuple]:
        nonlocal written
        chunk: list[tuple] = []
        for values in members.values_list(*MEMBER_EXPORT_FIELDS).iterator(
            chunk_size=EXPORT_CHUNK_SIZE
        ):
            yield values
            chunk.append(values)
            if len(chunk) >= EXPORT_CHUNK_SIZE:
                written += _chunk_done(chunk)
                chunk = []
        written += _chunk_done(chunk)

    def _chunk_done(chunk: list[tuple]) -> int:
        if reveal and chunk:
            identity_reveal_record(
                actor=user,
                members=[Member(pk=values[0], name=values[1]) for values in chunk],
                context="export",
            )
        if progress is not None and chunk:
            progress(written + len(chunk), total)
        return len(chunk)

    workbook = Workbook(write_only=True)
    member_sheet_write(workbook.create_sheet("党员信息"), rows(), reveal=reveal)
    content = _save(workbook, output)
    security_event_record(
        event="export",
        actor=user,
        detail={"register": "members", "rows": written, "reveal": reveal},
    )
    return content


def organisation_export_xlsx(*, user: Any, queryset: QuerySet[Organisation] | None = None) -> bytes:
    """The user's organisations (optionally narrowed by ``queryset``) in tree order as xlsx.

    A parent outside the user's scope is left blank, so the export shows only the subtree.
    """
    scope = list(organisation_scope_for_user(user=user).order_by("path"))
    by_path = {organisation.path: organisation for organisation in scope}
    selected = scope
    if queryset is not None:
        wanted = set(queryset.values_list("pk", flat=True))
        selected = [organisation for organisation in scope if organisation.pk in wanted]
    steplen = Organisation.steplen
    rows = ((o, by_path.get(o.path[:-steplen])) for o in selected)
    workbook = Workbook(write_only=True)
    organisation_sheet_write(workbook.create_sheet("党组织信息"), rows)
    content = _workbook_bytes(workbook)
    security_event_record(
        event="export", actor=user, detail={"register": "organisations", "rows": len(selected)}
    )
    return content


def member_template_xlsx() -> bytes:
    """The member import template (headings, lists of values, a help sheet)."""
    return _workbook_bytes(member_template_workbook())


def organisation_template_xlsx() -> bytes:
    """The organisation import template (headings, lists of values, a help sheet)."""
    return _workbook_bytes(organisation_template_workbook())

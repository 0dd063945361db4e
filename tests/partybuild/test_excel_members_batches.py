"""Member export and import at scale (issue 21): batches whose SQL query count does not grow
with the number of rows, progress reports, an export written to a file, and an import that
stays all or nothing when the bad row comes after batches were already written."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from partybuild.core.privacy import mask_identifier
from partybuild.models import Member
from partybuild.services import exports, imports
from partybuild.services.exports import member_export_xlsx
from partybuild.services.imports import member_import_xlsx
from tests.partybuild.test_excel_members import HEADINGS, make_id_number, row, xlsx

pytestmark = pytest.mark.django_db

BATCH = 30
BORN = datetime.date(1980, 5, 6)


def rows_of(count: int, *, first: int = 0) -> list[dict]:
    """``count`` valid rows, each with its own ID number (born on consecutive days)."""
    return [
        row(
            姓名=f"党员{n}",
            出生日期=(BORN + datetime.timedelta(days=n)).isoformat(),
            公民身份号码=make_id_number(BORN + datetime.timedelta(days=n), 1),
            所在党组织="一支部" if n % 2 else "二支部",
        )
        for n in range(first, first + count)
    ]


def members_of(count: int, tree) -> None:
    """``count`` members in 一支部 and 二支部, written through the import (two batches' worth
    at a time keeps the setup quick)."""
    result = member_import_xlsx(file=xlsx(*rows_of(count)), actor=None)
    assert result.ok and result.created == count, result.report_lines()


def read_sheet(content) -> list[tuple]:
    workbook = load_workbook(content if not isinstance(content, bytes) else io.BytesIO(content))
    return [tuple(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_CHUNK_SIZE", BATCH)
    monkeypatch.setattr(imports, "MEMBER_BATCH_SIZE", BATCH)


# --- export --------------------------------------------------------------------------------


def export_queries(superuser, **options) -> int:
    with CaptureQueriesContext(connection) as captured:
        member_export_xlsx(user=superuser, **options)
    return len(captured)


def test_export_queries_do_not_grow_with_the_rows(
    tree, superuser, small_batches, django_assert_max_num_queries
):
    members_of(BATCH, tree)
    few = export_queries(superuser)
    assert member_import_xlsx(file=xlsx(*rows_of(2 * BATCH, first=BATCH)), actor=None).ok
    with django_assert_max_num_queries(few):
        content = member_export_xlsx(user=superuser)
    assert len(read_sheet(content)) == 1 + 3 * BATCH


def test_export_reports_progress_per_batch(tree, superuser, small_batches):
    members_of(2 * BATCH + 5, tree)
    seen: list[tuple[int, int]] = []
    member_export_xlsx(user=superuser, progress=lambda done, total: seen.append((done, total)))
    total = 2 * BATCH + 5
    assert seen == [(BATCH, total), (2 * BATCH, total), (total, total)]


def test_export_to_a_file_object_and_to_a_path(tree, superuser, tmp_path):
    members_of(3, tree)
    expected = read_sheet(member_export_xlsx(user=superuser))
    buffer = io.BytesIO()
    assert member_export_xlsx(user=superuser, output=buffer) is None
    buffer.seek(0)
    assert read_sheet(buffer) == expected
    path = tmp_path / "党员信息.xlsx"
    assert member_export_xlsx(user=superuser, output=path) is None
    assert read_sheet(str(path)) == expected
    assert expected[0] == tuple(HEADINGS) and len(expected) == 4
    member = Member.objects.get(name="党员0")
    exported = dict(zip(HEADINGS, next(r for r in expected if r[0] == "党员0"), strict=True))
    assert exported["公民身份号码"] == mask_identifier(member.id_number, kind="id_number")
    assert exported["出生日期"] == datetime.datetime(1980, 5, 6)


def test_export_writes_error_looking_and_illegal_text_as_plain_text(tree, superuser):
    members_of(1, tree)
    Member.objects.filter(name="党员0").update(employer="#N/A", home_address="一\x01号")
    content = member_export_xlsx(user=superuser)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    cells = {sheet.cell(1, c).value: sheet.cell(2, c) for c in range(1, len(HEADINGS) + 1)}
    assert cells["工作单位"].value == "#N/A" and cells["工作单位"].data_type == "s"
    assert cells["家庭住址"].value == "一号"


# --- import --------------------------------------------------------------------------------


def import_queries(rows: list[dict], superuser) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = member_import_xlsx(file=xlsx(*rows), actor=superuser)
    return len(captured), result


def test_import_queries_grow_only_by_the_per_batch_ones(
    tree, superuser, small_batches, django_assert_max_num_queries
):
    few, result = import_queries(rows_of(BATCH), superuser)
    assert result.ok and result.created == BATCH
    # Per further batch: the look-up of its ID numbers in the register and its INSERT (the
    # organisations were looked up with the first batch).
    with django_assert_max_num_queries(few + 2 * 2):
        result = member_import_xlsx(file=xlsx(*rows_of(3 * BATCH, first=BATCH)), actor=superuser)
    assert result.ok and result.created == 3 * BATCH
    assert Member.objects.count() == 4 * BATCH


def test_a_bad_row_after_written_batches_leaves_nothing_written(tree, superuser, small_batches):
    rows = rows_of(3 * BATCH)
    rows[2 * BATCH + 4]["入党日期"] = "不知道"
    result = member_import_xlsx(file=xlsx(*rows), actor=superuser)
    assert not result.ok and result.created == 0 and result.rows == 3 * BATCH
    assert [(i.row, i.column, i.code) for i in result.errors] == [
        (2 * BATCH + 6, "入党日期", "date_format")
    ]
    assert Member.objects.count() == 0


def test_a_duplicate_across_batches_and_one_in_the_register_are_both_reported(
    tree, superuser, small_batches
):
    members_of(1, tree)  # 党员0 is registered
    rows = rows_of(2 * BATCH, first=1)
    rows[BATCH + 3].update(出生日期=rows[2]["出生日期"], 公民身份号码=rows[2]["公民身份号码"])
    rows.append(rows_of(1)[0])
    result = member_import_xlsx(file=xlsx(*rows), actor=superuser)
    assert {(i.row, i.code) for i in result.errors} == {
        (BATCH + 5, "id_number_duplicate_in_file"),
        (2 * BATCH + 2, "id_number_duplicate"),
    }
    assert Member.objects.count() == 1


def test_import_reports_progress_and_a_dry_run_writes_nothing(tree, superuser, small_batches):
    seen: list[tuple[int, int]] = []
    result = member_import_xlsx(
        file=xlsx(*rows_of(BATCH + 3)),
        actor=superuser,
        dry_run=True,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert result.ok and result.created == BATCH + 3 and result.dry_run
    assert seen == [(BATCH, 0), (BATCH + 3, 0), (BATCH + 3, BATCH + 3)]
    assert Member.objects.count() == 0

"""The member register's background jobs: exports and imports over the threshold.

The export and the import are called through one thin adapter each (:func:`export_write`,
:func:`import_read`), the only places that know the services' signatures: the export streams
into the job's file (``output``) and both report their rows as they go (``progress``).
"""

import csv
import io
import itertools
from typing import Any, BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from partybuild.core.excel.reader import ImportResult
from partybuild.jobs.kinds import JobFailed, JobOutcome, Progress
from partybuild.jobs.models import Job
from partybuild.models import Member
from partybuild.selectors.members import member_list
from partybuild.services.exports import export_filename, member_export_xlsx
from partybuild.services.imports import member_import_xlsx

MEMBER_EXPORT = "member_export"
MEMBER_IMPORT = "member_import"


def rows_threshold() -> int:
    """Above this many rows an import or export is a background job (JOB_ROWS_THRESHOLD)."""
    return settings.JOB_ROWS_THRESHOLD


# --- the adapters -------------------------------------------------------------------------


def export_write(
    *, user: Any, queryset: Any, reveal: bool, output: BinaryIO, progress: Progress
) -> None:
    """Write the member export of ``user`` (narrowed by ``queryset``) into ``output``."""
    member_export_xlsx(
        user=user, queryset=queryset, reveal=reveal, output=output, progress=progress
    )


def import_read(*, file: Any, actor: Any, dry_run: bool, progress: Progress) -> ImportResult:
    """Import the members of ``file`` for ``actor``, all or nothing."""
    return member_import_xlsx(file=file, actor=actor, dry_run=dry_run, progress=progress)


# --- sizes --------------------------------------------------------------------------------


def member_export_size(*, user: Any, queryset: Any = None) -> int:
    """How many members the export of ``user`` (narrowed by ``queryset``) writes."""
    members = member_list(user=user)
    if queryset is not None:
        members = members.filter(pk__in=queryset.values("pk"))
    return members.count()


def xlsx_data_rows_over(file: Any, *, limit: int) -> bool:
    """Whether the first sheet of ``file`` has more than ``limit`` data rows (reading at most
    ``limit + 2`` rows; a file that cannot be read counts as small: the import in the request
    then refuses it with its reason, as before)."""
    try:
        file.seek(0)
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for what is not an xlsx
        return False
    try:
        sheets = [ws for ws in workbook.worksheets if hasattr(ws, "iter_rows")]
        if not sheets:
            return False
        rows = sheets[0].iter_rows(values_only=True)
        nonblank = (row for row in rows if any(value not in (None, "") for value in row))
        return sum(1 for _row in itertools.islice(nonblank, limit + 2)) - 1 > limit
    finally:
        workbook.close()
        file.seek(0)


# --- the kinds ----------------------------------------------------------------------------


def member_export_run(*, job: Job, progress: Progress, output: BinaryIO) -> JobOutcome:
    """导出党员信息: the same workbook as the admin's export, written to the job's result. The
    scope is that of the person who started it, checked again now."""
    user = job.started_by
    reveal = bool(job.params.get("reveal"))
    queryset = None
    if job.organisation is not None:
        queryset = Member.objects.filter(organisation__path__startswith=job.organisation.path)
    total = member_export_size(user=user, queryset=queryset)
    progress(0, total)
    export_write(user=user, queryset=queryset, reveal=reveal, output=output, progress=progress)
    progress(total, total)
    prefix = _("党员信息（含完整身份信息）") if reveal else _("党员信息")
    return JobOutcome(
        summary=_("已导出 %(count)d 名党员。") % {"count": total},
        filename=export_filename(prefix),
    )


def import_report_write(*, result: ImportResult, output: BinaryIO) -> None:
    """The import report: every problem as a CSV row (行号, 列, 原因, 错误代码) that Excel
    opens (UTF-8 with a byte-order mark)."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([_("行号"), _("列"), _("原因"), _("错误代码")])
    for issue in result.errors:
        row = _("第%(row)d行") % {"row": issue.row} if issue.row else _("整个文件")
        writer.writerow([row, issue.column or "—", issue.message, issue.code])
    output.write(text.getvalue().encode("utf-8-sig"))


def member_import_run(*, job: Job, progress: Progress, output: BinaryIO) -> JobOutcome:
    """导入党员信息 from the uploaded file, all or nothing: when any row has a problem nothing
    is written and the job fails with the import report as its result file. Retried after a
    failure, it writes each member once (the import refuses ID numbers already registered)."""
    dry_run = bool(job.params.get("dry_run"))
    if not job.input_file:
        raise JobFailed(_("上传的文件已过期删除，请重新上传后导入。"))
    with job.input_file.open("rb") as file:
        result = import_read(file=file, actor=job.started_by, dry_run=dry_run, progress=progress)
    progress(result.rows, result.rows)
    if not result.ok:
        import_report_write(result=result, output=output)
        raise JobFailed(
            _("导入失败：共 %(count)d 处错误，未写入任何数据，请下载导入报告。")
            % {"count": len(result.errors)},
            _("党员信息导入报告.csv"),
        )
    if dry_run:
        summary = _("检查通过：%(count)d 个党员可以导入（未写入）。")
    else:
        summary = _("已导入 %(count)d 个党员。")
    return JobOutcome(summary=summary % {"count": result.created})

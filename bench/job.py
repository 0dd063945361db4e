"""One job of ``bench/run.py`` in its own process, so that its peak memory is its own. Prints
one JSON line: the seconds, the SQL queries, its peak RSS (``VmHWM``) and what the job reports.

Run by bench/run.py as ``python -m bench.job NAME [ARG...]`` with DATABASE_URL and
DJANGO_SETTINGS_MODULE set; not meant to be run by hand.
"""

import datetime
import io
import json
import sys
import time

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from openpyxl import Workbook, load_workbook

from partybuild.excel.members import MEMBER_COLUMNS
from partybuild.models import User
from partybuild.services.exports import member_export_xlsx
from partybuild.services.imports import member_import_xlsx


def dues_assess(month: str) -> dict:
    out = io.StringIO()
    call_command("dues_assess", month=month, stdout=out)
    return {"output": out.getvalue().strip()}


def member_export() -> dict:
    content = member_export_xlsx(user=User.objects.get(username="bench_root"))
    return {"bytes": len(content)}


def write_only(rows: str) -> dict:
    """openpyxl's write-only mode writing ``rows`` rows of the export's columns (text, dates and
    yes/no values like a member row)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([column.heading for column in MEMBER_COLUMNS])
    born = datetime.date(1970, 5, 17)
    for number in range(int(rows)):
        sheet.append(
            [
                f"张建国{number % 100}"
                if index == 0
                else born
                if index % 7 == 3
                else "湖南省慈利县"
                for index in range(len(MEMBER_COLUMNS))
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return {"bytes": out.tell()}


def member_import(path: str) -> dict:
    result = member_import_xlsx(file=path, actor=None)
    if not result.ok:
        return {"error": "; ".join(result.report_lines()[:5])}
    return {"created": result.created}


def read_only(path: str) -> dict:
    """openpyxl's read-only mode reading every cell of ``path``."""
    workbook = load_workbook(path, read_only=True)
    rows = sum(1 for _ in workbook.active.iter_rows(values_only=True))
    workbook.close()
    return {"rows": rows}


JOBS = {
    "dues_assess": dues_assess,
    "member_export": member_export,
    "write_only": write_only,
    "member_import": member_import,
    "read_only": read_only,
}


def peak_rss_mb() -> float:
    """This process's own peak resident memory: ``VmHWM``, the high-water mark of its address
    space since ``exec``. ``ru_maxrss`` from ``wait4`` is not that: Linux carries it over
    ``exec`` from the address space the child was forked from, so a child of a parent holding
    430 MB (after generating 100,000 members) reported 430 MB for a job that used 160 MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    name, *args = sys.argv[1:]
    queries = 0

    def count(execute, sql, params, many, context):
        """Counts every query (CaptureQueriesContext keeps only the last 9,000)."""
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        extra = JOBS[name](*args)
        seconds = time.perf_counter() - started
    figures = {"seconds": seconds, "queries": queries, "peak_rss_mb": peak_rss_mb(), **extra}
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()

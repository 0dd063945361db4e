"""xlsx of the 发展党员 pipeline roster: one row per candidate with the stage, the last step
done, the next step and its due date, and how many steps are overdue. Phone numbers are masked."""

import io

from openpyxl import Workbook

from partybuild.core.excel.reader import Column
from partybuild.core.excel.writer import row_cells, sheet_write
from partybuild.core.privacy import mask_identifier

ROSTER_COLUMNS = (
    Column("姓名", "name", width=10),
    Column("性别", "gender", width=6),
    Column("出生日期", "birth_date", kind="date", width=12),
    Column("手机号码", "phone", width=14),
    Column("所在党支部", "organisation", width=24),
    Column("状态", "status", width=10),
    Column("阶段", "stage", width=26),
    Column("已完成步骤", "last_step", width=24),
    Column("完成日期", "last_done_on", kind="date", width=12),
    Column("下一步骤", "next_step", width=24),
    Column("应完成日期", "next_due_on", kind="date", width=12),
    Column("逾期步骤数", "overdue", kind="int", width=10),
)


def _values(row: dict) -> dict:
    candidate = row["candidate"]
    last, following = row["last_step"], row["next_step"]
    return {
        "name": candidate.name,
        "gender": candidate.get_gender_display(),
        "birth_date": candidate.birth_date,
        "phone": mask_identifier(candidate.phone, kind="mobile"),
        "organisation": candidate.responsible_organisation.name,
        "status": candidate.get_status_display(),
        "stage": f"{row['stage']}. {row['stage_name']}",
        "last_step": f"{last['step']}. {last['name']}" if last else "",
        "last_done_on": last["done_on"] if last else None,
        "next_step": f"{following['step']}. {following['name']}" if following else "",
        "next_due_on": following["due_on"] if following else None,
        "overdue": row["overdue"],
    }


def recruitment_roster_xlsx(*, rows: list[dict]) -> bytes:
    """The roster as an xlsx workbook."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("发展党员名册")
    sheet_write(sheet, ROSTER_COLUMNS, (row_cells(sheet, ROSTER_COLUMNS, _values(r)) for r in rows))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

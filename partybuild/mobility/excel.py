"""xlsx of the 流动党员 registers: outflows (with the last contact) and inflows. Phone numbers are
masked with the one masking function."""

import io
from collections.abc import Iterable

from openpyxl import Workbook

from partybuild.core.excel.reader import Column
from partybuild.core.excel.writer import row_cells, sheet_write
from partybuild.core.privacy import mask_identifier
from partybuild.mobility.models import MobileInflow, MobileOutflow

OUTFLOW_COLUMNS = (
    Column("姓名", "name", width=10),
    Column("所在党组织", "organisation", width=24),
    Column("流入地", "destination", width=24),
    Column("流入地党组织", "destination_organisation", width=24),
    Column("流入地党组织联系人及电话", "destination_contact", width=24),
    Column("外出日期", "left_on", kind="date", width=12),
    Column("外出原因", "reason", width=14),
    Column("外出期间联系电话", "contact_phone", width=14),
    Column("流动党员活动证号", "certificate_number", width=18),
    Column("本季度已联系", "contacted", width=10),
    Column("返回日期", "returned_on", kind="date", width=12),
)

INFLOW_COLUMNS = (
    Column("姓名", "name", width=10),
    Column("流入党组织", "organisation", width=24),
    Column("原所在党组织", "home_organisation", width=28),
    Column("流动党员活动证号", "certificate_number", width=18),
    Column("流入日期", "arrived_on", kind="date", width=12),
    Column("联系电话", "phone", width=14),
    Column("离开日期", "left_on", kind="date", width=12),
    Column("备注", "note", width=24),
)


def _outflow_values(outflow: MobileOutflow) -> dict:
    return {
        "name": outflow.member.name,
        "organisation": outflow.member.organisation.name,
        "destination": outflow.destination,
        "destination_organisation": outflow.destination_organisation,
        "destination_contact": outflow.destination_contact,
        "left_on": outflow.left_on,
        "reason": outflow.get_reason_display(),
        "contact_phone": mask_identifier(outflow.contact_phone, kind="mobile"),
        "certificate_number": outflow.certificate_number,
        "contacted": "是" if outflow.contacted_this_quarter else "否",
        "returned_on": outflow.returned_on,
    }


def _inflow_values(inflow: MobileInflow) -> dict:
    return {
        "name": inflow.name,
        "organisation": inflow.organisation.name,
        "home_organisation": inflow.home_organisation,
        "certificate_number": inflow.certificate_number,
        "arrived_on": inflow.arrived_on,
        "phone": mask_identifier(inflow.phone, kind="mobile"),
        "left_on": inflow.left_on,
        "note": inflow.note,
    }


def _workbook(title: str, columns, rows: Iterable[dict]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet_write(sheet, columns, (row_cells(sheet, columns, values) for values in rows))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def mobile_outflow_xlsx(*, outflows: Iterable[MobileOutflow]) -> bytes:
    """流出党员名册 (``outflows`` from ``mobile_outflow_list``, annotated)."""
    return _workbook("流出党员", OUTFLOW_COLUMNS, map(_outflow_values, outflows))


def mobile_inflow_xlsx(*, inflows: Iterable[MobileInflow]) -> bytes:
    """流入党员名册."""
    return _workbook("流入党员", INFLOW_COLUMNS, map(_inflow_values, inflows))

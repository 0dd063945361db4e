"""The list of member logins just made or reset (党员登录账号清单): one row per account, every
personal identifier masked by the one masking function — the account name too where it is the
mobile number — except the one-time password, which the list exists to hand out."""

import io
from collections.abc import Sequence

from openpyxl import Workbook

from partybuild.core.excel.reader import Column
from partybuild.core.excel.writer import row_cells, sheet_write
from partybuild.core.privacy import mask_identifier
from partybuild.services.passwords import IssuedPassword, login_url

SENT_BY_SMS = "已短信发送"

MEMBER_LOGIN_COLUMNS: tuple[Column, ...] = (
    Column("序号", "number", kind="int", width=6),
    Column("姓名", "name", width=12),
    Column("所在党组织", "organisation", width=28),
    Column("公民身份号码", "id_number", width=22),
    Column("手机号码", "phone", width=14),
    Column("账号", "account", width=14),
    Column("初始密码", "password", width=16),
    Column("登录地址", "login_url", width=36),
)


def member_logins_workbook(issued: Sequence[IssuedPassword]) -> bytes:
    """The xlsx list of ``issued`` passwords (a password sent by text message is not repeated)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("登录账号")
    url = login_url()

    def rows():
        for number, item in enumerate(issued, start=1):
            member = item.member
            yield row_cells(
                sheet,
                MEMBER_LOGIN_COLUMNS,
                {
                    "number": number,
                    "name": member.name if member is not None else item.account.name,
                    "organisation": item.organisation_name,
                    "id_number": mask_identifier(
                        member.id_number if member is not None else "", kind="id_number"
                    ),
                    "phone": item.masked_phone,
                    "account": item.masked_account,
                    "password": SENT_BY_SMS if item.sent_by_sms else item.password,
                    "login_url": url,
                },
            )

    sheet_write(sheet, MEMBER_LOGIN_COLUMNS, rows())
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""``python manage.py breakglass``: the break-glass superuser (issue 17, 三员分立).

    manage.py breakglass --username U --reason "…" [--hours N | --until-revoked]
    manage.py breakglass --revoke --username U --reason "…"
    manage.py breakglass --expire      (revoke lapsed grants; for cron)
    manage.py breakglass --list

Each grant and revocation is an audit entry naming the operator (``--operator``, by default the
login running the command), the time and the reason (partybuild/services/superusers.py).
"""

import datetime
import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partybuild.selectors.superusers import superusers_active
from partybuild.services.superusers import (
    superuser_grant,
    superuser_grants_expire,
    superuser_revoke,
)

#: How long a grant lasts unless the operator says otherwise.
DEFAULT_HOURS = 4


def _operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class Command(BaseCommand):
    help = (
        "应急超级管理员：授予（限时或直至撤销）、撤销、清理到期的超级管理员权限，并记入审计日志。"
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--revoke", action="store_true", help="撤销该账号的超级管理员权限")
        action.add_argument("--expire", action="store_true", help="撤销所有已到期的应急权限")
        action.add_argument("--list", action="store_true", help="列出启用的超级管理员")
        parser.add_argument("--username", help="账号")
        parser.add_argument("--reason", help="原因（必填，记入审计日志）")
        parser.add_argument("--operator", default=_operator(), help="操作人（默认当前系统用户）")
        duration = parser.add_mutually_exclusive_group()
        duration.add_argument(
            "--hours", type=float, default=DEFAULT_HOURS, help=f"有效小时数（默认 {DEFAULT_HOURS}）"
        )
        duration.add_argument("--until-revoked", action="store_true", help="直至撤销")

    def handle(self, *args, **options):
        try:
            if options["expire"]:
                count = superuser_grants_expire()
                self.stdout.write(f"已撤销 {count} 个到期的应急超级管理员权限。")
            elif options["list"]:
                self._list()
            elif options["revoke"]:
                account = superuser_revoke(
                    username=options["username"] or "",
                    reason=options["reason"] or "",
                    operator=options["operator"],
                )
                self.stdout.write(f"已撤销 {account.username} 的超级管理员权限。")
            else:
                self._grant(options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

    def _grant(self, options) -> None:
        if options["hours"] <= 0 and not options["until_revoked"]:
            raise CommandError("--hours 必须大于 0。")
        until = (
            None
            if options["until_revoked"]
            else timezone.now() + datetime.timedelta(hours=options["hours"])
        )
        account, password = superuser_grant(
            username=options["username"] or "",
            reason=options["reason"] or "",
            operator=options["operator"],
            until=until,
        )
        ends = "直至撤销" if until is None else f"至 {timezone.localtime(until):%Y-%m-%d %H:%M}"
        self.stdout.write(f"{account.username} 现为超级管理员（{ends}），已记入审计日志。")
        if password is not None:
            self.stdout.write(f"新建账号的一次性密码（仅显示一次）：{password}")
        self.stderr.write(
            "提醒：生产环境在存在启用的超级管理员时拒绝启动 Web 进程，"
            "除非设置 ALLOW_ACTIVE_SUPERUSER=true；用毕请执行 --revoke。"
        )

    def _list(self) -> None:
        for account in superusers_active():
            ends = (
                "直至撤销"
                if account.superuser_until is None
                else f"至 {timezone.localtime(account.superuser_until):%Y-%m-%d %H:%M}"
            )
            self.stdout.write(f"{account.username}\t{ends}")

"""python manage.py import_members FILE.xlsx [--dry-run] [--as USERNAME]

Imports members all or nothing through partybuild.services.imports.member_import_xlsx. On any
error it prints every problem (row, column, reason, code), writes nothing and exits non-zero.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from partybuild.services.imports import member_import_xlsx


class Command(BaseCommand):
    help = "从 Excel（.xlsx）文件导入党员信息：全部行校验通过才写入，否则列出每一处错误。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="要导入的 .xlsx 文件")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入任何数据")
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="以该账号的身份导入，只能导入其管理范围内的党组织（默认：系统，不限范围）",
        )

    def handle(self, *args, file: str, dry_run: bool, username: str | None, **options):
        actor = None
        if username:
            actor = get_user_model().objects.filter(username=username, is_active=True).first()
            if actor is None:
                raise CommandError(f"账号「{username}」不存在或已停用。")
        result = member_import_xlsx(file=file, actor=actor, dry_run=dry_run)
        if not result.ok:
            for line in result.report_lines():
                self.stderr.write(line)
            raise CommandError(f"导入失败：共 {len(result.errors)} 处错误，未写入任何数据。")
        if dry_run:
            self.stdout.write(
                self.style.SUCCESS(f"检查通过：{result.created} 名党员可以导入（未写入）。")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"已导入 {result.created} 名党员。"))

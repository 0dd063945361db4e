"""``python manage.py audit_archive [--before YYYY-MM-DD]``: move old security events to a signed
file under ``AUDIT_ARCHIVE_DIR`` (JSON Lines, with an HMAC in ``<file>.sig``) and out of the
database; the chain still verifies from its anchor (partybuild.services.security_events).

Without ``--before`` the entries older than ``AUDIT_RETENTION_DAYS`` (at least 180) go; a date
within the retention period is refused. The archive is itself an ``audit.archive`` event.
"""

import datetime
import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partybuild.services.security_events import audit_retention_days, security_events_archive


def _operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class Command(BaseCommand):
    help = "将超过保存期限的安全审计记录归档为带签名的文件，并从数据库中移除（摘要链仍可校验）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--before",
            type=datetime.date.fromisoformat,
            help="归档此日期（YYYY-MM-DD，本地时间零点）之前的记录；默认为保存期限之前",
        )

    def handle(self, *args, **options):
        if options["before"] is not None:
            before = timezone.make_aware(
                datetime.datetime.combine(options["before"], datetime.time.min)
            )
        else:
            before = timezone.now() - datetime.timedelta(days=audit_retention_days())
        try:
            result = security_events_archive(before=before, operator=_operator())
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if not result.count:
            self.stdout.write("没有需要归档的安全审计记录。")
            return
        self.stdout.write(
            f"已归档 {result.count} 条安全审计记录（序号 {result.first_sequence}–"
            f"{result.last_sequence}）：{result.path}，签名 {result.signature_path}。"
        )

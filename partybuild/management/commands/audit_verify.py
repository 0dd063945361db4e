"""``python manage.py audit_verify``: walk the security audit trail's hash chain.

Prints the number of entries checked; exits with status 1, naming the first broken sequence
number, when an entry was edited, removed or reordered in the database
(partybuild.services.security_events.security_events_verify).
"""

from django.core.management.base import BaseCommand, CommandError

from partybuild.services.security_events import security_events_verify


class Command(BaseCommand):
    help = "校验安全审计记录的摘要链：记录被改动、删除或调换顺序时报告第一个出错的序号。"

    def handle(self, *args, **options):
        report = security_events_verify()
        if not report.ok:
            raise CommandError(
                f"安全审计记录校验失败：序号 {report.broken_at}，{report.reason}"
                f"（此前 {report.count} 条完好）。"
            )
        self.stdout.write(f"安全审计记录校验通过：共 {report.count} 条。")

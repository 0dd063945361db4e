"""``python manage.py audit_verify [--expect-head SEQ:HASH]``: walk the security audit trail's
hash chain.

Prints the number of entries checked and the chain's head (``SEQ:HASH``, to be noted outside the
database); exits with status 1, naming the first broken sequence number, when an entry was
edited, removed or reordered in the database, or when a head noted earlier is no longer in the
chain (partybuild.services.security_events.security_events_verify).
"""

from django.core.management.base import BaseCommand, CommandError

from partybuild.services.security_events import (
    ChainHead,
    security_events_head,
    security_events_verify,
)


def _head(text: str) -> ChainHead:
    try:
        return ChainHead.parse(text)
    except ValueError:
        raise CommandError(
            f"链尾格式不正确：{text!r}，应为「序号:摘要」（64 位十六进制摘要）。"
        ) from None


class Command(BaseCommand):
    help = (
        "校验安全审计记录的摘要链：记录被改动、删除或调换顺序时报告第一个出错的序号；"
        "--expect-head 核对此前在数据库之外记下的链尾仍在链中。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect-head",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="此前记下的链尾（日志中的「审计链尾」行或本命令的输出），可重复。",
        )

    def handle(self, *args, **options):
        heads = tuple(_head(text) for text in options["expect_head"])
        report = security_events_verify(expected_heads=heads)
        if not report.ok:
            raise CommandError(
                f"安全审计记录校验失败：序号 {report.broken_at}，{report.reason}"
                f"（此前 {report.count} 条完好）。"
            )
        head = security_events_head()
        self.stdout.write(f"安全审计记录校验通过：共 {report.count} 条。")
        if head is not None:
            self.stdout.write(f"链尾：{head}（请在数据库之外留存，下次用 --expect-head 核对）")

"""``python manage.py dues_assess --month 2026-11 [--org CODE] [--batch-size N]``: create the
month's missing party-dues assessments (idempotent; each batch of members commits on its own, so
a run stopped part-way is completed by running it again)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from partybuild.dues.services import dues_assess_month
from partybuild.models import Organisation


class Command(BaseCommand):
    help = "核定某月党费（重复运行不会重复核定，也不改变已缴记录）。"

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="月份，如 2026-11")
        parser.add_argument("--org", help="只核定该组织编码的党组织及其下级组织")
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="每批处理的党员人数（默认 2000）"
        )

    def handle(self, *args, month: str, org: str | None = None, batch_size: int = 2000, **options):
        try:
            start = datetime.datetime.strptime(month, "%Y-%m").date()
        except ValueError as error:
            raise CommandError(f"月份格式应为 YYYY-MM，如 2026-11：{month}") from error
        root = None
        if org:
            root = Organisation.objects.filter(code=org).first()
            if root is None:
                raise CommandError(f"没有组织编码为「{org}」的党组织。")
        try:
            result = dues_assess_month(month=start, root=root, batch_size=max(1, batch_size))
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        self.stdout.write(
            f"{start:%Y年%m月}：新核定 {result.created} 人，已有 {result.existing} 人，"
            f"缺少党费基数 {result.missing_profile} 人，尚未到缴费月份 {result.not_assessed} 人。"
        )

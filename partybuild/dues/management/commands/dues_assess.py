"""``python manage.py dues_assess --month 2026-11 [--org CODE]``: create the month's missing
party-dues assessments (idempotent)."""

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

    def handle(self, *args, month: str, org: str | None = None, **options):
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
            result = dues_assess_month(month=start, root=root)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        self.stdout.write(
            f"{start:%Y年%m月}：新核定 {result.created} 人，已有 {result.existing} 人，"
            f"缺少党费基数 {result.missing_profile} 人，尚未到缴费月份 {result.not_assessed} 人。"
        )

"""`python manage.py load_demo`: load the specification's demo rows (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from partybuild.services.demo import demo_data_load


class Command(BaseCommand):
    help = "加载技术方案中的演示数据（党组织、党员；DEBUG 时另建演示账号）。重复运行不会改变数据。"

    def handle(self, *args, **options):
        result = demo_data_load(with_accounts=settings.DEBUG)
        self.stdout.write(
            f"演示数据：新建党组织 {len(result.organisations)} 个，"
            f"党员 {len(result.members)} 名，账号 {len(result.accounts)} 个。"
        )

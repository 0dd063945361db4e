"""`python manage.py load_demo`: load the specification's demo rows and pages (idempotent).

It lives in ``content`` because it loads both apps' demo data, and ``partybuild`` never imports
``content``: first partybuild's organisations, members (and, in DEBUG, accounts), then the pages.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from content.demo import content_demo_load
from content.demo_accounts import content_demo_accounts_load
from partybuild.services.demo import demo_data_load


class Command(BaseCommand):
    help = (
        "加载技术方案中的演示数据（党组织、党员、各栏目示例页面；DEBUG 时另建演示账号）。"
        "重复运行不会改变数据。"
    )

    def handle(self, *args, **options):
        result = demo_data_load(with_accounts=settings.DEBUG)
        pages = content_demo_load()
        if settings.DEBUG:
            result.accounts += content_demo_accounts_load()
        self.stdout.write(
            f"演示数据：新建党组织 {len(result.organisations)} 个，"
            f"党员 {len(result.members)} 名，账号 {len(result.accounts)} 个，"
            f"页面 {len(pages)} 篇。"
        )

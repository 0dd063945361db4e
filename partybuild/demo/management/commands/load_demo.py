"""`python manage.py load_demo`: load the specification's demo rows and pages (idempotent).

It lives in the demo app, above every other app: first the organisations, members and every
register's rows (and, in DEBUG, accounts), then content's pages and moderation accounts.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from content.demo import content_demo_load
from content.demo_accounts import content_demo_accounts_load
from partybuild.demo.data import DEMO_MEMBER_ORGANISATION_CODE, DEMO_ORGANISATIONS, DEMO_PASSWORD
from partybuild.demo.load import demo_data_load


class Command(BaseCommand):
    help = (
        "加载技术方案中的演示数据（党组织、党员、各栏目示例页面；DEBUG 时另建演示账号）。"
        "重复运行不会改变数据。"
    )

    def handle(self, *args, **options):
        result = demo_data_load(with_accounts=settings.DEBUG)
        pages = content_demo_load(
            organisation_codes={fields["name"]: fields["code"] for _, fields in DEMO_ORGANISATIONS}
        )
        if settings.DEBUG:
            result.accounts += content_demo_accounts_load(
                organisation_code=DEMO_MEMBER_ORGANISATION_CODE, password=DEMO_PASSWORD
            )
        self.stdout.write(
            f"演示数据：新建党组织 {len(result.organisations)} 个，"
            f"党员 {len(result.members)} 名，账号 {len(result.accounts)} 个，"
            f"页面 {len(pages)} 篇。"
        )

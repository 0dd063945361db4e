"""`python manage.py load_demo`: load the specification's demo rows and pages (idempotent).

It lives in the demo app, above every other app: first the organisations, members and every
register's rows (and, in DEBUG, accounts), then content's pages and moderation accounts. It
prints a line per stage as it goes (the whole load takes some seconds) and, in DEBUG, the demo
logins at the end. Production settings (DEBUG off) load the rows and pages but no account, and
print no login.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from content.comments.demo import comments_demo_load
from content.demo import content_demo_load
from content.demo_accounts import content_demo_accounts_load
from partybuild.demo.data import (
    DEMO_LOGINS,
    DEMO_MEMBER_ORGANISATION_CODE,
    DEMO_ORGANISATIONS,
    DEMO_PASSWORD,
)
from partybuild.demo.load import demo_data_load
from partybuild.learning.demo import demo_learning_load


class Command(BaseCommand):
    help = (
        "加载技术方案中的演示数据（党组织、党员、各栏目示例页面；DEBUG 时另建演示账号）。"
        "重复运行不会改变数据。"
    )

    def handle(self, *args, **options):
        started = self._stage_started = time.monotonic()
        result = demo_data_load(with_accounts=settings.DEBUG, progress=self._progress)
        pages = content_demo_load(
            organisation_codes={fields["name"]: fields["code"] for _, fields in DEMO_ORGANISATIONS},
            progress=self._progress,
        )
        self._progress("学习教育（课程、题库与考试）", demo_learning_load(), "项")
        if settings.DEBUG:
            result.accounts += content_demo_accounts_load(
                organisation_code=DEMO_MEMBER_ORGANISATION_CODE, password=DEMO_PASSWORD
            )
        self._progress("评论", comments_demo_load(), "条")
        self.stdout.write(
            f"演示数据：新建党组织 {len(result.organisations)} 个，"
            f"党员 {len(result.members)} 名，账号 {len(result.accounts)} 个，"
            f"页面 {len(pages)} 篇。用时 {time.monotonic() - started:.1f} 秒。"
        )
        if settings.DEBUG:
            self._logins_write()

    def _progress(self, label: str, count: int, unit: str) -> None:
        """One line per stage: what it created (0 on a second run) and the seconds it took."""
        now = time.monotonic()
        self.stdout.write(
            f"  {label}：新建 {count} {unit} … 完成（{now - self._stage_started:.1f} 秒）"
        )
        self._stage_started = now

    def _logins_write(self) -> None:
        """The demo logins (DEBUG only: production settings create none)."""
        self.stdout.write(f"演示账号（仅开发环境；密码均为 {DEMO_PASSWORD}）：")
        width = max(len(username) for username, _ in DEMO_LOGINS)
        for username, role in DEMO_LOGINS:
            self.stdout.write(f"  {username:<{width}}  {role}")

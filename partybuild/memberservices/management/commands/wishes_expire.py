"""``manage.py wishes_expire``: mark published 微心愿 past their deadline 已过期 (run daily)."""

from django.core.management.base import BaseCommand

from partybuild.memberservices.services.wishes import wish_expire_overdue


class Command(BaseCommand):
    help = "将已过截止日期仍未认领的微心愿标记为已过期。"

    def handle(self, *args, **options):
        count = wish_expire_overdue()
        self.stdout.write(f"已过期的微心愿：{count}")

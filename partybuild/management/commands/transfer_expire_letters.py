"""``python manage.py transfer_expire_letters``: mark 已过期 every 待接收 transfer whose letter is
past its validity (docs/domain.md §6).

Nothing depends on running it: lists, counts and acceptance compute expiry on read. It only
stores the state, so that the transfers read 已过期 in exports and to other systems, and tells
each member their letter must be issued again."""

from django.core.management.base import BaseCommand

from partybuild.services.transfers import transfers_expire_lapsed


class Command(BaseCommand):
    help = "将超过介绍信有效期仍未接收的组织关系转接标记为「已过期」。"

    def handle(self, *args, **options):
        marked = transfers_expire_lapsed()
        self.stdout.write(f"已将 {marked} 项逾期未接收的组织关系转接标记为已过期。")

"""Matrix rows of 通知公告 (content/api/notices.py)."""

from content.receipts import notice_receipt_record
from tests.api.factories import publish_notice
from tests.api.matrix import Case, expect


def _branch_a_notice(ctx):
    """A notice for 一支部 only."""
    ctx.objects["notice"] = publish_notice("一支部通知", ctx.tree["first"])


def _branch_b_notice_read_by_b(ctx):
    """A notice for 二支部 that member_b has read: outside admin_a's subtree."""
    notice = publish_notice("二支部通知", ctx.tree["second"])
    notice_receipt_record(notice=notice, user=ctx.roles["member_b"])
    ctx.objects["notice"] = notice


ROWS = {
    "notice_list": Case(
        method="get",
        path="/api/app/notices/",
        setup=_branch_a_notice,
        expect=expect(member_a=200, member_b=200, admin_a=200, admin_parent=200, superuser=200),
    ),
    "notice_detail": Case(
        method="get",
        path=lambda ctx: f"/api/app/notices/{ctx.objects['notice'].pk}",
        setup=_branch_a_notice,
        expect=expect(member_a=200, member_b=404, admin_a=200, admin_parent=200, superuser=200),
    ),
    "notice_receipts": Case(
        method="get",
        path=lambda ctx: f"/api/app/notices/{ctx.objects['notice'].pk}/receipts",
        setup=_branch_b_notice_read_by_b,
        expect=expect(member_a=403, member_b=403, admin_a=404, admin_parent=200, superuser=200),
    ),
}

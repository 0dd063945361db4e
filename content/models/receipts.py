"""Read receipts of 通知公告: one per member and notice, the first time the member opens it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeReceipt(models.Model):
    """Member ``member`` read notice ``notice`` at ``read_at`` (the first reading only)."""

    notice = models.ForeignKey(
        "content.NoticePage",
        verbose_name=_("通知公告"),
        on_delete=models.CASCADE,
        related_name="receipts",
    )
    member = models.ForeignKey(
        "partybuild.Member",
        verbose_name=_("党员"),
        on_delete=models.CASCADE,
        related_name="notice_receipts",
    )
    read_at = models.DateTimeField(_("阅读时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("阅读回执")
        verbose_name_plural = _("阅读回执")
        constraints = [
            models.UniqueConstraint(fields=["notice", "member"], name="notice_receipt_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.notice}"

"""积分 (points ledger): every award is one entry; a member's balance is the sum of theirs.

The source is named by (``source_type``, ``source_id``) rather than a foreign key per kind, and
(member, source_type, source_id, reason_kind) is unique, so awarding for the same thing twice
(re-approving a 微心得) adds nothing."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuild.models import Member


class PointsReason(models.TextChoices):
    EXPERIENCE = "experience", _("微心得审核通过")
    WISH = "wish", _("完成微心愿")
    LEARNING = "learning", _("学习积分")
    OTHER = "other", _("其他")


class PointsEntry(models.Model):
    """One award (or, with negative points, a correction) of points to a member."""

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="points_entries"
    )
    points = models.IntegerField(_("积分"))
    reason_kind = models.CharField(_("类别"), max_length=20, choices=PointsReason.choices)
    reason = models.CharField(_("事由"), max_length=255)
    source_type = models.CharField(_("来源类型"), max_length=40)
    source_id = models.PositiveIntegerField(_("来源编号"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        db_table = "partybuild_pointsentry"
        verbose_name = _("积分记录")
        verbose_name_plural = _("积分记录")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "source_type", "source_id", "reason_kind"],
                name="points_entry_once_per_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.points:+d} {self.reason}"

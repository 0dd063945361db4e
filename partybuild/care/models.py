"""党内关怀 (docs/domain.md §9): 困难党员 reviewed yearly, and the 帮扶 and 慰问 given to
members. The 光荣在党50年 list and the 政治生日 are computed from the member's dates."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partybuild.core.money import ZERO, MoneyField
from partybuild.models import RegisteredRecord


class HardshipKind(models.TextChoices):
    """困难类型."""

    LIVING = "living", _("生活困难")
    ILLNESS = "illness", _("因病致困")
    DISASTER = "disaster", _("因灾致困")
    OTHER = "other", _("其他")


class HardshipLevel(models.TextChoices):
    """困难程度."""

    GENERAL = "general", _("一般困难")
    SERIOUS = "serious", _("较重困难")
    EXTREME = "extreme", _("特别困难")


class HardshipMember(RegisteredRecord):
    """A member registered as 困难党员, in force until closed; reviewed at least yearly."""

    member = models.ForeignKey(
        "partybuild.Member",
        verbose_name=_("党员"),
        on_delete=models.PROTECT,
        related_name="hardship_records",
    )
    kind = models.CharField(_("困难类型"), max_length=20, choices=HardshipKind.choices)
    level = models.CharField(_("困难程度"), max_length=20, choices=HardshipLevel.choices)
    description = models.TextField(_("困难情况"))
    registered_on = models.DateField(_("登记日期"))
    reviewed_on = models.DateField(_("最近复核日期"))
    review_note = models.CharField(_("复核意见"), max_length=200, blank=True)
    closed_on = models.DateField(_("解除日期"), null=True, blank=True)
    close_reason = models.CharField(_("解除原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("困难党员")
        verbose_name_plural = _("困难党员")
        ordering = ["-registered_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(closed_on__isnull=True),
                name="hardship_member_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}（{self.get_level_display()}）"


class CareVisitKind(models.TextChoices):
    """关怀方式."""

    HELP = "help", _("帮扶")
    CONDOLENCE = "condolence", _("慰问")


class CareVisit(RegisteredRecord):
    """One 帮扶 or 慰问 of a member: when, by whom, what, and the money given (0 when none)."""

    member = models.ForeignKey(
        "partybuild.Member",
        verbose_name=_("党员"),
        on_delete=models.PROTECT,
        related_name="care_visits",
    )
    hardship = models.ForeignKey(
        HardshipMember,
        verbose_name=_("困难党员登记"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
    )
    kind = models.CharField(_("关怀方式"), max_length=20, choices=CareVisitKind.choices)
    visited_on = models.DateField(_("日期"))
    organisation = models.ForeignKey(
        "partybuild.Organisation",
        verbose_name=_("开展党组织"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    visitor = models.CharField(_("帮扶或慰问人"), max_length=100)
    content = models.TextField(_("帮扶或慰问内容"))
    amount = MoneyField(_("金额（元）"), default=ZERO, validators=[MinValueValidator(ZERO)])

    class Meta:
        verbose_name = _("帮扶慰问记录")
        verbose_name_plural = _("帮扶慰问")
        ordering = ["-visited_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="care_visit_amount_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_kind_display()} · {self.visited_on:%Y-%m-%d}"

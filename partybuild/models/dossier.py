"""Sub-records of a member's dossier: 奖惩情况, 民主评议, 出国(境)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .members import Member


class RewardKind(models.TextChoices):
    """奖励 or 惩处."""

    REWARD = "reward", _("奖励")
    PUNISHMENT = "punishment", _("惩处")


class RewardPunishment(models.Model):
    """One reward or punishment in a member's dossier (奖惩情况)."""

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="rewards_punishments"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=RewardKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    awarded_on = models.DateField(_("日期"))
    authority = models.CharField(_("批准机关"), max_length=200, blank=True)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("奖惩情况")
        verbose_name_plural = _("奖惩情况")
        ordering = ["-awarded_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"


class EvaluationGrade(models.TextChoices):
    """民主评议 grades (docs/domain.md §5)."""

    EXCELLENT = "excellent", _("优秀")
    QUALIFIED = "qualified", _("合格")
    BASICALLY_QUALIFIED = "basically_qualified", _("基本合格")
    UNQUALIFIED = "unqualified", _("不合格")


class DemocraticEvaluation(models.Model):
    """A member's grade in one year's 民主评议党员."""

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    grade = models.CharField(_("评议等次"), max_length=30, choices=EvaluationGrade.choices)
    remarks = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("民主评议")
        verbose_name_plural = _("民主评议")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="evaluation_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.get_grade_display()}"


class AbroadRecord(models.Model):
    """A stay abroad (出国(境)) recorded in the dossier."""

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="abroad_records"
    )
    destination = models.CharField(_("前往国家(地区)"), max_length=100)
    purpose = models.CharField(_("事由"), max_length=200)
    departed_on = models.DateField(_("出境日期"))
    returned_on = models.DateField(_("回国(境)日期"), null=True, blank=True)
    remarks = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("出国(境)记录")
        verbose_name_plural = _("出国(境)记录")
        ordering = ["-departed_on"]

    def __str__(self) -> str:
        return f"{self.destination}（{self.departed_on}）"

    def clean(self) -> None:
        super().clean()
        if self.returned_on and self.departed_on and self.returned_on < self.departed_on:
            raise ValidationError(
                {
                    "returned_on": ValidationError(
                        _("回国(境)日期不能早于出境日期。"), code="return_before_departure"
                    )
                }
            )

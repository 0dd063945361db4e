"""Party dues (党费, DOMAIN.md §4): rates as data, each member's dues profile, monthly
assessments, payments and how payments are allocated to months."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuild.money import MoneyField

from .members import Member
from .organisations import Organisation


class DuesCategory(models.TextChoices):
    """Who the member is for dues purposes."""

    IN_SERVICE = "in_service", _("在职")
    RETIRED = "retired", _("离退休")
    FARMER = "farmer", _("农民")
    STUDENT = "student", _("学生")
    UNEMPLOYED = "unemployed", _("下岗失业")
    RELIEF = "relief", _("享受低保或救济")
    OTHER_FIXED = "other_fixed", _("其他定额")


class DuesRate(models.Model):
    """One line of the official table, valid from ``effective_from`` (the first of a month).

    A percentage line has ``rate`` and income bounds (lower exclusive, upper inclusive); a fixed
    line has ``fixed_amount``. Categories whose amount is set per member (农民, 其他定额) have a
    line giving the allowed range instead (``fixed_amount`` is the minimum, ``maximum`` the top).
    """

    category = models.CharField(_("类别"), max_length=20, choices=DuesCategory.choices)
    income_above = MoneyField(_("月收入高于"), null=True, blank=True)
    income_up_to = MoneyField(_("月收入不超过"), null=True, blank=True)
    rate = models.DecimalField(
        _("比例"), max_digits=6, decimal_places=4, null=True, blank=True, help_text=_("如 0.0050")
    )
    fixed_amount = MoneyField(_("定额（或最低额）"), null=True, blank=True)
    maximum = MoneyField(_("最高额"), null=True, blank=True)
    effective_from = models.DateField(_("生效月份"), help_text=_("该月1日起适用"))

    class Meta:
        verbose_name = _("党费标准")
        verbose_name_plural = _("党费标准")
        ordering = ["-effective_from", "category", "income_above"]
        permissions = [("manage_dues_rates", _("维护党费标准"))]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.effective_from:%Y-%m}"


class DuesProfile(models.Model):
    """A member's dues basis from ``effective_from`` on; the newest one not after a month
    applies to that month."""

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="dues_profiles"
    )
    category = models.CharField(_("缴费类别"), max_length=20, choices=DuesCategory.choices)
    base_income = MoneyField(_("月工资收入（税后）"), null=True, blank=True)
    fixed_amount = MoneyField(_("定额"), null=True, blank=True)
    voluntary_extra = MoneyField(_("自愿多交"), default=0)
    effective_from = models.DateField(_("生效月份"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("党费基数")
        verbose_name_plural = _("党费基数")
        ordering = ["member", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "effective_from"], name="dues_profile_one_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_category_display()} {self.effective_from:%Y-%m}"


class DuesAssessment(models.Model):
    """What a member owes for one month, with the basis it was computed from (kept, so later
    rate or profile changes never rewrite it once paid)."""

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="dues_assessments"
    )
    month = models.DateField(_("月份"), help_text=_("该月1日"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所在党组织"),
        on_delete=models.PROTECT,
        related_name="dues_assessments",
    )
    category = models.CharField(_("缴费类别"), max_length=20, choices=DuesCategory.choices)
    base_income = MoneyField(_("月工资收入（税后）"), null=True, blank=True)
    rate = models.DecimalField(_("比例"), max_digits=6, decimal_places=4, null=True, blank=True)
    computed_amount = MoneyField(_("应缴"))
    voluntary_extra = MoneyField(_("自愿多交"), default=0)
    amount_due = MoneyField(_("应收合计"))
    paid_amount = MoneyField(_("已缴"), default=0)
    created_at = models.DateTimeField(_("核定时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("党费核定")
        verbose_name_plural = _("党费核定")
        ordering = ["member", "month"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="dues_assessment_once")
        ]
        indexes = [models.Index(fields=["organisation", "month"], name="dues_org_month")]

    def __str__(self) -> str:
        return f"{self.member} {self.month:%Y-%m}"

    @property
    def outstanding(self):
        return self.amount_due - self.paid_amount


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("现金")
    BANK = "bank", _("银行转账")
    ONLINE = "online", _("线上")


class DuesPayment(models.Model):
    """A payment, never deleted; a correction is a reversing entry (negative, ``reverses`` set)."""

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="dues_payments"
    )
    amount = MoneyField(_("金额"))
    voluntary_extra = MoneyField(_("其中自愿多交"), default=0)
    paid_on = models.DateField(_("缴费日期"))
    method = models.CharField(_("缴费方式"), max_length=20, choices=PaymentMethod.choices)
    receipt_number = models.CharField(_("收据编号"), max_length=50, blank=True)
    reason = models.CharField(_("说明"), max_length=200, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("冲正的缴费"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("党费缴纳")
        verbose_name_plural = _("党费缴纳")
        ordering = ["-paid_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.member} ¥{self.amount} {self.paid_on}"


class DuesAllocation(models.Model):
    """The part of a payment that settles one month's assessment."""

    payment = models.ForeignKey(
        DuesPayment, verbose_name=_("缴费"), on_delete=models.PROTECT, related_name="allocations"
    )
    assessment = models.ForeignKey(
        DuesAssessment,
        verbose_name=_("核定月份"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    amount = MoneyField(_("金额"))

    class Meta:
        verbose_name = _("缴费分配")
        verbose_name_plural = _("缴费分配")

    def __str__(self) -> str:
        return f"{self.payment_id} → {self.assessment} ¥{self.amount}"

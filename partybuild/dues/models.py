"""Party dues (党费, docs/domain.md §4): rates as data, each member's dues profile, monthly
assessments, payments and how payments are allocated to months, and reductions or waivers
(减免)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partybuild.core.choices import ChoiceLabelsMixin
from partybuild.core.money import MoneyField
from partybuild.models import Member, Organisation


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
        db_table = "partybuild_duesrate"
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
        db_table = "partybuild_duesprofile"
        verbose_name = _("党费基数")
        verbose_name_plural = _("党费基数")
        ordering = ["member", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "effective_from"], name="dues_profile_one_per_month"
            ),
            # docs/domain.md §4: a base is never negative (partybuild.dues.services refuses it
            # with a message; this keeps any other write out).
            models.CheckConstraint(
                condition=Q(base_income__isnull=True) | Q(base_income__gte=0),
                name="dues_profile_base_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(fixed_amount__isnull=True) | Q(fixed_amount__gte=0),
                name="dues_profile_fixed_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(voluntary_extra__gte=0), name="dues_profile_voluntary_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_category_display()} {self.effective_from:%Y-%m}"


class WaiverKind(models.TextChoices):
    """减免 (docs/domain.md §4): pay a reduced amount a month, or nothing."""

    REDUCTION = "reduction", _("减交")
    EXEMPTION = "exemption", _("免交")


class DuesWaiver(models.Model):
    """减免党费 (docs/domain.md §4): a member in hardship pays a reduced amount a month (减交) or
    nothing (免交) from ``start_month`` to ``end_month`` (both the first of a month, inclusive),
    for the ``reason`` recorded and with the approval of a 上级党委: the approving committee, the
    person who signed, the date and the document number (批准文号).

    The monthly assessment applies it wherever the member is assessed (partybuild.dues.services);
    a revoked waiver keeps its row and no longer applies. ``organisation`` is the member's
    organisation when it was recorded, the register's scope beside the member's current one.
    """

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="dues_waivers"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("登记时所在党组织"),
        on_delete=models.PROTECT,
        related_name="dues_waivers",
    )
    kind = models.CharField(_("减免方式"), max_length=20, choices=WaiverKind.choices)
    reduced_amount = MoneyField(
        _("减交后每月应缴"), null=True, blank=True, help_text=_("减交时填写；免交不填")
    )
    start_month = models.DateField(_("起始月份"), help_text=_("该月1日"))
    end_month = models.DateField(_("截止月份"), help_text=_("该月1日，含该月"))
    reason = models.TextField(_("减免原因"))
    approving_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("批准的上级党委"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approver = models.CharField(_("批准人"), max_length=50, blank=True)
    approved_on = models.DateField(_("批准日期"))
    approval_document = models.CharField(_("批准文号"), max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoke_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)

    class Meta:
        db_table = "partybuild_dueswaiver"
        verbose_name = _("党费减免")
        verbose_name_plural = _("党费减免")
        ordering = ["-start_month", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_month__gte=models.F("start_month")),
                name="dues_waiver_period_order",
            ),
            models.CheckConstraint(
                condition=Q(kind="exemption", reduced_amount__isnull=True)
                | Q(kind="reduction", reduced_amount__gt=0),
                name="dues_waiver_reduced_amount",
            ),
        ]
        indexes = [models.Index(fields=["member", "start_month"], name="dues_waiver_member")]

    def __str__(self) -> str:
        return (
            f"{self.member} {self.get_kind_display()} "
            f"{self.start_month:%Y-%m}—{self.end_month:%Y-%m}"
        )

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def covers(self, month) -> bool:
        """Whether the waiver applies to ``month`` (its first day)."""
        return self.is_active and self.start_month <= month <= self.end_month

    def charge(self, standard: Decimal) -> Decimal:
        """What the member pays for a month whose standard amount is ``standard``: nothing
        when 免交; the reduced amount when 减交, never more than the standard amount."""
        if self.kind == WaiverKind.EXEMPTION:
            return Decimal("0.00")
        return min(self.reduced_amount, standard)

    def label(self) -> str:
        """How a month's statement names it: 「免交（批准文号）」 or 「减交至 ¥x（批准文号）」."""
        if self.kind == WaiverKind.EXEMPTION:
            return f"免交（{self.approval_document}）"
        return f"减交至 ¥{self.reduced_amount}（{self.approval_document}）"


class DuesAssessment(ChoiceLabelsMixin, models.Model):
    """What a member owes for one month, with the basis it was computed from (kept, so later
    rate or profile changes never rewrite it once paid). Under a 减免 ``waiver``, the computed
    amount is what the member pays and ``waived_amount`` what the waiver takes off the table's
    amount (docs/domain.md §4)."""

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
    waiver = models.ForeignKey(
        DuesWaiver,
        verbose_name=_("减免"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    waived_amount = MoneyField(_("减免金额"), default=0)
    voluntary_extra = MoneyField(_("自愿多交"), default=0)
    amount_due = MoneyField(_("应收合计"))
    paid_amount = MoneyField(_("已缴"), default=0)
    created_at = models.DateTimeField(_("核定时间"), auto_now_add=True)

    class Meta:
        db_table = "partybuild_duesassessment"
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


#: docs/domain.md §4: a single voluntary payment (自愿多交) of this much or more is passed up in
#: full to the central committee (全额上缴中央); the reports flag it.
VOLUNTARY_PASSED_UP_THRESHOLD = Decimal("1000.00")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("现金")
    BANK = "bank", _("银行转账")
    ONLINE = "online", _("线上")


class DuesPayment(models.Model):
    """A payment, never deleted; a correction is a reversing entry (negative, ``reverses`` set).

    Two database constraints make a payment submitted twice be recorded once:

    - ``dues_payment_receipt_once``: a receipt number (收据编号) is used once per collecting
      organisation (``organisation``, the member's organisation when the payment is recorded).
      Reversing entries repeat the number of the payment they correct and are not counted; a
      payment that has been reversed, and the later duplicates found among the rows recorded
      before migration 0014, have ``receipt_number_released`` set and no longer hold their
      number (so a corrected payment may reuse the paper receipt of the reversed one).
    - ``dues_payment_idempotency_once``: an ``Idempotency-Key`` is used once per recording
      account (``recorded_by``), not per organisation. The key is minted by the client that
      retries (one device, one login), so it is that account's namespace: per organisation,
      two administrators' clients could collide by chance and one would be answered with, or
      refused because of, a payment the other submitted; and a member's organisation changes
      on transfer, which would move the scope of keys already stored.
      ``idempotency_fingerprint`` (SHA-256 of the normalised request) tells a retry of the same
      request from a different request reusing the key.
    """

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="dues_payments"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("收缴党组织"),
        on_delete=models.PROTECT,
        related_name="dues_payments",
        help_text=_("登记时党员所在的党组织；收据编号在该组织内唯一"),
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
    receipt_number_released = models.BooleanField(
        _("不再占用收据编号"),
        default=False,
        editable=False,
        help_text=_("已冲正的缴费，或迁移前已存在的重复收据编号"),
    )
    idempotency_key = models.CharField(_("幂等键"), max_length=100, blank=True, editable=False)
    idempotency_fingerprint = models.CharField(
        _("请求摘要"), max_length=64, blank=True, editable=False
    )

    class Meta:
        db_table = "partybuild_duespayment"
        verbose_name = _("党费缴纳")
        verbose_name_plural = _("党费缴纳")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "receipt_number"],
                condition=~models.Q(receipt_number="")
                & models.Q(reverses__isnull=True, receipt_number_released=False),
                name="dues_payment_receipt_once",
            ),
            models.UniqueConstraint(
                fields=["recorded_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="dues_payment_idempotency_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} ¥{self.amount} {self.paid_on}"

    @property
    def passes_up_in_full(self) -> bool:
        """A voluntary part of 1000 yuan or more in this one payment, which is not a correction
        and has not been reversed: 全额上缴中央 (docs/domain.md §4). Reads ``is_reversed`` when
        the queryset annotated it (partybuild.dues.selectors), else asks the database."""
        if self.reverses_id is not None or self.voluntary_extra < VOLUNTARY_PASSED_UP_THRESHOLD:
            return False
        reversed_ = getattr(self, "is_reversed", None)
        if reversed_ is None:
            reversed_ = DuesPayment.objects.filter(reverses=self).exists()
        return not reversed_


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
        db_table = "partybuild_duesallocation"
        verbose_name = _("缴费分配")
        verbose_name_plural = _("缴费分配")

    def __str__(self) -> str:
        return f"{self.payment_id} → {self.assessment} ¥{self.amount}"

"""组织关系转接: membership transfers within the system and to or from outside it."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuild.core.choices import ChoiceLabelsMixin
from partybuild.core.dates import add_months, month_start

from .members import Member
from .organisations import Organisation


class TransferKind(models.TextChoices):
    """Where the transfer goes."""

    INTERNAL = "internal", _("系统内转接")
    OUTGOING = "outgoing", _("转出到系统外")
    INCOMING = "incoming", _("从系统外转入")


class TransferStatus(models.TextChoices):
    """States of a transfer (待接收 → 已接收 / 已退回, or 已撤回 by the sender, or 已过期 when
    the letter's validity ended before the receiver registered the member, docs/domain.md §6)."""

    PENDING = "pending", _("待接收")
    ACCEPTED = "accepted", _("已接收")
    RETURNED = "returned", _("已退回")
    REVOKED = "revoked", _("已撤回")
    EXPIRED = "expired", _("已过期")


class Transfer(ChoiceLabelsMixin, models.Model):
    """One transfer of a member's organisational relationship; both ends are kept for history.

    Within the system the receiving organisation accepts or returns it; to or from outside the
    system it is recorded as accepted at once with the 介绍信 number and the other organisation.
    """

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="transfers"
    )
    kind = models.CharField(_("转接类型"), max_length=20, choices=TransferKind.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    from_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("转出党组织"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_out",
    )
    to_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("转入党组织"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_in",
    )
    external_organisation = models.CharField(_("系统外党组织名称"), max_length=200, blank=True)
    letter_number = models.CharField(_("介绍信编号"), max_length=100, blank=True)
    reason = models.CharField(_("转接原因"), max_length=200, blank=True)
    left_on = models.DateField(_("转出日期"), null=True, blank=True)
    arrived_on = models.DateField(_("转入日期"), null=True, blank=True)
    letter_valid_until = models.DateField(
        _("介绍信有效期至"),
        null=True,
        blank=True,
        help_text=_("逾期未接收的，介绍信失效，须由转出党组织重新开具"),
    )
    dues_paid_until = models.DateField(
        _("党费交至"),
        null=True,
        blank=True,
        help_text=_("党费已交到的月份（存该月1日）；转入方从其下一个月起收缴党费"),
    )
    decision_reason = models.TextField(_("退回或撤回理由"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("组织关系转接")
        verbose_name_plural = _("组织关系转接")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="pending"),
                name="transfer_one_pending_per_member",
            )
        ]

    def __str__(self) -> str:
        source = self.from_organisation or self.external_organisation
        target = self.to_organisation or self.external_organisation
        return f"{self.member}：{source} → {target}（{self.get_current_status_display()}）"

    @property
    def is_expired(self) -> bool:
        """Whether the letter has expired (docs/domain.md §6): marked 已过期, or still 待接收
        after the last day of its validity (computed on read, before the command marks it)."""
        if self.status == TransferStatus.EXPIRED:
            return True
        return (
            self.status == TransferStatus.PENDING
            and self.letter_valid_until is not None
            and timezone.localdate() > self.letter_valid_until
        )

    @property
    def current_status(self) -> str:
        """The status as it stands today: 已过期 for a lapsed letter not yet marked."""
        return TransferStatus.EXPIRED if self.is_expired else self.status

    def get_current_status_display(self) -> str:
        return str(TransferStatus(self.current_status).label)

    @property
    def dues_charged_from(self) -> datetime.date:
        """The first month the receiving side charges dues (docs/domain.md §6): the month after
        党费交至. Without it (older records), the month after the member left — 转出日期 for a
        transfer out, else the date received — so the sending side charges the month of leaving.
        """
        paid_until = self.dues_paid_until
        if paid_until is None:
            left_on = self.left_on if self.kind != TransferKind.INCOMING else None
            decided = timezone.localdate(self.decided_at) if self.decided_at else None
            paid_until = left_on or self.arrived_on or decided or timezone.localdate()
        return add_months(month_start(paid_until), 1)

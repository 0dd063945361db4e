"""组织关系转接: membership transfers within the system and to or from outside it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .members import Member
from .organisations import Organisation


class TransferKind(models.TextChoices):
    """Where the transfer goes."""

    INTERNAL = "internal", _("系统内转接")
    OUTGOING = "outgoing", _("转出到系统外")
    INCOMING = "incoming", _("从系统外转入")


class TransferStatus(models.TextChoices):
    """States of a transfer (待接收 → 已接收 / 已退回, or 已撤回 by the sender)."""

    PENDING = "pending", _("待接收")
    ACCEPTED = "accepted", _("已接收")
    RETURNED = "returned", _("已退回")
    REVOKED = "revoked", _("已撤回")


class Transfer(models.Model):
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
        return f"{self.member}：{source} → {target}（{self.get_status_display()}）"

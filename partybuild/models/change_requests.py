"""Self-service dossier changes: a member asks, the branch secretary decides."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuild.core.crypto import EncryptedJSONField

from .members import Member

#: Dossier fields a member may ask to change themselves (not category, dates of joining or
#: organisation, which only the organisation changes).
SELF_SERVICE_FIELDS = (
    "ethnicity",
    "native_place",
    "phone",
    "home_address",
    "education",
    "degree",
    "school_major",
    "employer",
    "job_post",
)


class ChangeRequestStatus(models.TextChoices):
    """States of a change request."""

    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("已驳回")


class MemberChangeRequest(models.Model):
    """A member's request to change fields of their own dossier; kept as history.

    The requested and the replaced values (a 手机号码 among them) are encrypted at rest
    (partybuild.core.crypto.EncryptedJSONField): they are read whole, never queried by content.
    """

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="change_requests"
    )
    changes = EncryptedJSONField(_("申请修改的内容"), help_text=_("字段名 → 新值"))
    previous = EncryptedJSONField(_("修改前的内容"), default=dict, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ChangeRequestStatus.choices,
        default=ChangeRequestStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_reason = models.TextField(_("驳回理由"), blank=True)

    class Meta:
        verbose_name = _("档案修改申请")
        verbose_name_plural = _("档案修改申请")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.member}（{self.get_status_display()}）"

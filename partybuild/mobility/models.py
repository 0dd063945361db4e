"""流动党员 (docs/domain.md §8): a member of a branch working away from it (流出), a member of an
organisation outside the system staying here (流入), and the home branch's contact log.

A mobile member stays in the dues and meeting rules of the home branch: nothing here moves the
member's organisation, only ``Member.is_mobile`` is set while an outflow is open."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partybuild.core.crypto import EncryptedCharField
from partybuild.core.validators import validate_mobile
from partybuild.models import RecordedEntry, RegisteredRecord


def contact_phone_field(label) -> EncryptedCharField:
    """A person's mobile number, encrypted at rest like a member's 手机号码."""
    return EncryptedCharField(label, max_length=11, blank=True, validators=[validate_mobile])


class OutflowReason(models.TextChoices):
    """外出原因."""

    WORK = "work", _("外出务工经商")
    STUDY = "study", _("外出学习")
    FAMILY = "family", _("投靠亲属")
    OTHER = "other", _("其他")


class ContactWay(models.TextChoices):
    """联系方式 of a contact log entry."""

    PHONE = "phone", _("电话")
    MESSAGE = "message", _("微信或短信")
    VISIT = "visit", _("走访或见面")
    REPORT = "report", _("思想汇报")
    LETTER = "letter", _("书信或邮件")


class MobileOutflow(RegisteredRecord):
    """A member of a branch of the system working away from it (流出党员), open until return."""

    member = models.ForeignKey(
        "partybuild.Member",
        verbose_name=_("党员"),
        on_delete=models.PROTECT,
        related_name="mobile_outflows",
    )
    destination = models.CharField(_("流入地"), max_length=200)
    destination_organisation = models.CharField(_("流入地党组织"), max_length=200, blank=True)
    destination_contact = models.CharField(
        _("流入地党组织联系人及电话"), max_length=200, blank=True
    )
    left_on = models.DateField(_("外出日期"))
    reason = models.CharField(_("外出原因"), max_length=20, choices=OutflowReason.choices)
    reason_detail = models.CharField(_("原因说明"), max_length=200, blank=True)
    contact_phone = contact_phone_field(_("外出期间联系电话"))
    certificate_number = models.CharField(_("流动党员活动证号"), max_length=50, blank=True)
    returned_on = models.DateField(_("返回日期"), null=True, blank=True)
    return_note = models.CharField(_("返回说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("流出党员")
        verbose_name_plural = _("流出党员")
        ordering = ["-left_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(returned_on__isnull=True),
                name="mobile_outflow_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.destination}"

    @property
    def is_open(self) -> bool:
        return self.returned_on is None


class MobileContact(RecordedEntry):
    """One contact of the home branch with an outflowing member (at least once a quarter)."""

    outflow = models.ForeignKey(
        MobileOutflow,
        verbose_name=_("流出党员"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    contacted_on = models.DateField(_("联系日期"))
    way = models.CharField(_("联系方式"), max_length=20, choices=ContactWay.choices)
    content = models.TextField(_("联系内容"))

    class Meta:
        verbose_name = _("联系记录")
        verbose_name_plural = _("联系记录")
        ordering = ["-contacted_on", "-pk"]
        indexes = [models.Index(fields=["outflow", "contacted_on"])]

    def __str__(self) -> str:
        return f"{self.outflow.member} · {self.contacted_on:%Y-%m-%d}"


class MobileInflow(RegisteredRecord):
    """A member of an organisation outside the system registered with a branch here (流入党员)."""

    organisation = models.ForeignKey(
        "partybuild.Organisation",
        verbose_name=_("流入党支部"),
        on_delete=models.PROTECT,
        related_name="mobile_inflows",
    )
    name = models.CharField(_("姓名"), max_length=50)
    home_organisation = models.CharField(_("原所在党组织"), max_length=200)
    certificate_number = models.CharField(_("流动党员活动证号"), max_length=50)
    arrived_on = models.DateField(_("流入日期"))
    phone = contact_phone_field(_("联系电话"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    left_on = models.DateField(_("离开日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("流入党员")
        verbose_name_plural = _("流入党员")
        ordering = ["-arrived_on", "-pk"]

    def __str__(self) -> str:
        return self.name

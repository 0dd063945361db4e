"""微心愿 (micro-wishes, seed 1.2.6.1): a person in need asks for something small through a
branch; the branch reviews and publishes it, one member claims it, fulfils it with a photo and the
branch confirms. Published wishes past their deadline expire unclaimed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuild.core.choices import ChoiceLabelsMixin
from partybuild.core.crypto import EncryptedCharField
from partybuild.core.money import MoneyField
from partybuild.core.validators import validate_mobile
from partybuild.models import Member, Organisation


class WishStatus(models.TextChoices):
    """待审核 → 已发布 → 已认领 → 已完成; or 已驳回 (by the branch) / 已过期 (unclaimed)."""

    PENDING = "pending", _("待审核")
    PUBLISHED = "published", _("已发布")
    CLAIMED = "claimed", _("已认领")
    COMPLETED = "completed", _("已完成")
    REJECTED = "rejected", _("已驳回")
    EXPIRED = "expired", _("已过期")


class MicroWish(ChoiceLabelsMixin, models.Model):
    """One 微心愿 with the seed table's columns and its progress."""

    image = models.ForeignKey(
        "partybuild.PrivateFile",
        verbose_name=_("图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("微心愿名称"), max_length=100)
    value = MoneyField(_("价值（元）"))
    deadline = models.DateField(_("截止日期"))
    owner_name = models.CharField(_("心愿主人"), max_length=50)
    #: Encrypted at rest like a member's 手机号码; shown masked everywhere, never searched.
    owner_phone = EncryptedCharField(
        _("心愿主人电话"), max_length=11, blank=True, validators=[validate_mobile]
    )
    situation = models.TextField(_("基本情况"), blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("申请支部"), on_delete=models.PROTECT, related_name="wishes"
    )
    cash_amount = MoneyField(_("现金支付（元）"), null=True, blank=True)
    mailing_address = models.CharField(_("邮寄地址"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=WishStatus.choices,
        default=WishStatus.PENDING,
        db_index=True,
    )
    reject_reason = models.TextField(_("驳回理由"), blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    claimed_by = models.ForeignKey(
        Member,
        verbose_name=_("认领人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claimed_wishes",
    )
    claimed_at = models.DateTimeField(_("认领时间"), null=True, blank=True)
    fulfilment_photo = models.ForeignKey(
        "partybuild.PrivateFile",
        verbose_name=_("完成照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fulfilment_note = models.TextField(_("完成情况"), blank=True)
    fulfilled_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        db_table = "partybuild_microwish"
        verbose_name = _("微心愿")
        verbose_name_plural = _("微心愿")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="wish_status_deadline")]

    def __str__(self) -> str:
        return self.title

"""微心得 (micro-experiences, seed 1.2.6.2): a member posts what they learnt; their branch
reviews it and approval awards the 心得积分 to the member's points ledger."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuild.models import Member, Organisation


class ExperienceStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("已驳回")


class MicroExperience(models.Model):
    """One 微心得 with the seed table's columns (主题, 内容, 图片, 附件, 发布者, 所在组织,
    心得积分, 状态) and its review."""

    title = models.CharField(_("主题"), max_length=200)
    content = models.TextField(_("内容"))
    image = models.ForeignKey(
        "partybuild.PrivateFile",
        verbose_name=_("图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attachment = models.ForeignKey(
        "partybuild.PrivateFile",
        verbose_name=_("附件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author = models.ForeignKey(
        Member, verbose_name=_("发布者"), on_delete=models.PROTECT, related_name="experiences"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所在组织"),
        on_delete=models.PROTECT,
        related_name="experiences",
    )
    points = models.PositiveSmallIntegerField(_("心得积分"), null=True, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ExperienceStatus.choices,
        default=ExperienceStatus.PENDING,
        db_index=True,
    )
    reject_reason = models.TextField(_("驳回理由"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        db_table = "partybuild_microexperience"
        verbose_name = _("微心得")
        verbose_name_plural = _("微心得")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return self.title

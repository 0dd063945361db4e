"""Member dossiers (DOMAIN.md §2). The member register issue completes the dossier."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Gender
from .organisations import Organisation


class MemberCategory(models.TextChoices):
    """人员类别."""

    FULL = "full", _("正式党员")
    PROBATIONARY = "probationary", _("预备党员")


class MemberStanding(models.TextChoices):
    """党籍状态 (DOMAIN.md §2)."""

    NORMAL = "normal", _("正常")
    RETAINED = "retained", _("保留党籍")
    RESTORED = "restored", _("恢复党籍")
    SUSPENDED = "suspended", _("停止党籍")
    EXPELLED = "expelled", _("开除党籍")


class Member(models.Model):
    """A party member; belongs to exactly one organisation (a 党支部 or 党小组)."""

    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所在党组织"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    category = models.CharField(
        _("人员类别"), max_length=20, choices=MemberCategory.choices, default=MemberCategory.FULL
    )
    standing = models.CharField(
        _("党籍状态"), max_length=20, choices=MemberStanding.choices, default=MemberStanding.NORMAL
    )
    joined_on = models.DateField(_("入党日期"), null=True, blank=True)
    confirmed_on = models.DateField(_("转正日期"), null=True, blank=True)
    job_post = models.CharField(_("工作岗位"), max_length=100, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
    )

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        ordering = ["organisation__path", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """DOMAIN.md §2/§3: dates of joining and full membership must be consistent."""
        super().clean()
        errors = {}
        if self.category == MemberCategory.PROBATIONARY and self.confirmed_on:
            errors["confirmed_on"] = ValidationError(
                _("预备党员不应有转正日期。"), code="probationary_confirmed"
            )
        if self.joined_on and self.confirmed_on and self.confirmed_on < self.joined_on:
            errors["confirmed_on"] = ValidationError(
                _("转正日期不能早于入党日期。"), code="confirmed_before_joined"
            )
        if self.organisation_id and self.organisation.org_type not in ("branch", "group"):
            errors["organisation"] = ValidationError(
                _("党员只能编入党支部或党小组。"), code="member_organisation_type"
            )
        if errors:
            raise ValidationError(errors)

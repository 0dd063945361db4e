"""Accounts of administrators and members."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuild.core.crypto import BlindIndexedModel

from .choices import Gender
from .identity import (
    IdNumberMixin,
    id_number_unique_constraint,
    phone_field,
    phone_index_field,
)
from .organisations import Organisation


class User(IdNumberMixin, BlindIndexedModel, AbstractUser):
    """An account: the username is the login (账号); ``name`` is the person's full name (姓名).

    ``organisation`` (所属党组织) places the account in the tree, so that the administrators of that
    organisation's ancestors manage it; it grants nothing by itself.

    The ID number is encrypted at rest and read and written only through :attr:`id_number`; the
    phone number is encrypted at rest too and found through ``phone_index``
    (partybuild.models.identity).
    """

    name = models.CharField(_("姓名"), max_length=50, blank=True)
    code = models.CharField(_("编码"), max_length=50, blank=True)
    phone = phone_field()
    phone_index = phone_index_field()
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    address = models.CharField(_("联系地址"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所属党组织"),
        help_text=_("账号所在的党组织；其上级组织的管理员可以管理该账号。"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
    )
    administered_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("管理的党组织"),
        help_text=_("该账号可管理此党组织及其全部下级组织；留空表示不管理任何组织。"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="administrators",
    )
    password_change_required = models.BooleanField(
        _("须修改密码"),
        default=False,
        help_text=_("初始密码或重置的密码须在下次登录时修改；修改前只能打开修改密码页面。"),
    )
    two_factor_enabled = models.BooleanField(
        _("已开启两步验证"),
        default=False,
        editable=False,
        help_text=_("账号有已确认的身份验证器：登录时须在密码之后输入动态验证码。"),
    )
    superuser_until = models.DateTimeField(
        _("超级管理员权限截止"),
        help_text=_("应急超级管理员权限到期的时间；留空表示直至撤销（manage.py breakglass）。"),
        null=True,
        blank=True,
        editable=False,
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        swappable = "AUTH_USER_MODEL"
        constraints = [id_number_unique_constraint("user_id_number_unique")]

    def __str__(self) -> str:
        return self.name or self.username

    def get_full_name(self) -> str:
        return self.name or self.username

    def get_short_name(self) -> str:
        return self.name or self.username

    def clean(self) -> None:
        super().clean()
        errors = self.id_number_errors(birth_date=self.birth_date, gender=self.gender)
        errors.update(self.validate_id_number_unique())
        if errors:
            raise ValidationError(errors)

"""Failed sign-ins, kept to lock out password guessing (shared by the admin and the app API),
and the security policy that sets the lockout and the password rules."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.permission_policies import ModelPermissionPolicy


class LoginFailure(models.Model):
    """One failed sign-in attempt: the username tried and the client address."""

    username = models.CharField(_("账号"), max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("登录失败记录")
        verbose_name_plural = _("登录失败记录")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.username} @ {self.ip_address}"


class SecurityPolicyPermissionPolicy(ModelPermissionPolicy):
    """设置 › 安全策略: for the holders of ``partybuild.manage_security_policy`` through a role in
    force (the 安全管理员 of 三员分立), not for the model's own change permission."""

    def user_has_permission(self, user, action):
        from partybuild.selectors.roles import user_administers

        return action in ("view", "change") and user_administers(
            user, "partybuild.manage_security_policy"
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


def password_max_age_default() -> int:
    """The policy's first 密码有效期: ``PASSWORD_MAX_AGE_DAYS_DEFAULT`` (180 in production, 0 =
    no expiry in development and tests)."""
    return getattr(settings, "PASSWORD_MAX_AGE_DAYS_DEFAULT", 0)


def _between(low: int, high: int) -> list:
    return [MinValueValidator(low), MaxValueValidator(high)]


@register_setting(icon="lock")
class SecurityPolicy(BaseGenericSetting):
    """安全策略 (设置 › 安全策略): the password rules and the sign-in lockout, set by the
    安全管理员 (三员分立; ``partybuild.manage_security_policy``, not the model's change permission).

    The floor of each rule is what GB/T 22239-2019 level 3 asks (passwords of at least 8
    characters mixing three of the four character classes, a lockout after a few failures), so
    the policy can be made stricter, never weaker than that (docs/domain.md, 安全策略)."""

    password_min_length = models.PositiveSmallIntegerField(
        _("密码最小长度"), default=8, validators=_between(8, 64)
    )
    password_min_classes = models.PositiveSmallIntegerField(
        _("密码至少包含的字符种类"),
        default=3,
        validators=_between(3, 4),
        help_text=_("大写字母、小写字母、数字、其他符号四类中至少包含几类（3 或 4）。"),
    )
    password_history_count = models.PositiveSmallIntegerField(
        _("不得重复使用最近几次的密码"), default=5, validators=_between(5, 24)
    )
    password_max_age_days = models.PositiveSmallIntegerField(
        _("密码有效期（天）"),
        default=password_max_age_default,
        validators=[MaxValueValidator(365)],
        help_text=_("超过有效期的密码须在下次登录时修改；0 表示不过期。"),
    )
    password_expiry_warning_days = models.PositiveSmallIntegerField(
        _("密码到期前提醒（天）"), default=14, validators=_between(1, 60)
    )
    lockout_username_failures = models.PositiveSmallIntegerField(
        _("同一账号连续失败次数上限"),
        default=5,
        validators=_between(3, 10),
        help_text=_("在锁定时长内同一账号登录失败达到此次数即锁定该账号。"),
    )
    lockout_address_failures = models.PositiveSmallIntegerField(
        _("同一地址失败次数上限"),
        default=20,
        validators=_between(5, 200),
        help_text=_("在锁定时长内来自同一网络地址的登录失败达到此次数即锁定该地址。"),
    )
    lockout_minutes = models.PositiveSmallIntegerField(
        _("锁定时长（分钟）"), default=15, validators=_between(5, 1440)
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("password_min_length"),
                FieldPanel("password_min_classes"),
                FieldPanel("password_history_count"),
                FieldPanel("password_max_age_days"),
                FieldPanel("password_expiry_warning_days"),
            ],
            heading=_("密码规则"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("lockout_username_failures"),
                FieldPanel("lockout_address_failures"),
                FieldPanel("lockout_minutes"),
            ],
            heading=_("登录失败锁定"),
        ),
    ]

    class Meta:
        verbose_name = _("安全策略")
        verbose_name_plural = _("安全策略")

    def __str__(self) -> str:
        return str(_("安全策略"))

    @classmethod
    def get_permission_policy(cls):
        return SecurityPolicyPermissionPolicy(cls)

    @classmethod
    def current(cls) -> "SecurityPolicy":
        """The policy in force (created with the defaults on first use)."""
        return cls.load()


class PasswordHistory(models.Model):
    """One password an account has had (its hash, never the password), newest first: the policy
    refuses the last few again, and the newest's time is when the password expires from."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="password_history",
    )
    password = models.CharField(_("密码散列"), max_length=128)
    created_at = models.DateTimeField(_("设置时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d}"

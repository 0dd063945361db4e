"""Failed sign-ins, kept to lock out password guessing (shared by the admin and the app API),
the hits of the shared rate limiter, the web sessions kept per account to end them, and
the security policy that sets the lockout, the password rules, the session and token lifetimes
and the rate limits."""

from django.conf import settings
from django.core.exceptions import ValidationError
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


class RateLimitHit(models.Model):
    """One counted attempt of a rate-limited action (partybuild.services.ratelimit): the
    limiter's name (``scope``) and what it limits by (``key``: an account, an address, a
    member and meeting)."""

    scope = models.CharField(_("限制项"), max_length=50)
    key = models.CharField(_("对象"), max_length=200)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("频率限制记录")
        verbose_name_plural = _("频率限制记录")
        indexes = [models.Index(fields=["scope", "key", "created_at"])]

    def __str__(self) -> str:
        return f"{self.scope}: {self.key}"


class UserSession(models.Model):
    """A signed-in web session of an account (admin or portal), kept so that a password
    change, a disabled account or a revoked role can end the account's sessions without
    reading the whole session store (partybuild/sessions.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="web_sessions",
        verbose_name=_("账号"),
    )
    session_key = models.CharField(_("会话标识"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("登录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.session_key[:6]}…"


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
        _("同一账号在同一地址失败次数上限"),
        default=5,
        validators=_between(3, 10),
        help_text=_(
            "在锁定时长内同一账号从同一网络地址登录失败达到此次数，即锁定该账号在该地址的登录。"
        ),
    )
    lockout_username_total_failures = models.PositiveSmallIntegerField(
        _("同一账号失败次数上限（任意地址）"),
        default=15,
        validators=_between(5, 100),
        help_text=_(
            "在锁定时长内同一账号从所有地址登录失败合计达到此次数，即在所有地址锁定该账号；"
            "不得小于上一项。"
        ),
    )
    lockout_address_failures = models.PositiveSmallIntegerField(
        _("同一地址失败次数上限"),
        default=20,
        validators=_between(5, 200),
        help_text=_(
            "在锁定时长内来自同一网络地址的登录失败达到此次数后，该地址上已失败过的账号不能再试；"
            "同一地址上未被尝试过的其他账号仍可登录。"
        ),
    )
    lockout_minutes = models.PositiveSmallIntegerField(
        _("锁定时长（分钟）"), default=15, validators=_between(5, 1440)
    )
    admin_idle_minutes = models.PositiveSmallIntegerField(
        _("管理后台空闲超时（分钟）"),
        default=30,
        validators=_between(5, 30),
        help_text=_("在管理后台无操作超过此时长即退出登录。"),
    )
    portal_idle_minutes = models.PositiveSmallIntegerField(
        _("党员门户空闲超时（分钟）"),
        default=30,
        validators=_between(5, 120),
        help_text=_("在党员门户无操作超过此时长即退出登录。"),
    )
    session_max_hours = models.PositiveSmallIntegerField(
        _("登录会话最长时间（小时）"),
        default=12,
        validators=_between(1, 24),
        help_text=_("自登录起超过此时长，无论是否有操作都须重新登录。"),
    )
    token_idle_hours = models.PositiveSmallIntegerField(
        _("App 令牌空闲失效（小时）"),
        default=72,
        validators=_between(1, 168),
        help_text=_("App 令牌超过此时长未使用即失效。"),
    )
    token_max_days = models.PositiveSmallIntegerField(
        _("App 令牌最长有效期（天）"),
        default=30,
        validators=_between(1, 90),
        help_text=_("自账号密码登录起超过此天数，令牌（含续期得到的新令牌）失效，须重新登录。"),
    )
    password_reset_requests = models.PositiveSmallIntegerField(
        _("找回密码请求次数上限（每小时）"),
        default=5,
        validators=_between(1, 20),
        help_text=_("同一账号或同一网络地址每小时可请求找回密码验证码的次数。"),
    )
    check_in_code_failures = models.PositiveSmallIntegerField(
        _("签到码错误次数上限（15 分钟内）"),
        default=5,
        validators=_between(3, 20),
        help_text=_("同一党员对同一会议 15 分钟内输错签到码达到此次数后暂停签到。"),
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
                FieldPanel("lockout_username_total_failures"),
                FieldPanel("lockout_address_failures"),
                FieldPanel("lockout_minutes"),
            ],
            heading=_("登录失败锁定"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("admin_idle_minutes"),
                FieldPanel("portal_idle_minutes"),
                FieldPanel("session_max_hours"),
                FieldPanel("token_idle_hours"),
                FieldPanel("token_max_days"),
            ],
            heading=_("会话与令牌"),
        ),
        MultiFieldPanel(
            [FieldPanel("password_reset_requests"), FieldPanel("check_in_code_failures")],
            heading=_("频率限制"),
        ),
    ]

    class Meta:
        verbose_name = _("安全策略")
        verbose_name_plural = _("安全策略")

    def __str__(self) -> str:
        return str(_("安全策略"))

    @classmethod
    def floor(cls, field: str) -> int:
        """The least value ``field`` may take (its MinValueValidator)."""
        return next(
            validator.limit_value
            for validator in cls._meta.get_field(field).validators
            if isinstance(validator, MinValueValidator)
        )

    def clean(self) -> None:
        super().clean()
        if (self.lockout_username_total_failures or 0) < (self.lockout_username_failures or 0):
            raise ValidationError(
                {
                    "lockout_username_total_failures": _(
                        "不得小于“同一账号在同一地址失败次数上限”。"
                    )
                },
                code="lockout_total_below_pair",
            )

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


class PasswordResetCode(models.Model):
    """A 忘记密码 code sent by SMS to an account's phone (its hash, never the code): valid for
    a short time, once, and only the newest of an account's (partybuild.services.passwords)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="password_reset_codes",
    )
    code_hash = models.CharField(_("验证码散列"), max_length=128)
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True, db_index=True)
    used_at = models.DateTimeField(_("使用或作废时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("找回密码验证码")
        verbose_name_plural = _("找回密码验证码")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d %H:%M}"

"""The security audit trail (安全审计, GB/T 22239-2019 §8.1.4.3): an append-only, hash-chained
record of sign-ins, account and role changes, imports, exports, identity reveals and deletions.

Each :class:`SecurityEvent` carries a sequence number, the hash of the entry before it and its
own hash, an HMAC over a canonical serialisation of its fields and that previous hash
(partybuild.services.security_events), keyed with a secret the database does not hold: an entry
edited, removed or reordered in the database breaks the chain (``manage.py audit_verify``).
The model refuses updates and deletions from Python; only the archive
(``manage.py audit_archive``) removes entries, after writing them to a signed file and moving
the chain's :class:`SecurityEventAnchor` past them.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEventType(models.TextChoices):
    """The stable codes of security events and their labels (the viewer and its export)."""

    LOGIN_SUCCESS = "login.success", _("登录成功")
    LOGIN_FAILURE = "login.failure", _("登录失败")
    LOGIN_LOCKED = "login.locked", _("登录被锁定拒绝")
    LOGOUT = "logout", _("退出登录")
    SESSION_EXPIRED = "session.expired", _("会话超时")
    PASSWORD_CHANGED = "password.changed", _("修改密码")
    PASSWORD_RESET = "password.reset", _("重置密码")
    OTP_ENABLED = "otp.enabled", _("启用双因素认证")
    OTP_DISABLED = "otp.disabled", _("关闭双因素认证")
    OTP_RESET = "otp.reset", _("管理员重置双因素认证")
    OTP_FAILURE = "otp.failure", _("验证码错误")
    OTP_LOCKED = "otp.locked", _("验证码错误次数过多被锁定")
    OTP_RECOVERY_USED = "otp.recovery_used", _("使用恢复码")
    OTP_RECOVERY_RENEWED = "otp.recovery_renewed", _("重新生成恢复码")
    TOKEN_REFRESHED = "token.refreshed", _("刷新应用令牌")
    TOKEN_EXPIRED = "token.expired", _("应用令牌过期")
    PASSWORD_RESET_REQUESTED = "password.reset_requested", _("申请找回密码")
    RATE_LIMITED = "ratelimit.hit", _("操作过于频繁被拒绝")
    ACCOUNT_CREATED = "account.created", _("新建账号")
    ACCOUNT_CHANGED = "account.changed", _("修改账号")
    ACCOUNT_ENABLED = "account.enabled", _("启用账号")
    ACCOUNT_DISABLED = "account.disabled", _("停用账号")
    ROLE_CHANGED = "role.changed", _("角色变更")
    ASSIGNMENT_GRANTED = "assignment.granted", _("分配角色")
    ASSIGNMENT_REVOKED = "assignment.revoked", _("撤销角色分配")
    IMPORT = "import", _("导入数据")
    EXPORT = "export", _("导出数据")
    IDENTITY_REVEAL = "identity.reveal", _("查看完整身份信息")
    DELETE = "delete", _("删除数据")
    AUDIT_EXPORT = "audit.export", _("导出安全审计记录")
    AUDIT_ARCHIVE = "audit.archive", _("归档安全审计记录")


class SecurityEventOutcome(models.TextChoices):
    """Whether what the event records succeeded."""

    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")


class SecurityEventRefused(Exception):
    """An attempt to change or remove an audit entry from Python."""


class SecurityEventQuerySet(models.QuerySet):
    """Entries are appended only: a queryset's update() and delete() refuse."""

    def update(self, **kwargs):
        raise SecurityEventRefused("Security events are append-only: update() is refused.")

    def delete(self):
        raise SecurityEventRefused("Security events are append-only: delete() is refused.")

    update.queryset_only = True
    delete.queryset_only = True


class SecurityEvent(models.Model):
    """One security event, a link of the hash chain (see the module's docstring).

    ``actor_username`` keeps the account name when the account is deleted (``actor`` becomes
    null); it is the account name tried when a sign-in fails for an unknown account. ``actor``
    and ``content_type`` are not part of the hash (the one is cleared when the account goes),
    ``actor_username``, ``object_type`` and ``object_id`` are.
    """

    sequence = models.PositiveBigIntegerField(_("序号"), unique=True)
    created_at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    actor_username = models.CharField(_("账号"), max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True, db_index=True)
    event = models.CharField(_("事件类型"), max_length=40, db_index=True)
    outcome = models.CharField(
        _("结果"), max_length=10, choices=SecurityEventOutcome.choices, db_index=True
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("对象类型"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    object_type = models.CharField(_("对象类型代码"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_label = models.CharField(_("对象"), max_length=255, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    previous_hash = models.CharField(_("前一条的摘要"), max_length=64, blank=True)
    hash = models.CharField(_("摘要"), max_length=64, unique=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("安全审计记录")
        verbose_name_plural = _("安全审计记录")
        ordering = ["-sequence"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"#{self.sequence} {self.event} {self.actor_username}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise SecurityEventRefused(
                "Security events are append-only: an entry is not saved again."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SecurityEventRefused("Security events are append-only: delete() is refused.")

    @property
    def event_label(self) -> str:
        """The event's Chinese label (its code when the code is not one of ours)."""
        try:
            return str(SecurityEventType(self.event).label)
        except ValueError:
            return self.event


class SecurityEventAnchor(models.Model):
    """The chain's one head row: the last entry appended (``last_sequence``, ``last_hash``) and
    the last one archived (``archived_sequence``, ``archived_hash``, 0 and "" until an archive).

    Appends lock this row (select_for_update), so entries get their sequence numbers one at a
    time. ``archived_mac`` and ``last_mac`` are HMACs of the archived and the last pair, so
    neither end of the chain can be moved by someone holding only the database (removing the
    newest entries and rewinding the head); verification starts from the one and ends at the
    other.
    """

    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)
    last_mac = models.CharField(max_length=64, blank=True)
    archived_sequence = models.PositiveBigIntegerField(default=0)
    archived_hash = models.CharField(max_length=64, blank=True)
    archived_mac = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("安全审计链锚点")
        verbose_name_plural = _("安全审计链锚点")
        default_permissions = ()

    def __str__(self) -> str:
        return f"#{self.archived_sequence}..#{self.last_sequence}"

"""Failed sign-ins, kept to lock out password guessing (shared by the admin and the app API)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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

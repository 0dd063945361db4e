"""Wrong second-factor codes, kept to lock out code guessing (partybuild/twofactor/services.py).

The authenticators themselves are django-otp's devices (``otp_totp.TOTPDevice`` for the app,
``otp_static.StaticDevice`` for the recovery codes); ``User.two_factor_enabled`` mirrors whether
an account has a confirmed authenticator, so the gate reads it without a query.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OtpFailure(models.Model):
    """One wrong code (dynamic or recovery) entered for an account, at sign-in or enrolment."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        app_label = "partybuild"
        verbose_name = _("两步验证失败记录")
        verbose_name_plural = _("两步验证失败记录")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d %H:%M:%S}"

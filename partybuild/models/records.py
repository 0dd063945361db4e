"""Who wrote a register's record and when: abstract bases shared by the registers (困难党员,
帮扶慰问, 流动党员, 班子任期, 党代表's activities …) so that each declares the pair once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegisteredRecord(models.Model):
    """A record registered by an administrator: 登记人 (kept empty once the account is deleted)
    and 登记时间."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        abstract = True


class RecordedEntry(models.Model):
    """An entry of a log written by an administrator: 记录人 (kept empty once the account is
    deleted) and 记录时间."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        abstract = True

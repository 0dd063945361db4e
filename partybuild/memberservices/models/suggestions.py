"""意见建议 (suggestions, seed 1.2.8): a member submits a suggestion, optionally anonymously; the
administrators of their organisation's subtree reply and close it.

An anonymous suggestion stores no link to the account at all (``submitter`` is NULL, and the
services write no audit entry or message naming the person); only the organisation is kept so
that the right administrators see it. Its time is kept to the day (00:00 Asia/Shanghai of the
day it was submitted), so that no timestamp written by the author elsewhere (a token's
``last_used_at``, a session) can be joined to it; lists order by that day, then by entry order.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuild.core.choices import ChoiceLabelsMixin
from partybuild.models import Organisation


class SuggestionStatus(models.TextChoices):
    """待处理 → 已答复 → 已关闭 (an open one may also be closed without a reply)."""

    OPEN = "open", _("待处理")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已关闭")


class Suggestion(ChoiceLabelsMixin, models.Model):
    """One 意见建议 with its reply."""

    title = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"), max_length=5000)
    created_at = models.DateTimeField(
        _("提交时间"),
        default=timezone.now,
        editable=False,
        db_index=True,
        help_text=_("匿名提交只保留日期（当日 00:00）。"),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所在党组织"),
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
        help_text=_("匿名提交时为空。"),
    )
    is_anonymous = models.BooleanField(_("匿名"), default=False)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.OPEN,
        db_index=True,
    )
    reply = models.TextField(_("答复"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)

    class Meta:
        db_table = "partybuild_suggestion"
        verbose_name = _("意见建议")
        verbose_name_plural = _("意见建议")
        ordering = [TruncDate("created_at").desc(), "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_anonymous=False) | models.Q(submitter__isnull=True),
                name="suggestion_anonymous_has_no_submitter",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def created_label(self) -> str:
        """提交时间 as shown: the day only for an anonymous suggestion (that is all it keeps)."""
        moment = timezone.localtime(self.created_at)
        return f"{moment:%Y-%m-%d}" if self.is_anonymous else f"{moment:%Y-%m-%d %H:%M}"

    @property
    def submitter_label(self) -> str:
        """What administrators see as the submitter: 匿名 for anonymous suggestions."""
        if self.is_anonymous:
            return str(_("匿名"))
        if self.submitter is None:
            return str(_("（账号已删除）"))
        return str(self.submitter)

"""评论: a member's comment on a 党建动态 or 重要新闻 page, shown to readers only once an editor
who may edit the page approved it; the editor may reply under it (docs/domain.md §评论)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The longest comment, in characters.
COMMENT_MAX_LENGTH = 500
#: The longest reply of an editor and reason of a refusal.
REPLY_MAX_LENGTH = 1000
REASON_MAX_LENGTH = 200


class CommentStatus(models.TextChoices):
    """待审核 → 已通过 or 已拒绝."""

    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("已拒绝")


class Comment(models.Model):
    """One comment on a page."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("文章"),
        on_delete=models.CASCADE,
        related_name="member_comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评论人"),
        on_delete=models.CASCADE,
        related_name="page_comments",
    )
    text = models.TextField(_("评论内容"), max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("评论时间"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=CommentStatus.choices,
        default=CommentStatus.PENDING,
        db_index=True,
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    rejection_reason = models.CharField(_("拒绝理由"), max_length=REASON_MAX_LENGTH, blank=True)
    reply = models.TextField(_("编辑回复"), max_length=REPLY_MAX_LENGTH, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回复人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("回复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评论")
        verbose_name_plural = _("评论")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["page", "status", "created_at"], name="comment_page_status"),
            models.Index(fields=["author", "created_at"], name="comment_author_time"),
        ]

    def __str__(self) -> str:
        return self.text[:30]

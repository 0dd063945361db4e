"""留言板 (message board): members post short messages on their branch's board; the branch's
administrators hide a post with a reason (and may restore it)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuild.models import Organisation

BOARD_POST_MAX_LENGTH = 500


class BoardPost(models.Model):
    """One post on a branch's board."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所在党组织"),
        on_delete=models.PROTECT,
        related_name="board_posts",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("留言人"),
        on_delete=models.PROTECT,
        related_name="board_posts",
    )
    content = models.TextField(_("留言内容"), max_length=BOARD_POST_MAX_LENGTH)
    created_at = models.DateTimeField(_("留言时间"), default=timezone.now, db_index=True)
    hidden = models.BooleanField(_("已隐藏"), default=False, db_index=True)
    hidden_reason = models.CharField(_("隐藏理由"), max_length=200, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("隐藏人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_at = models.DateTimeField(_("隐藏时间"), null=True, blank=True)

    class Meta:
        db_table = "partybuild_boardpost"
        verbose_name = _("留言板")
        verbose_name_plural = _("留言板")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["author", "created_at"], name="board_post_author_time")]

    def __str__(self) -> str:
        return self.content[:30]

"""我的消息: what the system tells one account (a notice for my organisation, a decision on my
change request, a transfer that changed state, later meetings, dues and recruitment)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuild.core.choices import ChoiceLabelsMixin


class MessageKind(models.TextChoices):
    """Where a message comes from; the app groups and links messages by it."""

    NOTICE = "notice", _("通知公告")
    CHANGE_REQUEST = "change_request", _("档案修改申请")
    TRANSFER = "transfer", _("组织关系转接")
    MEETING = "meeting", _("三会一课")
    DUES = "dues", _("党费")
    RECRUITMENT = "recruitment", _("发展党员")
    MODERATION = "moderation", _("内容审核")
    SYSTEM = "system", _("系统消息")


class Message(ChoiceLabelsMixin, models.Model):
    """One message to one account; unread until ``read_at`` is set.

    ``object_type``/``object_id`` name what the message is about (e.g. ``notice``/page id), so
    the app can open it without the message holding a foreign key to every kind of record.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    kind = models.CharField(_("类别"), max_length=32, choices=MessageKind.choices)
    title = models.CharField(_("标题"), max_length=255)
    body = models.TextField(_("内容"), blank=True)
    object_type = models.CharField(_("关联对象类型"), max_length=64, blank=True)
    object_id = models.PositiveIntegerField(_("关联对象编号"), null=True, blank=True)
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="message_recipient_read")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

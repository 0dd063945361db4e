"""书记信箱 (secretary mailbox): a member writes to the secretary of their branch or to the
书记信箱 of a higher organisation of theirs; the letter is stored and sent by email, and
answered in the admin.

Every letter is addressed to one organisation (``addressee``): the writer's branch for 本支部书记,
the chosen higher organisation for 书记信箱 (by default the top organisation, the 管理部门, whose
mailbox is the site-wide address of MemberServiceSettings). Only that organisation's secretary —
the accounts holding a role in force on exactly it (``administrators_of``) — and superusers
see and answer it; the email goes to their addresses (the top organisation: the configured
mailbox). Organisation has no secretary field, only the free-text ``leader_name``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuild.core.choices import ChoiceLabelsMixin
from partybuild.models import Organisation


class LetterRecipient(models.TextChoices):
    """Whom the letter is for."""

    BRANCH_SECRETARY = "branch_secretary", _("本支部书记")
    MAILBOX = "mailbox", _("上级党组织书记信箱")


class LetterStatus(models.TextChoices):
    """已发送 → 已答复."""

    SENT = "sent", _("待答复")
    REPLIED = "replied", _("已答复")


class SecretaryLetter(ChoiceLabelsMixin, models.Model):
    """One letter with its reply."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("写信人"),
        on_delete=models.PROTECT,
        related_name="secretary_letters",
    )
    recipient_kind = models.CharField(_("收信人"), max_length=20, choices=LetterRecipient.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所在党组织"),
        on_delete=models.PROTECT,
        related_name="secretary_letters",
    )
    addressee = models.ForeignKey(
        Organisation,
        verbose_name=_("收信党组织"),
        on_delete=models.PROTECT,
        null=True,  # filled for every letter (migration 0015 for older ones)
        related_name="addressed_letters",
        help_text=_("信件只送达该党组织的书记（管理该党组织的账号）。"),
    )
    subject = models.CharField(_("主题"), max_length=100)
    body = models.TextField(_("正文"), max_length=5000)
    created_at = models.DateTimeField(_("写信时间"), auto_now_add=True, db_index=True)
    email_sent_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=LetterStatus.choices,
        default=LetterStatus.SENT,
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

    class Meta:
        db_table = "partybuild_secretaryletter"
        verbose_name = _("书记信箱")
        verbose_name_plural = _("书记信箱")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject

    @property
    def recipient_label(self) -> str:
        """收信人 as people read it: 「本支部书记（一支部）」, 「一总支书记信箱」."""
        if self.addressee is None:
            return str(self.get_recipient_kind_display())
        if self.recipient_kind == LetterRecipient.BRANCH_SECRETARY:
            return _("本支部书记（%(name)s）") % {"name": self.addressee.name}
        return _("%(name)s书记信箱") % {"name": self.addressee.name}

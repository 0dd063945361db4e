"""便民服务 settings that the management department sets in the admin (设置 › 便民服务设置)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="mail")
class MemberServiceSettings(BaseSiteSetting):
    """Anonymous suggestions on/off (seed: 「后台可设置是否匿名」), the site-wide mailbox of
    书记信箱 (seed: 「接收信箱由我们管理部门来设置」) and the message board's rate limit."""

    suggestions_anonymous_allowed = models.BooleanField(
        _("是否允许匿名提交意见建议"),
        default=False,
        help_text=_("开启后，党员可匿名提交意见建议；匿名提交的记录不保存提交人。"),
    )
    mailbox_email = models.EmailField(
        _("书记信箱接收邮箱"),
        blank=True,
        help_text=_("党员写给「书记信箱」的信件发送到此邮箱；留空则不能向书记信箱写信。"),
    )
    board_posts_per_hour = models.PositiveSmallIntegerField(
        _("留言板每人每小时发帖上限"), default=5
    )

    class Meta:
        db_table = "partybuild_memberservicesettings"
        verbose_name = _("便民服务设置")
        verbose_name_plural = _("便民服务设置")

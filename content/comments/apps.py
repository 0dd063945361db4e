"""App configuration of 评论."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    """评论: members' comments on 党建动态 and 重要新闻, moderated before they show."""

    name = "content.comments"
    label = "comments"
    verbose_name = _("评论")
    default_auto_field = "django.db.models.BigAutoField"

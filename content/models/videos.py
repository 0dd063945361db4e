"""本地影视: local films and videos."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.images.api.fields import ImageRenditionField

from .base import ArticlePage, SectionIndexPage


class VideoPage(ArticlePage):
    """A video: cover, a video file (document) or an embed address, duration; body = description."""

    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    video_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("视频文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    embed_url = models.URLField(_("视频地址"), blank=True)
    duration = models.DurationField(_("时长"), null=True, blank=True, help_text=_("格式：时:分:秒"))

    parent_page_types = ["content.VideoIndexPage", "content.TopicPage"]
    content_panels = [
        *ArticlePage.content_panels,
        FieldPanel("cover"),
        FieldPanel("video_file"),
        FieldPanel("embed_url"),
        FieldPanel("duration"),
    ]
    api_fields = [
        *ArticlePage.api_fields,
        APIField("cover"),
        APIField("cover_thumbnail", serializer=ImageRenditionField("fill-480x270", source="cover")),
        APIField("video_file"),
        APIField("embed_url"),
        APIField("duration"),
    ]

    class Meta:
        verbose_name = _("本地影视")
        verbose_name_plural = _("本地影视")

    def clean(self):
        super().clean()
        if not self.video_file_id and not self.embed_url:
            raise ValidationError(
                {"embed_url": _("请上传视频文件或填写视频地址（二者至少一项）。")}
            )


class VideoIndexPage(SectionIndexPage):
    """本地影视 section."""

    article_model = VideoPage
    subpage_types = ["content.VideoPage"]

    class Meta:
        verbose_name = _("本地影视栏目")

    def get_articles(self, request):
        return super().get_articles(request).select_related("cover")

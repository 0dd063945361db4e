"""办事指南: service guides with a flow chart and forms to download (seed 1.2.6.3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.images.api.fields import ImageRenditionField

from .base import ArticlePage, SectionIndexPage, attachments_field


class GuidePage(ArticlePage):
    """办事指南: the title is the 业务名称, the body the 说明."""

    flowchart = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("业务流程图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attachments = attachments_field()

    parent_page_types = ["content.GuideIndexPage"]
    content_panels = [
        *ArticlePage.content_panels,
        FieldPanel("flowchart"),
        FieldPanel("attachments"),
    ]
    api_fields = [
        *ArticlePage.api_fields,
        APIField("flowchart"),
        APIField(
            "flowchart_rendition",
            serializer=ImageRenditionField("max-1200x1200", source="flowchart"),
        ),
        APIField("attachments"),
    ]

    class Meta:
        verbose_name = _("办事指南")
        verbose_name_plural = _("办事指南")


class GuideIndexPage(SectionIndexPage):
    """办事指南 section."""

    article_model = GuidePage
    subpage_types = ["content.GuidePage"]
    per_page = 20

    class Meta:
        verbose_name = _("办事指南栏目")

"""廉政建设: news of party conduct and integrity work."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField

from .base import ArticlePage, SectionIndexPage, attachments_field


class IntegrityPage(ArticlePage):
    """廉政建设 article."""

    attachments = attachments_field()

    parent_page_types = ["content.IntegrityIndexPage"]
    content_panels = [*ArticlePage.content_panels, FieldPanel("attachments")]
    api_fields = [*ArticlePage.api_fields, APIField("attachments")]

    class Meta:
        verbose_name = _("廉政建设")
        verbose_name_plural = _("廉政建设")


class IntegrityIndexPage(SectionIndexPage):
    """廉政建设 section."""

    article_model = IntegrityPage
    subpage_types = ["content.IntegrityPage"]

    class Meta:
        verbose_name = _("廉政建设栏目")

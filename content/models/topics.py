"""主题教育: study topics with materials (body, documents, videos)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField

from .base import ArticlePage, SectionIndexPage, attachments_field


class TopicPage(ArticlePage):
    """A study topic: the body, documents to study and videos (child VideoPages)."""

    attachments = attachments_field()

    parent_page_types = ["content.TopicIndexPage"]
    subpage_types = ["content.VideoPage"]
    content_panels = [*ArticlePage.content_panels, FieldPanel("attachments")]
    api_fields = [*ArticlePage.api_fields, APIField("attachments")]

    class Meta:
        verbose_name = _("主题教育")
        verbose_name_plural = _("主题教育")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from .videos import VideoPage

        context["videos"] = VideoPage.objects.live().public().child_of(self).order_by("-date")
        return context


class TopicIndexPage(SectionIndexPage):
    """主题教育 section."""

    article_model = TopicPage
    subpage_types = ["content.TopicPage"]

    class Meta:
        verbose_name = _("主题教育栏目")

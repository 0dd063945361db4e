"""The portal's home page."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

SECTION_TYPES = [
    "content.NoticeIndexPage",
    "content.DynamicIndexPage",
    "content.NewsIndexPage",
    "content.RegulationIndexPage",
    "content.DisclosureIndexPage",
    "content.IntegrityIndexPage",
    "content.GuideIndexPage",
    "content.ServiceInfoIndexPage",
    "content.ExemplarIndexPage",
    "content.VideoIndexPage",
    "content.TopicIndexPage",
]


class HomePage(Page):
    """The portal home: the latest of each section, as on the seed's app home."""

    intro = RichTextField(_("简介"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = SECTION_TYPES
    max_count = 1

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("首页")
        verbose_name_plural = _("首页")

    def get_context(self, request, *args, **kwargs):
        from content.selectors import home_sections

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = home_sections(home=self, user=request.user)
        return context

"""党员风采: exemplary members with photo and story (seed 1.2.9)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.search import index

from .base import ArticlePage, SectionIndexPage


class ExemplarPage(ArticlePage):
    """An exemplary member: name, branch, photo, summary and story (the body)."""

    person_name = models.CharField(_("姓名"), max_length=50)
    organisation = models.ForeignKey(
        "partybuild.Organisation",
        verbose_name=_("所在党组织"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    member = models.ForeignKey(
        "partybuild.Member",
        verbose_name=_("党员档案"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    parent_page_types = ["content.ExemplarIndexPage"]
    content_panels = [
        *ArticlePage.content_panels,
        FieldPanel("person_name"),
        FieldPanel("organisation"),
        FieldPanel("photo"),
        FieldPanel("member"),
    ]
    search_fields = [*ArticlePage.search_fields, index.SearchField("person_name")]
    api_fields = [
        *ArticlePage.api_fields,
        APIField("person_name"),
        APIField("organisation_name"),
        APIField("photo"),
        APIField("photo_thumbnail", serializer=ImageRenditionField("fill-300x400", source="photo")),
    ]

    class Meta:
        verbose_name = _("党员风采")
        verbose_name_plural = _("党员风采")

    @property
    def organisation_name(self) -> str:
        return self.organisation.name if self.organisation_id else ""


class ExemplarIndexPage(SectionIndexPage):
    """党员风采 gallery with a name search box."""

    article_model = ExemplarPage
    subpage_types = ["content.ExemplarPage"]
    per_page = 12

    class Meta:
        verbose_name = _("党员风采栏目")

    def get_articles(self, request):
        return super().get_articles(request).select_related("organisation", "photo")

    def filter_articles(self, articles, request):
        articles, filters = super().filter_articles(articles, request)
        name = request.GET.get("name", "").strip()
        if name:
            articles = articles.filter(person_name__icontains=name)
            filters["name"] = name
        return articles, filters

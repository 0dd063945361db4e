"""服务信息: local service information for members (seed 1.2.6.4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.search import index

from partybuild.core.validators import validate_contact_phone

from .base import ArticlePage, SectionIndexPage


class ServiceCategory(models.TextChoices):
    """服务信息 categories."""

    GOVERNMENT = "government", _("政务服务")
    HEALTH = "health", _("医疗卫生")
    TRANSPORT = "transport", _("交通出行")
    EDUCATION = "education", _("教育文化")
    LIVING = "living", _("生活服务")
    OTHER = "other", _("其他")


class ServiceInfoPage(ArticlePage):
    """A service point: category, address, phone, opening hours and a description (the body)."""

    category = models.CharField(
        _("类别"), max_length=20, choices=ServiceCategory.choices, default=ServiceCategory.OTHER
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(
        _("联系电话"), max_length=30, blank=True, validators=[validate_contact_phone]
    )
    opening_hours = models.CharField(_("办公时间"), max_length=100, blank=True)

    parent_page_types = ["content.ServiceInfoIndexPage"]
    content_panels = [
        *ArticlePage.content_panels,
        FieldPanel("category"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("opening_hours"),
    ]
    search_fields = [
        *ArticlePage.search_fields,
        index.SearchField("address"),
        index.FilterField("category"),
    ]
    api_fields = [
        *ArticlePage.api_fields,
        APIField("category"),
        APIField("address"),
        APIField("phone"),
        APIField("opening_hours"),
    ]

    class Meta:
        verbose_name = _("服务信息")
        verbose_name_plural = _("服务信息")


class ServiceInfoIndexPage(SectionIndexPage):
    """服务信息 section, filterable by category."""

    article_model = ServiceInfoPage
    subpage_types = ["content.ServiceInfoPage"]

    class Meta:
        verbose_name = _("服务信息栏目")

    def filter_articles(self, articles, request):
        articles, filters = super().filter_articles(articles, request)
        category = request.GET.get("category", "")
        if category in ServiceCategory.values:
            articles = articles.filter(category=category)
            filters["category"] = category
        return articles, filters

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = ServiceCategory.choices
        return context

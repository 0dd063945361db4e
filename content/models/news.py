"""重要新闻: news with editable categories (a snippet) and tags."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from .base import ArticlePage, CommentedPageMixin, SectionIndexPage


@register_snippet
class NewsCategory(models.Model):
    """A category of 重要新闻, editable by editors as a snippet."""

    name = models.CharField(_("分类名称"), max_length=50, unique=True)
    slug = models.SlugField(_("标识"), max_length=50, unique=True, allow_unicode=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("新闻分类")
        verbose_name_plural = _("新闻分类")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class NewsPageTag(TaggedItemBase):
    """Tags of news pages."""

    content_object = ParentalKey(
        "content.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(CommentedPageMixin, ArticlePage):
    """重要新闻."""

    categories = ParentalManyToManyField(NewsCategory, verbose_name=_("分类"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("标签"))

    parent_page_types = ["content.NewsIndexPage"]
    content_panels = [*ArticlePage.content_panels, FieldPanel("categories"), FieldPanel("tags")]
    search_fields = [
        *ArticlePage.search_fields,
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    api_fields = [
        *ArticlePage.api_fields,
        APIField("categories"),
        APIField("tags"),
    ]

    class Meta:
        verbose_name = _("重要新闻")
        verbose_name_plural = _("重要新闻")


class NewsIndexPage(SectionIndexPage):
    """重要新闻 section, filterable by category and tag."""

    article_model = NewsPage
    subpage_types = ["content.NewsPage"]

    class Meta:
        verbose_name = _("重要新闻栏目")

    def get_articles(self, request):
        return super().get_articles(request).prefetch_related("categories")

    def filter_articles(self, articles, request):
        articles, filters = super().filter_articles(articles, request)
        category = request.GET.get("category", "")
        if category:
            articles = articles.filter(categories__slug=category)
            filters["category"] = category
        tag = request.GET.get("tag", "")
        if tag:
            articles = articles.filter(tags__name=tag)
            filters["tag"] = tag
        return articles.distinct(), filters

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = NewsCategory.objects.all()
        context["tags"] = NewsPage.tags.most_common()[:30]
        return context

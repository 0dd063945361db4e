"""Abstract bases: a section index listing its articles, and an article with a StreamField body."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from content.blocks import BodyStreamBlock, DocumentBlock


def attachments_field() -> StreamField:
    """A list of downloadable documents (附件)."""
    return StreamField([("document", DocumentBlock())], blank=True, verbose_name=_("附件"))


class SectionIndexPage(Page):
    """A section of the portal (通知公告, 党建动态, …) listing its articles newest first."""

    intro = RichTextField(_("栏目简介"), blank=True)

    parent_page_types = ["content.HomePage"]
    max_count = 1
    per_page = 12
    #: The article model this section lists; set by each subclass.
    article_model: type[Page] | None = None

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        abstract = True

    def get_articles(self, request):
        """Live articles under this section, newest first; subclasses add filters and scope."""
        model = self.article_model
        return (
            model.objects.live()
            .public()
            .descendant_of(self)
            .order_by("-date", "-first_published_at", "-pk")
        )

    def filter_articles(self, articles, request) -> tuple[models.QuerySet, dict]:
        """Apply the section's filters from the query string; returns (articles, chosen filters)."""
        filters = {}
        year = request.GET.get("year", "")
        if year.isdigit():
            articles = articles.filter(date__year=int(year))
            filters["year"] = int(year)
        return articles, filters

    def get_year_choices(self) -> list[int]:
        dates = (
            self.article_model.objects.live()
            .descendant_of(self)
            .dates("date", "year", order="DESC")
        )
        return [d.year for d in dates]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles, filters = self.filter_articles(self.get_articles(request), request)
        paginator = Paginator(articles, self.per_page)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        context.update(
            articles=page_obj.object_list,
            page_obj=page_obj,
            filters=filters,
            year_choices=self.get_year_choices(),
        )
        return context


class CommentedPageMixin:
    """A page members comment on from the portal (党建动态, 重要新闻): its context has the
    comments section (content/comments/portal.py), and a POST to it is the comment form's."""

    def serve(self, request, *args, **kwargs):
        if request.method != "POST" or getattr(request, "is_preview", False):
            return super().serve(request, *args, **kwargs)
        from content.comments.portal import comment_post

        posted = comment_post(request=request, page=self)
        if posted.response is not None:
            return posted.response
        response = super().serve(request, *args, comment_form=posted.form, **kwargs)
        response.status_code = posted.status
        if posted.retry_after is not None:
            response["Retry-After"] = str(posted.retry_after)
        return response

    def get_context(self, request, *args, comment_form=None, **kwargs):
        from content.comments.portal import comments_context

        context = super().get_context(request, *args, **kwargs)
        context.update(comments_context(request=request, page=self, form=comment_form))
        return context


class ArticlePage(Page):
    """An article: date, summary and a StreamField body."""

    date = models.DateField(_("发布日期"), default=timezone.localdate)
    summary = models.TextField(_("摘要"), blank=True, max_length=500)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("正文"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    api_fields = [APIField("date"), APIField("summary"), APIField("body")]
    subpage_types: list[str] = []

    class Meta:
        abstract = True

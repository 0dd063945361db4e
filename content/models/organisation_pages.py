"""制度建设 and 事务公开: per-organisation folders of pages with a visibility choice.

Section → one folder page per organisation (created with the organisation, see
content/branch_subtrees.py) → articles. An article belongs to its folder's organisation;
content/visibility.py decides who may see it on the portal, in search and in the API.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from .base import ArticlePage, SectionIndexPage, attachments_field


class Visibility(models.TextChoices):
    """Who may read a regulation or disclosure (查看范围)."""

    PUBLIC = "public", _("公开")
    SUBTREE = "subtree", _("本组织及下级组织党员")
    MEMBERS = "members", _("登录党员")


class OrganisationFolderPage(Page):
    """A folder of one organisation's pages under a section; its title follows the organisation."""

    organisation = models.ForeignKey(
        "partybuild.Organisation",
        verbose_name=_("党组织"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    content_panels = [*Page.content_panels, FieldPanel("organisation", read_only=True)]
    search_fields = [*Page.search_fields, index.FilterField("organisation")]
    api_fields = [APIField("organisation")]
    article_model: type[Page] | None = None

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        """Lists the folder's live articles the visitor may read (those with a 查看范围 are
        filtered by it; notices and dynamics are public pages)."""
        from content.visibility import visible_pages

        context = super().get_context(request, *args, **kwargs)
        articles = self.article_model.objects.live().child_of(self)
        if issubclass(self.article_model, OrganisationArticlePage):
            articles = visible_pages(articles, user=request.user)
        else:
            articles = articles.public()
        context["articles"] = articles.order_by("-date", "-pk")
        return context


class OrganisationArticlePage(ArticlePage):
    """An article belonging to an organisation, with a visibility choice."""

    organisation = models.ForeignKey(
        "partybuild.Organisation",
        verbose_name=_("所属党组织"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        null=True,
    )
    visibility = models.CharField(
        _("查看范围"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    attachments = attachments_field()

    content_panels = [
        *ArticlePage.content_panels,
        FieldPanel("attachments"),
        FieldPanel("visibility"),
    ]
    search_fields = [
        *ArticlePage.search_fields,
        index.FilterField("visibility"),
        index.FilterField("organisation"),
    ]
    api_fields = [
        *ArticlePage.api_fields,
        APIField("attachments"),
        APIField("organisation"),
        APIField("visibility"),
    ]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Take the organisation from the folder the article sits in."""
        if self.organisation_id is None and self.path:
            parent = self.get_parent()
            if parent is not None and hasattr(parent.specific, "organisation_id"):
                self.organisation_id = parent.specific.organisation_id
        return super().save(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        from content.visibility import page_is_visible

        if not page_is_visible(self, user=request.user):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return super().serve(request, *args, **kwargs)


class RegulationPage(OrganisationArticlePage):
    """制度建设: a regulation or external document of an organisation."""

    parent_page_types = ["content.OrganisationRegulationIndexPage"]

    class Meta:
        verbose_name = _("制度文件")
        verbose_name_plural = _("制度建设")


class DisclosurePage(OrganisationArticlePage):
    """事务公开: a public-affairs disclosure of an organisation."""

    parent_page_types = ["content.OrganisationDisclosureIndexPage"]

    class Meta:
        verbose_name = _("事务公开")
        verbose_name_plural = _("事务公开")


class OrganisationRegulationIndexPage(OrganisationFolderPage):
    """One organisation's 制度建设 folder."""

    template = "content/organisation_folder_page.html"
    article_model = RegulationPage
    parent_page_types = ["content.RegulationIndexPage"]
    subpage_types = ["content.RegulationPage"]

    class Meta:
        verbose_name = _("党组织制度栏目")


class OrganisationDisclosureIndexPage(OrganisationFolderPage):
    """One organisation's 事务公开 folder."""

    template = "content/organisation_folder_page.html"
    article_model = DisclosurePage
    parent_page_types = ["content.DisclosureIndexPage"]
    subpage_types = ["content.DisclosurePage"]

    class Meta:
        verbose_name = _("党组织事务公开栏目")


class OrganisationSectionIndexPage(SectionIndexPage):
    """A section whose articles live in per-organisation folders; filterable by organisation."""

    class Meta:
        abstract = True

    def get_articles(self, request):
        from content.visibility import visible_pages

        articles = self.article_model.objects.live().descendant_of(self)
        return (
            visible_pages(articles, user=request.user)
            .select_related("organisation")
            .order_by("-date", "-first_published_at", "-pk")
        )

    def filter_articles(self, articles, request):
        articles, filters = super().filter_articles(articles, request)
        organisation = request.GET.get("organisation", "")
        if organisation.isdigit():
            articles = articles.filter(organisation_id=int(organisation))
            filters["organisation"] = int(organisation)
        return articles, filters

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organisation_folders"] = self.get_children().live().specific().order_by("path")
        return context


class RegulationIndexPage(OrganisationSectionIndexPage):
    """制度建设 section."""

    template = "content/organisation_section_index_page.html"
    article_model = RegulationPage
    subpage_types = ["content.OrganisationRegulationIndexPage"]

    class Meta:
        verbose_name = _("制度建设栏目")


class DisclosureIndexPage(OrganisationSectionIndexPage):
    """事务公开 section."""

    template = "content/organisation_section_index_page.html"
    article_model = DisclosurePage
    subpage_types = ["content.OrganisationDisclosureIndexPage"]

    class Meta:
        verbose_name = _("事务公开栏目")

"""通知公告 (notices with target organisations) and 党建动态 (dynamics with images, attachments).

Both sections hold the site-wide articles and, like 制度建设/事务公开, one folder per organisation
(content/branch_subtrees.py) in which that organisation's editors write articles addressed to
its own subtree only (content/branch_publishing.py).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField

from content.blocks import ImageBlock
from partybuild.core.errors import add_service_errors

from .base import ArticlePage, CommentedPageMixin, SectionIndexPage, attachments_field
from .organisation_pages import OrganisationFolderPage


class OrganisationAddressedPageForm(WagtailAdminPageForm):
    """The page form of a notice or dynamic: in an organisation's folder, its organisations
    (``target_organisations``) must lie in that organisation's subtree and default to it; the
    picker offers only that subtree."""

    def __init__(self, *args, **kwargs):
        from content.branch_publishing import folder_target_choices

        super().__init__(*args, **kwargs)
        folder = self.parent_page.specific if self.parent_page is not None else None
        field = self.fields.get("target_organisations")
        if field is not None and isinstance(folder, OrganisationFolderPage):
            field.queryset = folder_target_choices(organisation=folder.organisation)
            field.error_messages["invalid_choice"] = _(
                "「%(organisation)s」栏目中的内容只能面向本组织及下级组织，所选党组织不在此范围内。"
            ) % {"organisation": folder.organisation.name}

    def clean(self):
        from content.branch_publishing import folder_targets_clean

        cleaned_data = super().clean()
        folder = self.parent_page.specific if self.parent_page is not None else None
        if isinstance(folder, OrganisationFolderPage) and "target_organisations" in cleaned_data:
            try:
                cleaned_data["target_organisations"] = folder_targets_clean(
                    organisation=folder.organisation,
                    targets=list(cleaned_data["target_organisations"]),
                )
            except ValidationError as error:
                add_service_errors(self, error)
        return cleaned_data


class NoticePage(ArticlePage):
    """通知公告: an announcement whose target organisations' members must read it."""

    attachments = attachments_field()
    target_organisations = ParentalManyToManyField(
        "partybuild.Organisation",
        verbose_name=_("通知范围"),
        blank=True,
        related_name="notices",
        help_text=_("这些党组织（含下级组织）的党员须阅读本通知；留空表示全体党员。"),
    )

    parent_page_types = ["content.NoticeIndexPage", "content.OrganisationNoticeIndexPage"]
    base_form_class = OrganisationAddressedPageForm
    content_panels = [
        *ArticlePage.content_panels,
        FieldPanel("attachments"),
        FieldPanel("target_organisations"),
    ]
    api_fields = [
        *ArticlePage.api_fields,
        APIField("attachments"),
        APIField("target_organisations"),
    ]

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")

    def serve(self, request, *args, **kwargs):
        """The portal page; a member it is addressed to who opens it while logged in is
        recorded as having read it, through the same service as the app API (once per member;
        previews, anonymous visitors and accounts without a dossier record nothing)."""
        is_preview = getattr(request, "is_preview", False)
        response = super().serve(request, *args, **kwargs)
        if request.method == "GET" and not is_preview and request.user.is_authenticated:
            from content.receipts import notice_receipt_record

            notice_receipt_record(notice=self, user=request.user)
        return response

    def get_context(self, request, *args, **kwargs):
        from content.moderation import page_moderation_people

        context = super().get_context(request, *args, **kwargs)
        people = page_moderation_people(pages=[self])[self.pk]
        context.update(publisher=people.publisher, reviewer=people.reviewer)
        return context


class NoticeIndexPage(SectionIndexPage):
    """通知公告 section; the list shows 发布者 and 审核人 as in the seed's table."""

    article_model = NoticePage
    subpage_types = ["content.NoticePage", "content.OrganisationNoticeIndexPage"]

    class Meta:
        verbose_name = _("通知公告栏目")

    def get_context(self, request, *args, **kwargs):
        from content.moderation import page_moderation_people

        context = super().get_context(request, *args, **kwargs)
        articles = list(context["articles"])
        people = page_moderation_people(pages=articles)
        for article in articles:
            article.moderation = people[article.pk]
        context["articles"] = articles
        return context


class DynamicPage(CommentedPageMixin, ArticlePage):
    """党建动态: a report of branch work with a photo gallery and attachments.

    Editors can upload a zip of images and documents in one step; readers can download all
    attachments as one zip (content/packaging.py).
    """

    gallery = StreamField([("image", ImageBlock())], blank=True, verbose_name=_("图片"))
    attachments = attachments_field()
    target_organisations = ParentalManyToManyField(
        "partybuild.Organisation",
        verbose_name=_("涉及党组织"),
        blank=True,
        related_name="dynamics",
        help_text=_(
            "发布后提醒这些党组织（含下级组织）的党员和管理员；在党组织栏目中留空即为本组织。"
        ),
    )

    parent_page_types = ["content.DynamicIndexPage", "content.OrganisationDynamicIndexPage"]
    base_form_class = OrganisationAddressedPageForm
    content_panels = [
        *ArticlePage.content_panels,
        FieldPanel("gallery"),
        FieldPanel("attachments"),
        FieldPanel("target_organisations"),
    ]
    api_fields = [
        *ArticlePage.api_fields,
        APIField("gallery"),
        APIField("attachments"),
        APIField("target_organisations"),
    ]

    class Meta:
        verbose_name = _("党建动态")
        verbose_name_plural = _("党建动态")

    def get_context(self, request, *args, **kwargs):
        """Adds ``zip_url`` (打包下载全部附件) when a live, public page has files to download."""
        from django.urls import reverse

        context = super().get_context(request, *args, **kwargs)
        if (
            self.live
            and (self.attachments or self.gallery)
            and not self.get_view_restrictions().exists()
        ):
            context["zip_url"] = reverse("dynamic_page_zip", args=[self.pk])
        return context


class DynamicIndexPage(SectionIndexPage):
    """党建动态 section."""

    article_model = DynamicPage
    subpage_types = ["content.DynamicPage", "content.OrganisationDynamicIndexPage"]

    class Meta:
        verbose_name = _("党建动态栏目")


class OrganisationNoticeIndexPage(OrganisationFolderPage):
    """One organisation's 通知公告 folder: its notices, addressed to its subtree."""

    template = "content/organisation_folder_page.html"
    article_model = NoticePage
    parent_page_types = ["content.NoticeIndexPage"]
    subpage_types = ["content.NoticePage"]

    class Meta:
        verbose_name = _("党组织通知公告栏目")


class OrganisationDynamicIndexPage(OrganisationFolderPage):
    """One organisation's 党建动态 folder: its activity reports."""

    template = "content/organisation_folder_page.html"
    article_model = DynamicPage
    parent_page_types = ["content.DynamicIndexPage"]
    subpage_types = ["content.DynamicPage"]

    class Meta:
        verbose_name = _("党组织党建动态栏目")

"""The 微心愿 and 微心得 ModelViewSets, grouped as 便民服务 in the admin menu."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from partybuild.admin.common import CalendarDateColumn
from partybuild.core.privacy import mask_identifier
from partybuild.memberservices.admin.wishes.forms import ExperienceFilterSet, WishFilterSet
from partybuild.memberservices.admin.wishes.views import (
    ExperienceIndexView,
    ExperienceReviewView,
    WishCreateView,
    WishEditView,
    WishIndexView,
    WishReviewView,
    points_leaderboard_view,
)
from partybuild.memberservices.models import MicroExperience, MicroWish


def _masked_phone(wish: MicroWish) -> str:
    return mask_identifier(wish.owner_phone, kind="mobile")


class WishViewSet(ModelViewSet):
    """微心愿: listing with filters, registering, correcting and the review page."""

    model = MicroWish
    icon = "gift"
    menu_label = _("微心愿")
    list_display = [
        "title",
        Column("value", label=_("价值（元）"), accessor="value"),
        CalendarDateColumn("deadline", label=_("截止日期")),
        Column("owner_name", label=_("心愿主人"), accessor="owner_name"),
        Column("owner_phone", label=_("电话"), accessor=_masked_phone),
        Column("organisation", label=_("申请支部"), accessor="organisation"),
        Column("status", label=_("状态"), accessor="get_status_display"),
        Column("claimed_by", label=_("认领人"), accessor="claimed_by"),
    ]
    filterset_class = WishFilterSet
    search_fields = ["title", "owner_name"]
    search_backend_name = None
    ordering = ["-created_at", "-pk"]
    sort_order_field = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    index_view_class = WishIndexView

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("delete_url_name", "usage_url_name", "history_url_name"):
            view_kwargs[name] = None
        view_kwargs["edit_url_name"] = self.get_url_name("review")
        return view_kwargs

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("review")
        return finder

    def _page(self, view_class):
        return view_class.as_view(
            permission_policy=self.permission_policy, index_url_name=self.get_url_name("index")
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("add/", self._page(WishCreateView), name="add"),
            path("edit/<int:pk>/", self._page(WishEditView), name="edit"),
            path(
                "review/<int:pk>/",
                WishReviewView.as_view(
                    permission_policy=self.permission_policy,
                    index_url_name=self.get_url_name("index"),
                    edit_url_name=self.get_url_name("edit"),
                ),
                name="review",
            ),
        ]


class ExperienceViewSet(ModelViewSet):
    """微心得: listing with filters and the review page; the 积分 leaderboard."""

    model = MicroExperience
    icon = "doc-full"
    menu_label = _("微心得")
    list_display = [
        "title",
        Column("author", label=_("发布者"), accessor="author"),
        Column("organisation", label=_("所在组织"), accessor="organisation"),
        Column("points", label=_("心得积分"), accessor="points"),
        Column("status", label=_("状态"), accessor="get_status_display"),
        DateColumn("submitted_at", label=_("发布时间")),
    ]
    filterset_class = ExperienceFilterSet
    search_fields = ["title", "author__name"]
    search_backend_name = None
    ordering = ["-submitted_at", "-pk"]
    sort_order_field = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    index_view_class = ExperienceIndexView

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add_url_name", "delete_url_name", "usage_url_name", "history_url_name"):
            view_kwargs[name] = None
        view_kwargs["edit_url_name"] = self.get_url_name("review")
        return view_kwargs

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            leaderboard_url_name=self.get_url_name("leaderboard"), **kwargs
        )

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("review")
        return finder

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(
                "review/<int:pk>/",
                ExperienceReviewView.as_view(
                    permission_policy=self.permission_policy,
                    index_url_name=self.get_url_name("index"),
                ),
                name="review",
            ),
            path("leaderboard/", points_leaderboard_view, name="leaderboard"),
        ]


wish_viewset = WishViewSet("wishes")
experience_viewset = ExperienceViewSet("experiences")


class BenefitsViewSetGroup(ViewSetGroup):
    """便民服务 in the admin menu: 微心愿 and 微心得 (with the 积分 leaderboard)."""

    menu_label = _("便民服务")
    menu_icon = "gift"
    menu_order = 250
    items = (wish_viewset, experience_viewset)

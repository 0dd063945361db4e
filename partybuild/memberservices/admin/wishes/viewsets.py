"""The 微心愿 and 微心得 ModelViewSets, grouped as 便民服务 in the admin menu."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup

from partybuild.admin.common import CalendarDateColumn
from partybuild.admin.viewsets import RegisterViewSet
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


class WishViewSet(RegisterViewSet):
    """微心愿: listing with filters, registering, correcting and the review page (each row
    opens it)."""

    empty_message = _(
        "还没有微心愿。点击「新建」登记群众的微心愿，审核后在门户和 App 上供党员认领。"
    )

    model = MicroWish
    icon = "tag"
    menu_label = _("微心愿")
    list_display = [
        "title",
        Column("value", label=_("价值（元）"), accessor="value"),
        CalendarDateColumn("deadline", label=_("截止日期"), sort_key="deadline"),
        Column("owner_name", label=_("心愿主人"), accessor="owner_name"),
        Column("owner_phone", label=_("电话"), accessor=_masked_phone),
        Column("organisation", label=_("申请支部"), accessor="organisation"),
        Column("status", label=_("状态"), accessor="get_status_display"),
        Column("claimed_by", label=_("认领人"), accessor="claimed_by"),
    ]
    filterset_class = WishFilterSet
    search_fields = ["title", "owner_name"]
    ordering = ["-created_at", "-pk"]
    index_view_class = WishIndexView
    unrouted_views = ("edit", "delete", "usage", "history")
    object_page_name = "review"
    object_page_link = "edit"

    def get_urlpatterns(self):
        return [
            *self.listing_urlpatterns(),
            path("add/", self.page_view(WishCreateView), name="add"),
            path("edit/<int:pk>/", self.page_view(WishEditView), name="edit"),
            path(
                "review/<int:pk>/",
                self.page_view(WishReviewView, edit_url_name=self.get_url_name("edit")),
                name="review",
            ),
        ]


class ExperienceViewSet(RegisterViewSet):
    """微心得: listing with filters and the review page (each row opens it); the 积分
    leaderboard."""

    empty_message = _("还没有微心得。党员在门户或 App 发表微心得后，会出现在这里等待审核。")

    model = MicroExperience
    icon = "doc-full"
    menu_label = _("微心得")
    list_display = [
        "title",
        Column("author", label=_("发布者"), accessor="author"),
        Column("organisation", label=_("所在组织"), accessor="organisation"),
        Column("points", label=_("心得积分"), accessor="points"),
        Column("status", label=_("状态"), accessor="get_status_display"),
        DateColumn("submitted_at", label=_("发布时间"), sort_key="submitted_at"),
    ]
    filterset_class = ExperienceFilterSet
    search_fields = ["title", "author__name"]
    ordering = ["-submitted_at", "-pk"]
    index_view_class = ExperienceIndexView
    unrouted_views = ("add", "edit", "delete", "usage", "history")
    object_page_name = "review"
    object_page_link = "edit"

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            leaderboard_url_name=self.get_url_name("leaderboard"), **kwargs
        )

    def get_urlpatterns(self):
        return [
            *self.listing_urlpatterns(),
            path("review/<int:pk>/", self.page_view(ExperienceReviewView), name="review"),
            path("leaderboard/", points_leaderboard_view, name="leaderboard"),
        ]


wish_viewset = WishViewSet("wishes")
experience_viewset = ExperienceViewSet("experiences")


class BenefitsViewSetGroup(ViewSetGroup):
    """便民服务 in the admin menu: 微心愿 and 微心得 (with the 积分 leaderboard)."""

    menu_label = _("便民服务")
    menu_icon = "tag"
    menu_order = 250
    items = (wish_viewset, experience_viewset)

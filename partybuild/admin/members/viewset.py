"""The 党员管理 ModelViewSet and its registered instance."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from partybuild.admin.members.filters import MemberFilterSet
from partybuild.admin.members.forms import MEMBER_EDIT_HANDLER
from partybuild.admin.members.helpers import iso_date, standing_label
from partybuild.admin.members.views import (
    MemberCreateView,
    MemberDeleteView,
    MemberEditView,
    MemberHistoryView,
    MemberIndexView,
    MemberInspectView,
    MemberRevealView,
    MemberRosterView,
    MemberUsageView,
)
from partybuild.admin.viewsets import EmptyMessageMixin
from partybuild.core.privacy import mask_identifier
from partybuild.models import Member


class MemberViewSet(EmptyMessageMixin, ModelViewSet):
    """党员管理 in the Wagtail admin."""

    empty_message = _("还没有党员。点击「新建」登记党员，或在「Excel导入导出」中按模板批量导入。")

    model = Member
    icon = "user"
    menu_label = _("党员管理")
    menu_order = 200
    add_to_admin_menu = True
    list_display = [
        "name",
        Column(
            "organisation",
            label=_("所在党组织"),
            accessor="organisation.name",
            sort_key="organisation__path",
        ),
        Column("gender", label=_("性别"), accessor="get_gender_display", sort_key="gender"),
        Column(
            "joined_on",
            label=_("入党日期"),
            accessor=lambda member: iso_date(member.joined_on),
            sort_key="joined_on",
        ),
        Column(
            "confirmed_on",
            label=_("转正日期"),
            accessor=lambda member: iso_date(member.confirmed_on),
            sort_key="confirmed_on",
        ),
        Column("job_post", label=_("工作岗位")),
        Column("category", label=_("人员类别"), accessor="get_category_display"),
        Column("standing", label=_("党籍状态"), accessor=standing_label),
        Column(
            "phone",
            label=_("手机号码"),
            accessor=lambda member: mask_identifier(member.phone, kind="mobile"),
        ),
        Column(
            "user",
            label=_("登录账号"),
            accessor=lambda member: _("已开通") if member.user_id else "",
            sort_key="user",
        ),
    ]
    filterset_class = MemberFilterSet
    search_fields = ["name", "name_initials"]
    search_backend_name = None  # searched by MemberIndexView.search_queryset (name or initials)
    ordering = ["organisation__path", "name_sort_key", "pk"]
    sort_order_field = None
    list_per_page = 20
    copy_view_enabled = False  # a copy would duplicate a person (and their ID number)
    inspect_view_enabled = True
    # Keep members out of Wagtail's reference index, so image and account usage listings do not
    # name members to users outside their organisation's subtree.
    add_to_reference_index = False
    edit_handler = MEMBER_EDIT_HANDLER

    index_view_class = MemberIndexView
    add_view_class = MemberCreateView
    edit_view_class = MemberEditView
    delete_view_class = MemberDeleteView
    inspect_view_class = MemberInspectView
    history_view_class = MemberHistoryView
    usage_view_class = MemberUsageView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(roster_url_name=self.get_url_name("roster"), **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            reveal_url_name=self.get_url_name("reveal"), **kwargs
        )

    @property
    def reveal_view(self):
        return self.construct_view(MemberRevealView, **self.get_inspect_view_kwargs())

    @property
    def roster_view(self):
        return MemberRosterView.as_view(
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("roster/", self.roster_view, name="roster"),
            path("reveal/<int:pk>/", self.reveal_view, name="reveal"),
        ]


member_viewset = MemberViewSet("members")

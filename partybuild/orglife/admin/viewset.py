"""The 三会一课 ModelViewSet: the scoped listing with live counts and the meeting pages.
Writes go through partybuild.orglife.services.meetings, so the generic add/edit/delete views are
replaced by the pages in partybuild.orglife.admin.views."""

import django_filters
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy

from partybuild.admin.permissions import AdministratorPermissionPolicy
from partybuild.admin.viewsets import RegisterViewSet
from partybuild.models import Organisation
from partybuild.orglife.admin import views
from partybuild.orglife.models import Meeting
from partybuild.orglife.selectors.meetings import meeting_attendance_rate
from partybuild.selectors.organisations import organisation_scope_for_user


def _scoped_organisations(request):
    if request is None:
        return Organisation.objects.none()
    return organisation_scope_for_user(user=request.user).order_by("path")


class MeetingFilterSet(WagtailFilterSet):
    """类型, 状态 and 党组织 (only the user's own organisations are offered)."""

    organisation = django_filters.ModelChoiceFilter(
        label=_("党组织"), queryset=_scoped_organisations
    )

    class Meta:
        model = Meeting
        fields = ["kind", "status", "organisation"]


def _starts(meeting: Meeting) -> str:
    return f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}"


def _rate(meeting: Meeting) -> str:
    if not meeting.expected_count:
        return "—"
    rate = meeting_attendance_rate(expected=meeting.expected_count, attended=meeting.attended_count)
    return f"{rate * 100:.1f}%"


class MeetingViewSet(RegisterViewSet):
    """三会一课 of the organisations the user administers; each row opens the meeting's page."""

    empty_message = _("还没有会议。点击「新建」安排支部党员大会、支委会、党小组会或党课。")

    model = Meeting
    icon = "date"
    menu_label = _("三会一课")
    menu_order = 250
    add_to_admin_menu = True
    object_page_link = "edit"
    filterset_class = MeetingFilterSet
    search_fields = ["topic"]
    ordering = ["-starts_at", "-pk"]
    index_view_class = views.MeetingIndexView
    list_display = [
        "topic",
        Column("kind", label=_("会议类型"), accessor="get_kind_display"),
        Column("organisation", label=_("党组织"), accessor="organisation"),
        Column("starts_at", label=_("开始时间"), accessor=_starts, sort_key="starts_at"),
        Column("status", label=_("状态"), accessor="get_status_display"),
        Column("signed_up", label=_("报名"), accessor="signed_up_count"),
        Column("leave", label=_("请假"), accessor="leave_count"),
        Column("no_reply", label=_("未回复"), accessor="no_reply_count"),
        Column("rate", label=_("出勤率"), accessor=_rate),
    ]

    def get_urlpatterns(self):
        pages = [
            ("<int:pk>/", views.MeetingDetailView, "detail"),
            ("create/", views.MeetingCreateView, "create"),
            ("<int:pk>/edit/", views.MeetingEditView, "edit"),
            ("<int:pk>/publish/", views.MeetingPublishView, "publish"),
            ("<int:pk>/attendance/", views.MeetingAttendanceView, "attendance"),
            ("<int:pk>/minutes/", views.MeetingMinutesView, "minutes"),
            ("<int:pk>/correct/", views.MeetingCorrectView, "correct"),
            ("<int:pk>/close/", views.MeetingCloseView, "close"),
        ]
        return [
            *self.listing_urlpatterns(),
            *[path(route, self.page_view(view), name=name) for route, view, name in pages],
        ]


register_permission_policy(Meeting, AdministratorPermissionPolicy(Meeting))
meeting_viewset = MeetingViewSet(views.URL_PREFIX)

"""The 党建督查 ModelViewSets — tasks issued by my organisations, and 我的督查任务 (assignments
of my branches) — and their menu group. Writes go through partybuild.supervision.services, so
the generic add/edit/delete views are not routed."""

import django_filters
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from partybuild.admin.common import CalendarDateColumn
from partybuild.admin.permissions import AdministratorPermissionPolicy
from partybuild.admin.viewsets import RegisterViewSet
from partybuild.supervision.admin.views import (
    AssignmentAcceptView,
    AssignmentDetailView,
    AssignmentIndexView,
    AssignmentRespondView,
    AssignmentReturnView,
    TaskCreateView,
    TaskDetailView,
    TaskIndexView,
    TaskIssueView,
)
from partybuild.supervision.models import InspectionAssignment, InspectionTask


def _progress(task: InspectionTask) -> str:
    return _("共%(n)s个，待反馈%(p)s，已反馈%(s)s，已通过%(a)s") % {
        "n": task.target_count,
        "p": task.pending_count,
        "s": task.submitted_count,
        "a": task.accepted_count,
    }


def _overdue(obj) -> str:
    count = getattr(obj, "overdue_count", None)
    if count is not None:
        return str(count) if count else ""
    return _("已逾期") if obj.is_overdue else ""


class InspectionTaskViewSet(RegisterViewSet):
    """督查任务 issued by organisations of the user's subtree."""

    empty_message = _(
        "还没有督查任务。点击「新建」下发一项督查任务，选择被督查的党组织和反馈截止日期。"
    )

    model = InspectionTask
    icon = "tasks"
    menu_label = _("督查任务")
    list_display = [
        "subject",
        Column("issuer", label=_("下发党组织"), accessor="issuer"),
        CalendarDateColumn("deadline", label=_("反馈截止日期"), sort_key="deadline"),
        Column("status", label=_("状态"), accessor="get_status_display"),
        Column("progress", label=_("反馈情况"), accessor=_progress),
        Column("overdue", label=_("逾期"), accessor=_overdue),
    ]
    list_filter = ["status"]
    search_fields = ["subject"]
    ordering = ["-created_at", "-pk"]
    index_view_class = TaskIndexView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(create_url_name=self.get_url_name("create"), **kwargs)

    def get_urlpatterns(self):
        detail = self.get_url_name("detail")
        return [
            *self.listing_urlpatterns(),
            path("create/", self.page_view(TaskCreateView, detail_url_name=detail), name="create"),
            path(
                "<int:pk>/",
                self.page_view(
                    TaskDetailView,
                    issue_url_name=self.get_url_name("issue"),
                    assignment_url_name="inspection_assignments:detail",
                ),
                name="detail",
            ),
            path(
                "<int:pk>/issue/",
                self.page_view(TaskIssueView, detail_url_name=detail),
                name="issue",
            ),
        ]


class AssignmentFilterSet(WagtailFilterSet):
    overdue = django_filters.BooleanFilter(
        label=_("逾期"), method="filter_overdue", widget=django_filters.widgets.BooleanWidget()
    )

    class Meta:
        model = InspectionAssignment
        fields = ["status"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(is_overdue=value)


class InspectionAssignmentViewSet(RegisterViewSet):
    """我的督查任务: what the branches of the user's subtree must answer."""

    empty_message = _("暂无需要本组织反馈的督查任务。上级党组织下发督查任务后，会出现在这里。")

    model = InspectionAssignment
    icon = "tick-inverse"
    menu_label = _("我的督查任务")
    list_display = [
        Column("task", label=_("督查主题"), accessor="task"),
        Column("issuer", label=_("下发党组织"), accessor=lambda a: a.task.issuer),
        Column("organisation", label=_("被督查党组织"), accessor="organisation"),
        CalendarDateColumn(
            "deadline",
            label=_("反馈截止日期"),
            accessor="task.deadline",
            sort_key="task__deadline",
        ),
        Column("status", label=_("状态"), accessor="get_status_display"),
        Column("overdue", label=_("逾期"), accessor=_overdue),
    ]
    filterset_class = AssignmentFilterSet
    search_fields = ["task__subject"]
    ordering = ["task__deadline", "organisation__path", "pk"]
    index_view_class = AssignmentIndexView

    def get_urlpatterns(self):
        detail = self.get_url_name("detail")
        return [
            *self.listing_urlpatterns(),
            path(
                "<int:pk>/",
                self.page_view(
                    AssignmentDetailView,
                    respond_url_name=self.get_url_name("respond"),
                    accept_url_name=self.get_url_name("accept"),
                    return_url_name=self.get_url_name("return"),
                ),
                name="detail",
            ),
            path(
                "<int:pk>/respond/",
                self.page_view(AssignmentRespondView, detail_url_name=detail),
                name="respond",
            ),
            path(
                "<int:pk>/accept/",
                self.page_view(AssignmentAcceptView, detail_url_name=detail),
                name="accept",
            ),
            path(
                "<int:pk>/return/",
                self.page_view(AssignmentReturnView, detail_url_name=detail),
                name="return",
            ),
        ]


register_permission_policy(InspectionTask, AdministratorPermissionPolicy(InspectionTask))
register_permission_policy(
    InspectionAssignment,
    AdministratorPermissionPolicy(InspectionAssignment, permission_model=InspectionTask),
)
inspection_task_viewset = InspectionTaskViewSet("inspection_tasks")
inspection_assignment_viewset = InspectionAssignmentViewSet("inspection_assignments")


class SupervisionViewSetGroup(ViewSetGroup):
    """党建督查 in the admin menu."""

    menu_label = _("党建督查")
    menu_icon = "tasks"
    menu_order = 260

    @property
    def items(self):
        from partybuild.supervision.admin.inspections import meeting_inspection_viewset

        return (inspection_task_viewset, inspection_assignment_viewset, meeting_inspection_viewset)

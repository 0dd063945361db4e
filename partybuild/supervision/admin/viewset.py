"""The 党建督查 ModelViewSets — tasks issued by my organisations, and 我的督查任务 (assignments
of my branches) — and their menu group. Writes go through partybuild.supervision.services, so
the generic add/edit/delete views are not routed."""

import django_filters
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from partybuild.admin.common import CalendarDateColumn
from partybuild.admin.permissions import AdministratorPermissionPolicy
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


class _ScopedViewSet(ModelViewSet):
    """Common settings: no search backend, no generic write views, administrators only."""

    search_backend_name = None  # modelsearch's SQLite backend mishandles ModelViewSet searches
    sort_order_field = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add_url_name", "edit_url_name", "delete_url_name", "usage_url_name"):
            view_kwargs[name] = None
        return view_kwargs

    def get_index_view_kwargs(self, **kwargs):
        # each row opens its detail page
        return super().get_index_view_kwargs(inspect_url_name=self.get_url_name("detail"), **kwargs)

    def _page(self, view_class, **kwargs):
        return view_class.as_view(
            index_url_name=self.get_url_name("index"),
            permission_policy=self.permission_policy,
            **kwargs,
        )

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("detail")
        return finder


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


class InspectionTaskViewSet(_ScopedViewSet):
    """督查任务 issued by organisations of the user's subtree."""

    model = InspectionTask
    icon = "tasks"
    menu_label = _("督查任务")
    list_display = [
        "subject",
        Column("issuer", label=_("下发党组织"), accessor="issuer"),
        CalendarDateColumn("deadline", label=_("反馈截止日期")),
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
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("create/", self._page(TaskCreateView, detail_url_name=detail), name="create"),
            path(
                "<int:pk>/",
                self._page(
                    TaskDetailView,
                    issue_url_name=self.get_url_name("issue"),
                    assignment_url_name="inspection_assignments:detail",
                ),
                name="detail",
            ),
            path(
                "<int:pk>/issue/",
                self._page(TaskIssueView, detail_url_name=detail),
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


class InspectionAssignmentViewSet(_ScopedViewSet):
    """我的督查任务: what the branches of the user's subtree must answer."""

    model = InspectionAssignment
    icon = "tick-inverse"
    menu_label = _("我的督查任务")
    list_display = [
        Column("task", label=_("督查主题"), accessor="task"),
        Column("issuer", label=_("下发党组织"), accessor=lambda a: a.task.issuer),
        Column("organisation", label=_("被督查党组织"), accessor="organisation"),
        CalendarDateColumn("deadline", label=_("反馈截止日期"), accessor="task.deadline"),
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
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(
                "<int:pk>/",
                self._page(
                    AssignmentDetailView,
                    respond_url_name=self.get_url_name("respond"),
                    accept_url_name=self.get_url_name("accept"),
                    return_url_name=self.get_url_name("return"),
                ),
                name="detail",
            ),
            path(
                "<int:pk>/respond/",
                self._page(AssignmentRespondView, detail_url_name=detail),
                name="respond",
            ),
            path(
                "<int:pk>/accept/",
                self._page(AssignmentAcceptView, detail_url_name=detail),
                name="accept",
            ),
            path(
                "<int:pk>/return/",
                self._page(AssignmentReturnView, detail_url_name=detail),
                name="return",
            ),
        ]


register_permission_policy(InspectionTask, AdministratorPermissionPolicy(InspectionTask))
register_permission_policy(
    InspectionAssignment, AdministratorPermissionPolicy(InspectionAssignment)
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

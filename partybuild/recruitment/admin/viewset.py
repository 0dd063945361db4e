"""The 发展党员 ModelViewSets (candidates and their online submissions) and their menu group.

Candidates are registered and moved on only through partybuild.recruitment.services, so the
generic edit/delete views are not routed; a candidate's page is their timeline."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from partybuild.recruitment.admin.forms import CandidateFilterSet, SubmissionFilterSet
from partybuild.recruitment.admin.views import (
    CandidateCreateView,
    CandidateEditView,
    CandidateIndexView,
    CandidateTimelineView,
    RecruitmentBoardView,
    SubmissionIndexView,
    SubmissionReviewView,
    recruitment_export_view,
)
from partybuild.recruitment.models import Candidate, CandidateSubmission
from partybuild.recruitment.selectors import candidate_progress


def _stage(candidate: Candidate) -> str:
    progress = candidate_progress(candidate=candidate)
    return f"{progress['stage']}. {progress['stage_name']}"


def _next_step(candidate: Candidate) -> str:
    following = candidate_progress(candidate=candidate)["next_step"]
    if following is None:
        return "—"
    due = f"（{following['due_on']:%Y-%m-%d}前）" if following["due_on"] else ""
    return f"{following['step']}. {following['name']}{due}"


def _overdue(candidate: Candidate) -> str:
    count = candidate_progress(candidate=candidate)["overdue"]
    return str(count) if count else ""


class CandidateViewSet(ModelViewSet):
    """发展对象: listing, registering an applicant, the timeline page, the board and export."""

    model = Candidate
    icon = "user"
    menu_label = _("发展对象")
    list_display = [
        "name",
        Column("organisation", label=_("所在党支部"), accessor="organisation"),
        Column("status", label=_("状态"), accessor="get_status_display"),
        Column("stage", label=_("阶段"), accessor=_stage),
        Column("next_step", label=_("下一步骤"), accessor=_next_step),
        Column("overdue", label=_("逾期"), accessor=_overdue),
    ]
    filterset_class = CandidateFilterSet
    search_fields = ["name"]
    search_backend_name = None  # modelsearch's SQLite backend mishandles ModelViewSet searches
    ordering = ["organisation__path", "name"]
    sort_order_field = None
    list_per_page = 50
    copy_view_enabled = False
    add_to_reference_index = False
    index_view_class = CandidateIndexView

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("edit_url_name", "delete_url_name", "usage_url_name"):
            view_kwargs[name] = None
        return view_kwargs

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            board_url_name=self.get_url_name("board"),
            export_url_name=self.get_url_name("export"),
            inspect_url_name=self.get_url_name("timeline"),  # each row opens the timeline
            **kwargs,
        )

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("timeline")
        return finder

    def _page(self, view_class, **kwargs):
        return view_class.as_view(
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
            **kwargs,
        )

    def get_urlpatterns(self):
        timeline = self._page(
            CandidateTimelineView,
            history_url_name=self.get_url_name("history"),
            edit_url_name=self.get_url_name("correct"),
            review_url_name="candidate_submissions:review",
        )
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(
                "add/",
                self._page(CandidateCreateView, inspect_url_name=self.get_url_name("timeline")),
                name="add",
            ),
            path("timeline/<int:pk>/", timeline, name="timeline"),
            path(
                "correct/<int:pk>/",
                self._page(CandidateEditView, inspect_url_name=self.get_url_name("timeline")),
                name="correct",
            ),
            path(
                "board/",
                self._page(RecruitmentBoardView, inspect_url_name=self.get_url_name("timeline")),
                name="board",
            ),
            path(
                "export/",
                lambda request: recruitment_export_view(request, self.permission_policy),
                name="export",
            ),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
        ]


class SubmissionViewSet(ModelViewSet):
    """入党申请书和思想汇报 handed in online, with the review page."""

    model = CandidateSubmission
    icon = "doc-full"
    menu_label = _("在线材料")
    list_display = [
        "title",
        Column("candidate", label=_("提交人"), accessor="candidate"),
        Column("kind", label=_("类别"), accessor="get_kind_display"),
        DateColumn("submitted_at", label=_("提交时间")),
        Column("review", label=_("审阅状态"), accessor="get_review_display"),
    ]
    filterset_class = SubmissionFilterSet
    search_fields = ["title", "candidate__name"]
    search_backend_name = None
    ordering = ["-submitted_at", "-pk"]
    sort_order_field = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    index_view_class = SubmissionIndexView

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in (
            "add_url_name",
            "edit_url_name",
            "delete_url_name",
            "usage_url_name",
            "history_url_name",
        ):
            view_kwargs[name] = None
        return view_kwargs

    def get_index_view_kwargs(self, **kwargs):
        # each row opens its review page (there is no generic edit view to link to)
        return super().get_index_view_kwargs(edit_url_name=self.get_url_name("review"), **kwargs)

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
                SubmissionReviewView.as_view(
                    permission_policy=self.permission_policy,
                    index_url_name=self.get_url_name("index"),
                    candidate_url_name="candidates:timeline",
                ),
                name="review",
            ),
        ]


candidate_viewset = CandidateViewSet("candidates")
submission_viewset = SubmissionViewSet("candidate_submissions")


class RecruitmentViewSetGroup(ViewSetGroup):
    """发展党员 in the admin menu: candidates and their online submissions."""

    menu_label = _("发展党员")
    menu_icon = "group"
    menu_order = 230
    items = (candidate_viewset, submission_viewset)

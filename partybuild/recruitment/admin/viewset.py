"""The 发展党员 ModelViewSets (candidates and their online submissions) and their menu group.

Candidates are registered and moved on only through partybuild.recruitment.services, so the
generic edit/delete views are not routed; a candidate's page is their timeline."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup

from partybuild.admin.viewsets import RegisterViewSet
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


class CandidateViewSet(RegisterViewSet):
    """发展对象: listing, registering an applicant, the timeline page (each row opens it), the
    board and export."""

    empty_message = _(
        "还没有发展对象。点击「新建」登记递交入党申请书的人，系统会按 25 个步骤提醒后续工作。"
    )

    model = Candidate
    icon = "user"
    menu_label = _("发展对象")
    list_display = [
        "name",
        Column("organisation", label=_("所在党支部"), accessor="responsible_organisation"),
        Column("status", label=_("状态"), accessor="get_status_display"),
        Column("stage", label=_("阶段"), accessor=_stage),
        Column("next_step", label=_("下一步骤"), accessor=_next_step),
        Column("overdue", label=_("逾期"), accessor=_overdue),
    ]
    filterset_class = CandidateFilterSet
    search_fields = ["name"]
    ordering = ["organisation__path", "name"]
    index_view_class = CandidateIndexView
    unrouted_views = ("edit", "delete", "usage")
    object_page_name = "timeline"

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            board_url_name=self.get_url_name("board"),
            export_url_name=self.get_url_name("export"),
            **kwargs,
        )

    def get_urlpatterns(self):
        opens_timeline = {"inspect_url_name": self.get_url_name("timeline")}
        timeline = self.page_view(
            CandidateTimelineView,
            history_url_name=self.get_url_name("history"),
            edit_url_name=self.get_url_name("correct"),
            review_url_name="candidate_submissions:review",
        )
        return [
            *self.listing_urlpatterns(),
            path("add/", self.page_view(CandidateCreateView, **opens_timeline), name="add"),
            path("timeline/<int:pk>/", timeline, name="timeline"),
            path(
                "correct/<int:pk>/",
                self.page_view(CandidateEditView, **opens_timeline),
                name="correct",
            ),
            path("board/", self.page_view(RecruitmentBoardView, **opens_timeline), name="board"),
            path(
                "export/",
                lambda request: recruitment_export_view(request, self.permission_policy),
                name="export",
            ),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
        ]


class SubmissionViewSet(RegisterViewSet):
    """入党申请书和思想汇报 handed in online, with the review page (each row opens it)."""

    empty_message = _(
        "还没有在线提交的材料。入党申请人在门户或 App 提交入党申请书或思想汇报后，会出现在这里。"
    )

    model = CandidateSubmission
    icon = "doc-full"
    menu_label = _("在线材料")
    list_display = [
        "title",
        Column("candidate", label=_("提交人"), accessor="candidate"),
        Column("kind", label=_("类别"), accessor="get_kind_display"),
        DateColumn("submitted_at", label=_("提交时间"), sort_key="submitted_at"),
        Column("review", label=_("审阅状态"), accessor="get_review_display"),
    ]
    filterset_class = SubmissionFilterSet
    search_fields = ["title", "candidate__name"]
    ordering = ["-submitted_at", "-pk"]
    index_view_class = SubmissionIndexView
    unrouted_views = ("add", "edit", "delete", "usage", "history")
    object_page_name = "review"
    object_page_link = "edit"

    def get_urlpatterns(self):
        return [
            *self.listing_urlpatterns(),
            path(
                "review/<int:pk>/",
                self.page_view(SubmissionReviewView, candidate_url_name="candidates:timeline"),
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

"""Views of the 发展党员 admin: the candidate listing, registering an applicant, a candidate's
timeline of the 25 steps with the forms that move them on, the stage board per branch, the
roster export and reviewing online submissions. Everything is confined to the user's subtree
(other candidates are 404); the writes go through partybuild.recruitment.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton

from partybuild.admin.common import xlsx_export_response
from partybuild.admin.views import AdminPageMixin, ServiceFormView
from partybuild.core.errors import add_service_errors
from partybuild.core.privacy import mask_identifier
from partybuild.recruitment import steps as rules
from partybuild.recruitment.admin.forms import (
    CancelForm,
    CandidateEditForm,
    CandidateForm,
    ExtendForm,
    MoveForm,
    ReviewForm,
    StepForm,
)
from partybuild.recruitment.excel import recruitment_roster_xlsx
from partybuild.recruitment.models import (
    Candidate,
    CandidateStatus,
    CandidateSubmission,
    StepReview,
)
from partybuild.recruitment.selectors import (
    candidate_pipeline_rows,
    candidate_progress,
    candidate_scope_for_user,
    candidate_submission_list,
    candidate_thought_report_due,
    candidate_timeline,
    probation_end,
    recruitment_board,
    recruitment_examinations_due,
    recruitment_examinations_due_count,
    recruitment_overdue_count,
    recruitment_probation_reminder_count,
    recruitment_probation_reminders,
    recruitment_reminders,
)
from partybuild.recruitment.services import (
    candidate_create,
    candidate_move,
    candidate_probation_cancel,
    candidate_probation_extend,
    candidate_step_record,
    candidate_submission_review,
    candidate_update,
)


class CandidateIndexView(generic.IndexView):
    """Candidates of the user's subtree with their stage, next step and overdue steps."""

    board_url_name = None
    export_url_name = None

    def get_base_queryset(self):
        return (
            candidate_scope_for_user(user=self.request.user)
            .select_related("organisation", "member__organisation")
            .prefetch_related("steps")
        )

    @cached_property
    def header_buttons(self):
        buttons = [
            HeaderButton(_("进度看板"), url=reverse(self.board_url_name), icon_name="table"),
            HeaderButton(
                _("导出名册"),
                url=reverse(self.export_url_name) + "?" + self.request.GET.urlencode(),
                icon_name="download",
            ),
        ]
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.insert(
                0, HeaderButton(_("登记申请人"), url=reverse(self.add_url_name), icon_name="plus")
            )
        return buttons


class RecruitmentFormView(ServiceFormView):
    """Base of the single-form pages: ``run_service`` returns the candidate, whose timeline
    (``inspect_url_name``) opens next."""

    model = Candidate
    header_icon = "user"
    inspect_url_name = None

    def service_done(self, result):
        return redirect(self.inspect_url_name, result.pk)


class CandidateCreateView(RecruitmentFormView):
    """登记申请人."""

    permission_required = "add"
    page_title = gettext_lazy("登记申请人")
    submit_button_label = gettext_lazy("登记")

    def get_form(self, form_class=None):
        return CandidateForm(**self.get_form_kwargs(), for_user=self.request.user)

    def run_service(self, form):
        data = form.cleaned_data
        candidate = candidate_create(
            organisation=data["organisation"],
            actor=self.request.user,
            id_number=data["id_number"],
            user=data["user"],
            **{
                field: data[field]
                for field in form.Meta.fields
                if field not in ("organisation", "user")
            },
        )
        messages.success(self.request, _("已登记申请人「%(name)s」。") % {"name": candidate.name})
        return candidate


class CandidateEditView(RecruitmentFormView):
    """修改信息 of a candidate in scope who is not yet admitted (404 outside the subtree)."""

    permission_required = "change"
    page_title = gettext_lazy("修改发展对象信息")
    submit_button_label = gettext_lazy("保存")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.candidate = get_object_or_404(
            candidate_scope_for_user(user=request.user), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return self.candidate.name

    def get_form(self, form_class=None):
        return CandidateEditForm(
            **self.get_form_kwargs(), instance=self.candidate, for_user=self.request.user
        )

    def run_service(self, form):
        data = form.cleaned_data
        fields = {name: data[name] for name in form.Meta.fields}
        if not fields["phone"]:
            fields.pop("phone")
        candidate = candidate_update(
            candidate=self.candidate,
            actor=self.request.user,
            id_number=data["id_number"],
            **fields,
        )
        messages.success(self.request, _("已保存「%(name)s」的信息。") % {"name": candidate.name})
        return candidate


ACTIONS = {
    "step": "change",
    "extend": "change",
    "cancel": "change",
    "move": "change",
}


class CandidateTimelineView(AdminPageMixin, TemplateView):
    """One candidate: identity (masked), the 25 steps with done/due/overdue, their submissions,
    and the forms for the next step, probation extension or cancellation, and moving branch."""

    model = Candidate
    template_name = "partybuild/recruitment/timeline.html"
    header_icon = "user"
    history_url_name = None
    edit_url_name = None
    review_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.candidate = get_object_or_404(
            candidate_scope_for_user(user=request.user)
            .select_related("organisation", "member__organisation", "user")
            .prefetch_related("steps__organisation", "steps__people", "steps__document"),
            pk=kwargs["pk"],
        )

    def get_page_title(self):
        return self.candidate.name

    def get_page_subtitle(self):
        return self.candidate.responsible_organisation.name

    @cached_property
    def header_buttons(self):
        buttons = [
            HeaderButton(
                _("历史记录"),
                url=reverse(self.history_url_name, args=[self.candidate.pk]),
                icon_name="history",
            )
        ]
        if self.candidate.status == CandidateStatus.ACTIVE and self._may_change():
            buttons.insert(
                0,
                HeaderButton(
                    _("修改信息"),
                    url=reverse(self.edit_url_name, args=[self.candidate.pk]),
                    icon_name="edit",
                ),
            )
        return buttons

    def _may_change(self) -> bool:
        return self.permission_policy.user_has_permission(self.request.user, "change")

    def _next_step(self) -> int | None:
        done = [record.step for record in self.candidate.steps.all()]
        following = max(done, default=0) + 1
        return following if following <= len(rules.STEPS) else None

    def _forms(self, bound: str | None = None, data=None, files=None) -> dict:
        candidate, user = self.candidate, self.request.user
        forms = {}
        following = self._next_step()
        if candidate.status in (CandidateStatus.ACTIVE, CandidateStatus.PROBATIONARY) and following:
            forms["step"] = StepForm(
                data if bound == "step" else None,
                files if bound == "step" else None,
                step=following,
                candidate=candidate,
                for_user=user,
                prefix="step",
            )
        if candidate.status == CandidateStatus.PROBATIONARY:
            if not candidate.probation_extension_months:
                forms["extend"] = ExtendForm(data if bound == "extend" else None, prefix="extend")
            forms["cancel"] = CancelForm(data if bound == "cancel" else None, prefix="cancel")
        if candidate.status == CandidateStatus.ACTIVE:
            forms["move"] = MoveForm(
                data if bound == "move" else None, for_user=user, candidate=candidate, prefix="move"
            )
        return forms

    def get_context_data(self, forms=None, **kwargs):
        context = super().get_context_data(**kwargs)
        candidate = self.candidate
        records = {record.step: record for record in candidate.steps.all()}
        timeline = candidate_timeline(candidate=candidate)
        for item in timeline:
            item["record"] = records.get(item["step"])
        following = self._next_step()
        context.update(
            candidate=candidate,
            phone=mask_identifier(candidate.phone, kind="mobile"),
            id_number=mask_identifier(candidate.id_number, kind="id_number"),
            progress=candidate_progress(candidate=candidate),
            stages=[
                (stage, [item for item in timeline if item["stage"] == stage.number])
                for stage in rules.STAGES
            ],
            next_step=rules.STEP_BY_NUMBER.get(following) if following else None,
            forms=(forms if forms is not None else self._forms()) if self._may_change() else {},
            submissions=candidate.submissions.select_related("attachment", "reviewed_by"),
            thought_report_due=candidate_thought_report_due(candidate=candidate),
            probation_end=(
                probation_end(candidate=candidate)
                if candidate.member_id and candidate.status == CandidateStatus.PROBATIONARY
                else None
            ),
            review_url_name=self.review_url_name,
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action not in ACTIONS or not self._may_change():
            return self.handle_no_permission()
        forms = self._forms(bound=action, data=request.POST, files=request.FILES)
        form = forms.get(action)
        if form is None:
            messages.error(request, _("当前状态下不能进行该操作。"))
            return redirect(request.path)
        if form.is_valid():
            try:
                message = getattr(self, f"_{action}")(form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, message)
                return redirect(request.path)
        messages.error(request, _("未能保存，请检查下面的错误。"))
        return self.render_to_response(self.get_context_data(forms=forms))

    def _step(self, data) -> str:
        record = candidate_step_record(
            candidate=self.candidate,
            step=self._next_step(),
            done_on=data["done_on"],
            actor=self.request.user,
            people=data.get("people") or [],
            training_days=data.get("training_days"),
            training_hours=data.get("training_hours"),
            notes=data.get("notes", ""),
            document=data.get("document"),
        )
        return _("已登记第%(step)d步「%(name)s」。") % {
            "step": record.step,
            "name": rules.STEP_BY_NUMBER[record.step].name,
        }

    def _extend(self, data) -> str:
        candidate_probation_extend(
            candidate=self.candidate,
            months=data["months"],
            actor=self.request.user,
            reason=data["reason"],
        )
        return _("预备期已延长%(months)d个月。") % {"months": data["months"]}

    def _cancel(self, data) -> str:
        candidate_probation_cancel(
            candidate=self.candidate, actor=self.request.user, reason=data["reason"]
        )
        return _("已取消「%(name)s」的预备党员资格。") % {"name": self.candidate.name}

    def _move(self, data) -> str:
        candidate_move(
            candidate=self.candidate,
            to_organisation=data["to_organisation"],
            actor=self.request.user,
            reason=data["reason"],
        )
        return _("已转到「%(to)s」，已完成的步骤保留原办理党组织。") % {
            "to": data["to_organisation"].name
        }


#: Rows of the board's lists of overdue steps and examinations due (the most overdue first; the
#: count of each is shown in full).
BOARD_ROWS = 100
#: Branches per page of the board's table (a province has thousands).
BOARD_BRANCHES = 50


class RecruitmentBoardView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """进度看板: per branch the active candidates per stage, probationary members, the overdue
    steps most overdue first, the activists due for their examination, and the probations ending
    within a month or run past their end."""

    model = Candidate
    permission_required = "view"
    template_name = "partybuild/recruitment/board.html"
    page_title = gettext_lazy("发展党员进度看板")
    header_icon = "table"
    index_url_name = None
    inspect_url_name = None

    def get_breadcrumbs_items(self):
        """首页 › 发展党员进度看板: the page's own name last, as the header shows it."""
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rows_page = Paginator(recruitment_board(user=user), BOARD_BRANCHES).get_page(
            self.request.GET.get("p")
        )
        rows = list(rows_page)
        context.update(
            board_rows=BOARD_ROWS,
            stages=rules.STAGES,
            rows=rows,
            rows_page=rows_page,
            reminders=recruitment_reminders(user=user, limit=BOARD_ROWS),
            reminder_count=recruitment_overdue_count(user=user),
            examinations=recruitment_examinations_due(user=user, limit=BOARD_ROWS),
            examination_count=recruitment_examinations_due_count(user=user),
            probations=recruitment_probation_reminders(user=user, limit=BOARD_ROWS),
            probation_count=sum(
                recruitment_probation_reminder_count(user=user, state=state)
                for state in ("ending", "overrun")
            ),
            inspect_url_name=self.inspect_url_name,
        )
        return context


def recruitment_export_view(request, permission_policy):
    """The pipeline roster of the listed candidates (same status/branch filters) as xlsx."""
    if not permission_policy.user_has_permission(request.user, "view"):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    filters = {}
    if request.GET.get("status") in CandidateStatus.values:
        filters["status"] = request.GET["status"]
    if (request.GET.get("organisation") or "").isdigit():
        filters["organisation_id"] = int(request.GET["organisation"])
    filters["query"] = request.GET.get("q", "")
    rows = candidate_pipeline_rows(user=request.user, **filters)
    return xlsx_export_response(
        request, recruitment_roster_xlsx(rows=rows), "发展党员名册.xlsx", rows=len(rows)
    )


class SubmissionIndexView(generic.IndexView):
    """Online application letters and 思想汇报 of the user's candidates, pending first."""

    def get_base_queryset(self):
        return candidate_submission_list(user=self.request.user)


class SubmissionReviewView(RecruitmentFormView):
    """审阅 one submission: accept it or return it with a comment."""

    model = CandidateSubmission
    permission_required = "change"
    template_name = "partybuild/recruitment/review.html"
    page_title = gettext_lazy("审阅材料")
    submit_button_label = gettext_lazy("提交审阅")
    form_class = ReviewForm
    error_field_map = {"review_comment": "comment"}
    candidate_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.submission = get_object_or_404(
            candidate_submission_list(user=request.user), pk=kwargs["pk"]
        )

    def get_page_crumb_label(self):
        return self.submission.title

    def get_page_subtitle(self):
        return self.submission.candidate.name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submission"] = self.submission
        context["candidate_url"] = reverse(
            self.candidate_url_name, args=[self.submission.candidate_id]
        )
        context["reviewed"] = self.submission.review != StepReview.PENDING
        return context

    def run_service(self, form):
        candidate_submission_review(
            submission=self.submission,
            actor=self.request.user,
            accept=form.cleaned_data["decision"] == "accept",
            comment=form.cleaned_data["comment"],
        )
        messages.success(
            self.request, _("已审阅「%(title)s」。") % {"title": self.submission.title}
        )

    def service_done(self, result):
        return redirect(self.index_url_name)

"""The 党建督查 admin pages besides the listings: a task's page (its assignments), creating and
issuing a task, an assignment's page, and responding, accepting and returning. Objects outside
the user's subtree are 404; the wrong side of an assignment is 403 (the services decide)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton

from partybuild.admin.common import LinkedRowsIndexMixin
from partybuild.admin.views import AdminPageMixin, ServiceFormView
from partybuild.supervision import services as services
from partybuild.supervision.admin.forms import (
    InspectionIssueForm,
    InspectionResponseForm,
    InspectionReviewForm,
    InspectionTaskForm,
)
from partybuild.supervision.models import AssignmentStatus, InspectionAssignment
from partybuild.supervision.models import InspectionTaskStatus as TaskStatus
from partybuild.supervision.selectors import (
    inspection_assignment_list,
    inspection_task_list,
    inspection_task_scope_for_user,
    inspection_task_target_choices,
    user_is_issuer_side,
    user_is_target_side,
)


class TaskIndexView(LinkedRowsIndexMixin, generic.IndexView):
    """Tasks issued by organisations of the user's subtree, with their counts."""

    create_url_name = None

    def get_base_queryset(self):
        return inspection_task_list(user=self.request.user)

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(_("新建督查任务"), url=reverse(self.create_url_name), icon_name="plus")
        ]


class AssignmentIndexView(LinkedRowsIndexMixin, generic.IndexView):
    """我的督查任务: assignments of the branches of the user's subtree, overdue flagged."""

    def get_base_queryset(self):
        return inspection_assignment_list(user=self.request.user)


class SupervisionPageMixin(AdminPageMixin):
    """A 党建督查 page below a listing."""

    header_icon = "tasks"


class SupervisionFormView(SupervisionPageMixin, ServiceFormView):
    """A 党建督查 form; ``run_service`` returns the URL to go to."""


class TaskCreateView(SupervisionFormView):
    """新建督查任务: saved as a draft, or issued at once."""

    page_title = gettext_lazy("新建督查任务")
    submit_button_label = gettext_lazy("保存")
    index_label = gettext_lazy("党建督查")
    detail_url_name = None

    def get_form(self, form_class=None):
        return InspectionTaskForm(**self.get_form_kwargs(), user=self.request.user)

    def run_service(self, form):
        with transaction.atomic():  # a task that cannot be issued is not kept as a draft
            return self._create(form)

    def _create(self, form):
        data = form.cleaned_data
        task = services.inspection_task_create(
            issuer=data["issuer"],
            subject=data["subject"],
            requirements=data["requirements"],
            deadline=data["deadline"],
            actor=self.request.user,
        )
        if data["issue_now"]:
            targets = list(data["targets"]) or list(
                inspection_task_target_choices(issuer=task.issuer)
            )
            services.inspection_task_issue(task=task, targets=targets, actor=self.request.user)
            messages.success(
                self.request, _("已下发督查任务「%(subject)s」。") % {"subject": task.subject}
            )
        else:
            messages.success(self.request, _("已保存草稿。"))
        return reverse(self.detail_url_name, args=[task.pk])


class TaskMixin:
    """The task named in the URL, 404 unless issued inside the user's subtree."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.task = get_object_or_404(
            inspection_task_scope_for_user(user=request.user).select_related("issuer"),
            pk=kwargs["pk"],
        )

    def get_page_subtitle(self):
        return self.task.subject


class TaskIssueView(TaskMixin, SupervisionFormView):
    """下发 a draft to the chosen 党支部."""

    page_title = gettext_lazy("下发督查任务")
    submit_button_label = gettext_lazy("下发")
    index_label = gettext_lazy("党建督查")
    detail_url_name = None

    def get_form(self, form_class=None):
        return InspectionIssueForm(
            **self.get_form_kwargs(),
            choices=inspection_task_target_choices(issuer=self.task.issuer),
        )

    def run_service(self, form):
        services.inspection_task_issue(
            task=self.task, targets=list(form.cleaned_data["targets"]), actor=self.request.user
        )
        messages.success(self.request, _("已下发督查任务。"))
        return reverse(self.detail_url_name, args=[self.task.pk])


class TaskDetailView(TaskMixin, SupervisionPageMixin, TemplateView):
    """One task: its requirements and every target branch's progress."""

    template_name = "partybuild/supervision/task_detail.html"
    index_label = gettext_lazy("党建督查")
    issue_url_name = None
    assignment_url_name = None

    def get_page_title(self):
        return self.task.subject

    @cached_property
    def header_buttons(self):
        if self.task.status != TaskStatus.DRAFT:
            return []
        url = reverse(self.issue_url_name, args=[self.task.pk])
        return [HeaderButton(_("下发"), url=url, icon_name="mail")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["task"] = self.task
        context["assignments"] = inspection_assignment_list(
            user=self.request.user, task_id=self.task.pk
        )
        context["assignment_url_name"] = self.assignment_url_name
        return context


class AssignmentMixin:
    """The assignment named in the URL, 404 outside the user's subtree."""

    index_label = InspectionAssignment._meta.verbose_name_plural

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.assignment = get_object_or_404(
            inspection_assignment_list(user=request.user).prefetch_related("attachments__document"),
            pk=kwargs["pk"],
        )

    def get_page_subtitle(self):
        return self.assignment.organisation.name

    def may_respond(self) -> bool:
        return self.assignment.status in (
            AssignmentStatus.PENDING,
            AssignmentStatus.RETURNED,
        ) and user_is_target_side(user=self.request.user, assignment=self.assignment)

    def may_review(self) -> bool:
        return self.assignment.status == AssignmentStatus.SUBMITTED and (
            user_is_issuer_side(user=self.request.user, assignment=self.assignment)
        )


class AssignmentDetailView(AssignmentMixin, SupervisionPageMixin, TemplateView):
    """One branch's assignment: the task, the response with its files, the review."""

    template_name = "partybuild/supervision/assignment_detail.html"
    respond_url_name = accept_url_name = return_url_name = None

    def get_page_title(self):
        return self.assignment.task.subject

    @cached_property
    def header_buttons(self):
        pk = self.assignment.pk
        buttons = []
        if self.may_respond():
            url = reverse(self.respond_url_name, args=[pk])
            buttons.append(HeaderButton(_("反馈"), url=url, icon_name="edit"))
        if self.may_review():
            url = reverse(self.accept_url_name, args=[pk])
            buttons.append(HeaderButton(_("通过"), url=url, icon_name="check"))
            url = reverse(self.return_url_name, args=[pk])
            buttons.append(HeaderButton(_("退回"), url=url, icon_name="rotate"))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignment"] = self.assignment
        return context


class AssignmentActionView(AssignmentMixin, SupervisionFormView):
    """Base of respond/accept/return: the wrong side is refused before the form (403, which
    the admin shows as a message); the service decides the state."""

    detail_url_name = None
    side = "issuer"

    def dispatch(self, request, *args, **kwargs):
        allowed = (
            user_is_target_side(user=request.user, assignment=self.assignment)
            if self.side == "target"
            else user_is_issuer_side(user=request.user, assignment=self.assignment)
        )
        if not allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignment"] = self.assignment
        return context

    def done(self, message):
        messages.success(self.request, message)
        return reverse(self.detail_url_name, args=[self.assignment.pk])


class AssignmentRespondView(AssignmentActionView):
    page_title = gettext_lazy("反馈督查任务")
    side = "target"
    form_class = InspectionResponseForm
    submit_button_label = gettext_lazy("提交反馈")

    def get_initial(self):
        return {"response": self.assignment.response}

    def run_service(self, form):
        services.inspection_response_submit(
            assignment=self.assignment,
            response=form.cleaned_data["response"],
            files=form.cleaned_data["files"],
            actor=self.request.user,
        )
        return self.done(_("已提交反馈。"))


class AssignmentAcceptView(AssignmentActionView):
    page_title = gettext_lazy("通过督查反馈")
    form_class = InspectionReviewForm
    submit_button_label = gettext_lazy("通过")

    def run_service(self, form):
        services.inspection_response_accept(
            assignment=self.assignment,
            comment=form.cleaned_data["comment"],
            actor=self.request.user,
        )
        return self.done(_("已通过该反馈。"))


class AssignmentReturnView(AssignmentActionView):
    page_title = gettext_lazy("退回督查反馈")
    form_class = InspectionReviewForm
    submit_button_label = gettext_lazy("退回")

    def run_service(self, form):
        services.inspection_response_return(
            assignment=self.assignment,
            comment=form.cleaned_data["comment"],
            actor=self.request.user,
        )
        return self.done(_("已退回该反馈。"))

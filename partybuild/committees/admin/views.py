"""The 班子成员与换届 admin: the committees of the user's subtree (current term, 书记, 换届 under
way, 换届提醒), one organisation's committee with its terms and its 换届, the forms of each step,
and the 书记名册 (on screen, printable, and as xlsx).

An organisation outside the user's subtree is 404; a 批复 by anyone but the higher organisation
is 403 (the services decide). Pages need the catalogue's 班子成员与换届 · 查看, forms · 登记."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from partybuild.admin.common import PermissionMenuItem, xlsx_export_response
from partybuild.admin.permissions import (
    AdministratorPermissionPolicy,
    require_administrator,
    user_administers,
)
from partybuild.admin.views import ServiceFormView
from partybuild.committees import selectors, services
from partybuild.committees.admin.forms import (
    ApprovalForm,
    ElectionForm,
    RequestForm,
    TermRegisterForm,
)
from partybuild.committees.excel import secretary_roster_row, secretary_roster_xlsx
from partybuild.committees.models import CommitteeTerm, Reelection, ReelectionStatus

VIEW = "committees.view_committeeterm"
CHANGE = "committees.change_committeeterm"
PER_PAGE = 50

register_permission_policy(CommitteeTerm, AdministratorPermissionPolicy(CommitteeTerm))
register_permission_policy(
    Reelection, AdministratorPermissionPolicy(Reelection, permission_model=CommitteeTerm)
)


def committee_index_view(request):
    """班子成员: the organisations of the subtree with their current term and 书记."""
    require_administrator(request.user, VIEW)
    organisations = selectors.committee_organisation_list(user=request.user)
    page = Paginator(organisations, PER_PAGE).get_page(request.GET.get("p"))
    reminders = {
        entry.reminder.organisation.pk: entry.reminder
        for entry in selectors.committee_reelection_reminders(user=request.user)
    }
    return TemplateResponse(
        request,
        "partybuild/committees/index.html",
        {
            "page": page,
            "rows": [(o, reminders.get(o.pk)) for o in page.object_list],
            "statuses": dict(ReelectionStatus.choices),
            "header_title": _("班子成员"),
        },
    )


def _organisation(request, organisation_id: int):
    return get_object_or_404(
        selectors.committee_organisation_list(user=request.user), pk=organisation_id
    )


def committee_detail_view(request, organisation_id: int):
    """One organisation: its current committee, the 换届 under way (with its next step), the
    earlier terms."""
    require_administrator(request.user, VIEW)
    organisation = _organisation(request, organisation_id)
    reelection = selectors.reelection_open(organisation=organisation)
    may_change = user_administers(request.user, CHANGE)
    may_approve = may_change and (
        selectors.reelection_approver_refusal(user=request.user, organisation=organisation) is None
    )
    terms = list(selectors.committee_term_list(organisation=organisation))
    for term in terms:
        term.sorted_members = selectors.committee_members_sorted(term.members.all())
    return TemplateResponse(
        request,
        "partybuild/committees/detail.html",
        {
            "organisation": organisation,
            "terms": terms,
            "reelection": reelection,
            "candidates": reelection.candidates.select_related("member") if reelection else [],
            "may_change": may_change,
            "may_approve": may_approve,
            "header_title": organisation.name,
        },
    )


def secretary_roster_view(request):
    """书记名册 of the subtree; ``?format=xlsx`` downloads it, ``?format=print`` prints it."""
    require_administrator(request.user, VIEW)
    seats = selectors.secretary_roster(user=request.user)
    output = request.GET.get("format")
    if output == "xlsx":
        content, count = secretary_roster_xlsx(seats=seats.iterator(chunk_size=2000))
        return xlsx_export_response(request, content, "书记名册.xlsx", rows=count)
    if output == "print":
        return TemplateResponse(
            request,
            "partybuild/committees/roster_print.html",
            {"rows": [secretary_roster_row(seat) for seat in seats], "title": _("书记名册")},
        )
    page = Paginator(seats, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "partybuild/committees/roster.html",
        {
            "page": page,
            "rows": [secretary_roster_row(seat) for seat in page.object_list],
            "header_title": _("书记名册"),
        },
    )


class CommitteeFormView(ServiceFormView):
    """A form of one organisation's committee (404 outside the subtree); needs 登记."""

    permission_required = "change"
    index_label = gettext_lazy("班子成员")
    header_icon = "group"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.organisation = _organisation(request, kwargs["organisation_id"])

    def get_page_subtitle(self):
        return self.organisation.name

    def form_invalid(self, form):
        """The form template shows only field errors: a refusal about the whole list (of
        members, of candidates) is shown as a message above the page."""
        for error in form.non_field_errors():
            messages.error(self.request, error)
        return super().form_invalid(form)

    def detail_url(self) -> str:
        return reverse("committees_detail", args=[self.organisation.pk])

    def reelection(self) -> Reelection:
        reelection = selectors.reelection_open(organisation=self.organisation)
        if reelection is None:
            raise PermissionDenied
        return reelection


class TermRegisterView(CommitteeFormView):
    """登记班子成员: a term registered outside the 换届 workflow, closing the current one."""

    page_title = gettext_lazy("登记班子成员")
    submit_button_label = gettext_lazy("登记")
    error_field_map = {"seats": None}

    def get_form(self, form_class=None):
        return TermRegisterForm(**self.get_form_kwargs(), organisation=self.organisation)

    def run_service(self, form):
        data = form.cleaned_data
        services.committee_term_register(
            organisation=self.organisation,
            starts_on=data["starts_on"],
            formation=data["formation"],
            approval_number=data["approval_number"],
            seats=data["seats"],
            actor=self.request.user,
        )
        messages.success(self.request, _("已登记新一届班子成员。"))
        return self.detail_url()


class RequestView(CommitteeFormView):
    """提交换届请示: step 1 of the 换届, by the organisation itself."""

    page_title = gettext_lazy("提交换届请示")
    form_class = RequestForm
    submit_button_label = gettext_lazy("提交")

    def run_service(self, form):
        data = form.cleaned_data
        services.reelection_request_submit(
            organisation=self.organisation,
            requested_on=data["requested_on"],
            request_number=data["request_number"],
            document=data["document"],
            actor=self.request.user,
        )
        messages.success(self.request, _("已提交换届请示，等待上级党组织批复。"))
        return self.detail_url()


class RequestApproveView(CommitteeFormView):
    """批复换届请示: step 2, by the higher organisation only."""

    page_title = gettext_lazy("批复换届请示")
    form_class = ApprovalForm
    submit_button_label = gettext_lazy("批复")

    def run_service(self, form):
        services.reelection_request_approve(
            reelection=self.reelection(),
            approved_on=form.cleaned_data["approved_on"],
            approval_number=form.cleaned_data["approval_number"],
            actor=self.request.user,
        )
        messages.success(self.request, _("已批复换届请示。"))
        return self.detail_url()


class ElectionView(CommitteeFormView):
    """登记选举结果: step 3, the election's candidates and votes."""

    page_title = gettext_lazy("登记选举结果")
    submit_button_label = gettext_lazy("登记")
    error_field_map = {"candidates": None}

    def get_form(self, form_class=None):
        return ElectionForm(**self.get_form_kwargs(), organisation=self.organisation)

    def run_service(self, form):
        data = form.cleaned_data
        services.reelection_election_record(
            reelection=self.reelection(),
            held_on=data["held_on"],
            voters_present=data["voters_present"],
            candidates=data["candidates"],
            actor=self.request.user,
        )
        messages.success(self.request, _("已登记选举结果，等待上级党组织批复。"))
        return self.detail_url()


class ResultApproveView(CommitteeFormView):
    """批复选举结果: step 4, by the higher organisation; opens the new term."""

    page_title = gettext_lazy("批复选举结果")
    form_class = ApprovalForm
    submit_button_label = gettext_lazy("批复")

    def run_service(self, form):
        services.reelection_result_approve(
            reelection=self.reelection(),
            approved_on=form.cleaned_data["approved_on"],
            approval_number=form.cleaned_data["approval_number"],
            actor=self.request.user,
        )
        messages.success(self.request, _("已批复选举结果，新一届班子已产生。"))
        return self.detail_url()


def _form_view(view_class):
    return view_class.as_view(
        permission_policy=AdministratorPermissionPolicy(CommitteeTerm),
        index_url_name="committees_index",
    )


def committee_urlpatterns() -> list:
    return [
        path("committees/", committee_index_view, name="committees_index"),
        path("committees/roster/", secretary_roster_view, name="committees_roster"),
        path("committees/<int:organisation_id>/", committee_detail_view, name="committees_detail"),
        path(
            "committees/<int:organisation_id>/register/",
            _form_view(TermRegisterView),
            name="committees_register",
        ),
        path(
            "committees/<int:organisation_id>/request/",
            _form_view(RequestView),
            name="committees_request",
        ),
        path(
            "committees/<int:organisation_id>/request-approve/",
            _form_view(RequestApproveView),
            name="committees_request_approve",
        ),
        path(
            "committees/<int:organisation_id>/election/",
            _form_view(ElectionView),
            name="committees_election",
        ),
        path(
            "committees/<int:organisation_id>/result-approve/",
            _form_view(ResultApproveView),
            name="committees_result_approve",
        ),
    ]


def committee_menu_item() -> MenuItem:
    """班子成员 in the menu of those who may see it."""
    return PermissionMenuItem(
        gettext_lazy("班子成员与换届"),
        reverse("committees_index"),
        permission=VIEW,
        icon_name="group",
        order=215,
    )

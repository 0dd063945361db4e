"""Wagtail admin for 档案修改申请: members' self-service requests, approved or rejected by an
administrator of the member's organisation.

The listing and every view are confined to members of the user's subtree (anything else is 404);
decisions go through partybuild.services.change_requests. Old → new values are shown side by
side; phone numbers are masked unless the user holds 「查看完整身份信息」, in which case the
reveal is written to the audit log.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton, MenuItem

from partybuild.admin.history import HistoryButtonMixin, InspectLinkHistoryMixin
from partybuild.core.errors import add_service_errors
from partybuild.models import ChangeRequestStatus, MemberChangeRequest
from partybuild.selectors.change_requests import (
    MASKED_FIELDS,
    change_request_field_label,
    change_request_scope_for_user,
    change_rows,
)
from partybuild.services.audit import identity_reveal_record
from partybuild.services.change_requests import change_request_approve, change_request_reject


def may_see_full_identity(user) -> bool:
    return user.has_perm("partybuild.view_full_identity")


def changes_summary(change_request: MemberChangeRequest) -> str:
    return "、".join(change_request_field_label(field) for field in change_request.changes)


class RevealMixin:
    """Shows masked values unless the user may see them in full, which is audited."""

    reveal_context = "change_request"

    def change_rows_for(self, change_request: MemberChangeRequest) -> list[dict]:
        reveal = may_see_full_identity(self.request.user)
        if reveal and any(field in MASKED_FIELDS for field in change_request.changes):
            identity_reveal_record(
                actor=self.request.user,
                members=[change_request.member],
                context=self.reveal_context,
            )
        return change_rows(change_request, reveal=reveal)


class ChangeRequestDecisionButtonsMixin:
    approve_url_name = None
    reject_url_name = None

    def decision_items(self, change_request: MemberChangeRequest) -> list[tuple[str, str, str]]:
        if change_request.status != ChangeRequestStatus.PENDING:
            return []
        if not self.permission_policy.user_has_permission(self.request.user, "change"):
            return []
        if change_request.requested_by_id == self.request.user.pk:
            return []
        return [
            (_("通过"), reverse(self.approve_url_name, args=[change_request.pk]), "check"),
            (_("驳回"), reverse(self.reject_url_name, args=[change_request.pk]), "cross"),
        ]


class ChangeRequestIndexView(ChangeRequestDecisionButtonsMixin, generic.IndexView):
    """Requests of the user's members, pending and decided."""

    def get_base_queryset(self):
        return change_request_scope_for_user(user=self.request.user)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for priority, (label, url, icon) in enumerate(self.decision_items(instance), 11):
            buttons.append(MenuItem(label, url=url, icon_name=icon, priority=priority))
        return buttons


class ChangeRequestScopedMixin:
    def get_object(self, *args, **kwargs):
        return get_object_or_404(change_request_scope_for_user(user=self.request.user), pk=self.pk)


class ChangeRequestInspectView(
    ChangeRequestScopedMixin,
    HistoryButtonMixin,
    RevealMixin,
    ChangeRequestDecisionButtonsMixin,
    generic.InspectView,
):
    """One request: old → new values, the decision and its reason."""

    template_name = "partybuild/change_requests/inspect.html"
    reveal_context = "change_request_inspect"

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(label, url=url, icon_name=icon)
            for label, url, icon in self.decision_items(self.object)
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["change_request"] = self.object
        context["rows"] = self.change_rows_for(self.object)
        return context


class ChangeRequestHistoryView(ChangeRequestScopedMixin, InspectLinkHistoryMixin, HistoryView):
    """Audit history of one request within scope."""


class ApproveForm(forms.Form):
    """Nothing to fill in: approval is a confirmation."""


class RejectForm(forms.Form):
    decision_reason = forms.CharField(
        label=_("驳回理由"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("申请人会看到这段理由。"),
    )


class ChangeRequestDecisionView(
    RevealMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView
):
    """Base of approve/reject: the request must be in scope (else 404) and still pending."""

    model = MemberChangeRequest
    permission_required = "change"
    template_name = "partybuild/change_requests/decide.html"
    header_icon = "user"
    index_url_name = None
    inspect_url_name = None
    submit_button_label = _("提交")
    reveal_context = "change_request_decision"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.change_request = get_object_or_404(
            change_request_scope_for_user(user=request.user), pk=kwargs["pk"]
        )

    def dispatch(self, request, *args, **kwargs):
        if not self.user_has_permission(self.permission_required):
            raise PermissionDenied
        if self.change_request.status != ChangeRequestStatus.PENDING:
            messages.error(
                request,
                _("该申请已是「%(status)s」状态，不能再审核。")
                % {"status": self.change_request.get_status_display()},
            )
            return redirect(self.inspect_url_name, self.change_request.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.change_request.member.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": MemberChangeRequest._meta.verbose_name_plural,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["change_request"] = self.change_request
        context["rows"] = self.change_rows_for(self.change_request)
        context["action_url"] = self.request.get_full_path()
        context["submit_button_label"] = self.submit_button_label
        context["submit_button_active_label"] = _("正在提交…")
        return context

    def run_service(self, form) -> MemberChangeRequest:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.run_service(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        return redirect(self.index_url_name)


class ChangeRequestApproveView(ChangeRequestDecisionView):
    page_title = _("通过档案修改申请")
    submit_button_label = _("通过并修改档案")

    def get_form_class(self):
        return ApproveForm

    def run_service(self, form):
        change_request = change_request_approve(
            request=self.change_request, actor=self.request.user
        )
        messages.success(
            self.request,
            _("已通过「%(member)s」的档案修改申请，档案已更新。")
            % {"member": change_request.member.name},
        )
        return change_request


class ChangeRequestRejectView(ChangeRequestDecisionView):
    page_title = _("驳回档案修改申请")
    submit_button_label = _("驳回")

    def get_form_class(self):
        return RejectForm

    def run_service(self, form):
        change_request = change_request_reject(
            request=self.change_request,
            actor=self.request.user,
            reason=form.cleaned_data["decision_reason"],
        )
        messages.success(
            self.request,
            _("已驳回「%(member)s」的档案修改申请。") % {"member": change_request.member.name},
        )
        return change_request


class ChangeRequestViewSet(ModelViewSet):
    """档案修改申请 in the Wagtail admin. Requests are made by members on the portal and decided
    here, so the generic add/edit/delete views are not routed."""

    model = MemberChangeRequest
    icon = "user"
    menu_label = _("档案修改申请")
    menu_order = 220
    list_display = [
        "member",
        Column(
            "organisation",
            label=_("所在党组织"),
            accessor=lambda change_request: change_request.member.organisation.name,
        ),
        Column("fields", label=_("申请修改"), accessor=changes_summary),
        Column("status", label=_("状态"), accessor="get_status_display"),
        DateColumn("requested_at", label=_("申请时间")),
        Column(
            "decided_by",
            label=_("审核人"),
            accessor=lambda change_request: str(change_request.decided_by or ""),
        ),
    ]
    list_filter = ["status"]
    search_fields = ["member__name"]
    search_backend_name = None  # modelsearch's SQLite backend mishandles ModelViewSet searches
    ordering = ["-requested_at", "-pk"]
    sort_order_field = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_reference_index = False

    index_view_class = ChangeRequestIndexView
    inspect_view_class = ChangeRequestInspectView
    history_view_class = ChangeRequestHistoryView

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add_url_name", "edit_url_name", "delete_url_name", "usage_url_name"):
            view_kwargs[name] = None
        return view_kwargs

    def _decision_url_names(self) -> dict:
        return {
            "approve_url_name": self.get_url_name("approve"),
            "reject_url_name": self.get_url_name("reject"),
        }

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(**self._decision_url_names(), **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(**self._decision_url_names(), **kwargs)

    def _decision_view(self, view_class):
        return view_class.as_view(
            index_url_name=self.get_url_name("index"),
            inspect_url_name=self.get_url_name("inspect"),
        )

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("inspect")
        return finder

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path(
                "history-results/<int:pk>/",
                self.history_results_view,
                name="history_results",
            ),
            path(
                "approve/<int:pk>/",
                self._decision_view(ChangeRequestApproveView),
                name="approve",
            ),
            path("reject/<int:pk>/", self._decision_view(ChangeRequestRejectView), name="reject"),
        ]


change_request_viewset = ChangeRequestViewSet("change_requests")

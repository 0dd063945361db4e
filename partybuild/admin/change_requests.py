"""Wagtail admin for 档案修改申请: members' self-service requests, approved or rejected by an
administrator of the member's organisation.

The listing and every view are confined to members of the user's subtree (anything else is 404);
decisions go through partybuild.services.change_requests. Old → new values are shown side by
side; phone numbers are masked unless the user holds 「查看完整身份信息」, in which case the
reveal is written to the audit log.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView

from partybuild.admin.history import HistoryButtonMixin, InspectLinkHistoryMixin
from partybuild.admin.views import (
    ObjectActionsHeaderMixin,
    ObjectActionsIndexMixin,
    ServiceFormView,
)
from partybuild.admin.viewsets import RegisterViewSet
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
    """通过 and 驳回 of a pending request, for a user who may change requests and did not make
    this one."""

    approve_url_name = None
    reject_url_name = None

    def object_actions(self, change_request: MemberChangeRequest) -> list[tuple[str, str, str]]:
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


class ChangeRequestIndexView(
    ObjectActionsIndexMixin, ChangeRequestDecisionButtonsMixin, generic.IndexView
):
    """Requests of the user's members, pending and decided."""

    def get_base_queryset(self):
        return change_request_scope_for_user(user=self.request.user)


class ChangeRequestScopedMixin:
    def get_object(self, *args, **kwargs):
        return get_object_or_404(change_request_scope_for_user(user=self.request.user), pk=self.pk)


class ChangeRequestInspectView(
    ChangeRequestScopedMixin,
    HistoryButtonMixin,
    RevealMixin,
    ObjectActionsHeaderMixin,
    ChangeRequestDecisionButtonsMixin,
    generic.InspectView,
):
    """One request: old → new values, the decision and its reason."""

    template_name = "partybuild/change_requests/inspect.html"
    reveal_context = "change_request_inspect"

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


class ChangeRequestDecisionView(RevealMixin, ServiceFormView):
    """Base of approve/reject: the request must be in scope (else 404) and still pending."""

    model = MemberChangeRequest
    permission_required = "change"
    template_name = "partybuild/change_requests/decide.html"
    header_icon = "user"
    inspect_url_name = None
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["change_request"] = self.change_request
        context["rows"] = self.change_rows_for(self.change_request)
        return context

    def service_done(self, result):
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


class ChangeRequestViewSet(RegisterViewSet):
    """档案修改申请 in the Wagtail admin. Requests are made by members on the portal and decided
    here, so the generic add/edit/delete views are not routed; each row opens the request's
    inspect view."""

    empty_message = _("党员在门户或 App 的「我的档案」中提交修改申请后，会出现在这里等待审核。")

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
        DateColumn("requested_at", label=_("申请时间"), sort_key="requested_at"),
        Column(
            "decided_by",
            label=_("审核人"),
            accessor=lambda change_request: str(change_request.decided_by or ""),
        ),
    ]
    list_filter = ["status"]
    search_fields = ["member__name"]
    ordering = ["-requested_at", "-pk"]
    inspect_view_enabled = True
    object_page_name = "inspect"

    index_view_class = ChangeRequestIndexView
    inspect_view_class = ChangeRequestInspectView
    history_view_class = ChangeRequestHistoryView

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
        return self.page_view(view_class, inspect_url_name=self.get_url_name("inspect"))

    def get_urlpatterns(self):
        return [
            *self.listing_urlpatterns(),
            *self.inspect_urlpatterns(),
            path(
                "approve/<int:pk>/",
                self._decision_view(ChangeRequestApproveView),
                name="approve",
            ),
            path("reject/<int:pk>/", self._decision_view(ChangeRequestRejectView), name="reject"),
        ]


change_request_viewset = ChangeRequestViewSet("change_requests")

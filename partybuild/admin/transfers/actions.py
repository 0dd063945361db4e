"""The 组织关系转接 action views: start, accept, return, revoke, and recording transfers to and
from outside the system. Writes go through partybuild.services.transfers, which refuses the wrong
side of a transfer with PermissionDenied (403 here) and records the audit entry."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuild.admin.transfers.forms import (
    TransferAcceptForm,
    TransferIncomingForm,
    TransferOutgoingForm,
    TransferReturnForm,
    TransferRevokeForm,
    TransferStartForm,
    user_may_receive,
    user_may_send,
)
from partybuild.admin.views import ServiceFormView
from partybuild.models import Transfer, TransferStatus
from partybuild.selectors.members import member_scope_for_user
from partybuild.selectors.transfers import (
    transfer_scope_for_user,
)
from partybuild.services.transfers import (
    transfer_accept,
    transfer_record_incoming,
    transfer_record_outgoing,
    transfer_return,
    transfer_revoke,
    transfer_start,
)


class TransferFormView(ServiceFormView):
    """Base of the transfer forms: ``run_service`` returns the transfer, whose page opens next."""

    model = Transfer
    template_name = "partybuild/transfers/action.html"
    header_icon = "resubmit"
    inspect_url_name = None
    transfer = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["transfer"] = self.transfer
        return context

    def service_done(self, result):
        return redirect(self.inspect_url_name, result.pk)


class TransferStartView(TransferFormView):
    """发起转接 for one member (``start/<member_pk>/``) or for a member chosen on the form."""

    permission_required = "add"
    page_title = _("发起组织关系转接")
    submit_button_label = _("发起转接")
    member = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if "member_pk" in kwargs:
            self.member = get_object_or_404(
                member_scope_for_user(user=request.user).select_related("organisation"),
                pk=kwargs["member_pk"],
            )

    def get_page_subtitle(self):
        return self.member.name if self.member else ""

    def get_form_class(self):
        return TransferStartForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, member=self.member)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["member"] = self.member
        return context

    def run_service(self, form):
        member = self.member or form.cleaned_data["member"]
        transfer = transfer_start(
            member=member,
            to_organisation=form.cleaned_data["to_organisation"],
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
            letter_number=form.cleaned_data["letter_number"],
            left_on=form.cleaned_data["left_on"],
            dues_paid_until=form.cleaned_data["dues_paid_until"],
        )
        messages.success(
            self.request,
            _("已发起「%(member)s」的组织关系转接，等待「%(to)s」接收。")
            % {"member": member.name, "to": transfer.to_organisation.name},
        )
        return transfer


class TransferDecisionView(TransferFormView):
    """Base of accept/return/revoke: the transfer must be visible (else 404) and the user must
    administer the side that acts (else 403)."""

    permission_required = "change"
    side = "receiving"  # or "sending"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.transfer = get_object_or_404(
            transfer_scope_for_user(user=request.user).select_related(
                "member", "from_organisation", "to_organisation", "started_by"
            ),
            pk=kwargs["pk"],
        )

    def dispatch(self, request, *args, **kwargs):
        if not self.user_has_permission(self.permission_required):
            raise PermissionDenied
        allowed = (
            user_may_receive(request.user, self.transfer)
            if self.side == "receiving"
            else user_may_send(request.user, self.transfer)
        )
        if not allowed:
            raise PermissionDenied
        if self.transfer.is_expired:
            messages.error(
                request,
                _(
                    "组织关系介绍信须在有效期内接收：该介绍信有效期至 %(until)s，已过期，"
                    "不能再处理；如仍需转接，请转出党组织重新开具介绍信。"
                )
                % {"until": self.transfer.letter_valid_until},
            )
            return redirect(self.inspect_url_name, self.transfer.pk)
        if self.transfer.status != TransferStatus.PENDING:
            messages.error(
                request,
                _("该转接已是「%(status)s」状态，不能再处理。")
                % {"status": self.transfer.get_current_status_display()},
            )
            return redirect(self.inspect_url_name, self.transfer.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.transfer.member.name


class TransferAcceptView(TransferDecisionView):
    page_title = _("接收组织关系转接")
    submit_button_label = _("接收")

    def get_form_class(self):
        return TransferAcceptForm

    def get_initial(self):
        return {"arrived_on": timezone.localdate()}

    def run_service(self, form):
        transfer = transfer_accept(
            transfer=self.transfer,
            actor=self.request.user,
            arrived_on=form.cleaned_data["arrived_on"],
        )
        messages.success(
            self.request,
            _("已接收「%(member)s」，党员已转入「%(to)s」。")
            % {"member": transfer.member.name, "to": transfer.to_organisation.name},
        )
        return transfer


class TransferReturnView(TransferDecisionView):
    page_title = _("退回组织关系转接")
    submit_button_label = _("退回")

    def get_form_class(self):
        return TransferReturnForm

    def run_service(self, form):
        reason = form.cleaned_data["decision_reason"]
        transfer = transfer_return(transfer=self.transfer, actor=self.request.user, reason=reason)
        messages.success(self.request, _("已退回该转接。"))
        return transfer


class TransferRevokeView(TransferDecisionView):
    page_title = _("撤回组织关系转接")
    submit_button_label = _("撤回")
    side = "sending"

    def get_form_class(self):
        return TransferRevokeForm

    def run_service(self, form):
        reason = form.cleaned_data["decision_reason"]
        transfer = transfer_revoke(transfer=self.transfer, actor=self.request.user, reason=reason)
        messages.success(self.request, _("已撤回该转接。"))
        return transfer


class TransferRecordOutgoingView(TransferFormView):
    """登记转出到系统外 for one member of the user's subtree."""

    permission_required = "add"
    page_title = _("登记转出到系统外")
    submit_button_label = _("登记转出")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.member = get_object_or_404(
            member_scope_for_user(user=request.user).select_related("organisation"),
            pk=kwargs["member_pk"],
        )

    def get_page_subtitle(self):
        return self.member.name

    def get_form_class(self):
        return TransferOutgoingForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["member"] = self.member
        return context

    def run_service(self, form):
        transfer = transfer_record_outgoing(
            member=self.member, actor=self.request.user, **form.cleaned_data
        )
        messages.success(
            self.request,
            _("已登记「%(member)s」转出到系统外，档案保留，党员不再在册。")
            % {"member": self.member.name},
        )
        return transfer


class TransferRecordIncomingView(TransferFormView):
    """登记从系统外转入 into a branch of the user's subtree."""

    permission_required = "add"
    page_title = _("登记从系统外转入")
    submit_button_label = _("登记转入")
    error_field_map = {"id_number_stored": "id_number"}

    def get_form_class(self):
        return TransferIncomingForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def run_service(self, form):
        data = form.cleaned_data
        returning = form.returning_member()
        common = {
            "to_organisation": data["to_organisation"],
            "external_organisation": data["external_organisation"],
            "letter_number": data["letter_number"],
            "arrived_on": data["arrived_on"],
            "dues_paid_until": data["dues_paid_until"],
            "actor": self.request.user,
        }
        if returning is not None:
            transfer = transfer_record_incoming(member=returning, **common)
        else:
            transfer = transfer_record_incoming(member_data=form.member_data(), **common)
        messages.success(
            self.request,
            _("已登记「%(member)s」从系统外转入「%(to)s」。")
            % {"member": transfer.member.name, "to": data["to_organisation"].name},
        )
        return transfer


# --- the viewset ------------------------------------------------------------------------------

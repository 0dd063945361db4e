"""The 组织关系转接 listing, inspect and history views, scoped to transfers with an end in the
user's subtree (anything else is 404)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.widgets.button import HeaderButton

from partybuild.admin.common import BlankValuesInspectMixin
from partybuild.admin.history import HistoryButtonMixin, InspectLinkHistoryMixin
from partybuild.admin.scoping import ScopedObjectMixin
from partybuild.admin.transfers.forms import from_end, to_end, user_may_receive, user_may_send
from partybuild.admin.views import ObjectActionsHeaderMixin, ObjectActionsIndexMixin
from partybuild.models import Transfer, TransferStatus
from partybuild.selectors.transfers import (
    transfer_incoming_pending,
    transfer_is_visible,
    transfer_list,
    transfer_outgoing_expired,
    transfer_outgoing_pending,
)


class TransferScopedObjectMixin(ScopedObjectMixin):
    """404 for a transfer neither of whose ends the user administers."""

    def object_in_scope(self, obj) -> bool:
        return transfer_is_visible(user=self.request.user, transfer=obj)


class TransferActionButtonsMixin:
    """The accept/return/revoke buttons a user may use on one transfer; on a transfer whose
    letter expired unreceived, the sender's 「重新发起」 (docs/domain.md §6)."""

    accept_url_name = None
    return_url_name = None
    revoke_url_name = None
    start_member_url_name = None

    def object_actions(self, transfer: Transfer) -> list[tuple[str, str, str]]:
        user = self.request.user
        if transfer.is_expired:
            if (
                self.permission_policy.user_has_permission(user, "add")
                and user_may_send(user, transfer)
                and transfer.member.is_on_roll
            ):
                url = reverse(self.start_member_url_name, args=[transfer.member_id])
                return [(_("重新发起"), url, "resubmit")]
            return []
        if transfer.status != TransferStatus.PENDING:
            return []
        if not self.permission_policy.user_has_permission(user, "change"):
            return []
        items = []
        if user_may_receive(user, transfer):
            items.append((_("接收"), reverse(self.accept_url_name, args=[transfer.pk]), "check"))
            items.append((_("退回"), reverse(self.return_url_name, args=[transfer.pk]), "rotate"))
        if user_may_send(user, transfer):
            items.append((_("撤回"), reverse(self.revoke_url_name, args=[transfer.pk]), "bin"))
        return items


class TransferIndexView(ObjectActionsIndexMixin, TransferActionButtonsMixin, generic.IndexView):
    """Transfers of the user's subtree, incoming and outgoing, with their pending counts."""

    start_url_name = None
    record_incoming_url_name = None

    def get_base_queryset(self):
        return transfer_list(user=self.request.user)

    @cached_property
    def header_buttons(self):
        buttons = []
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.append(
                HeaderButton(_("发起转接"), url=reverse(self.start_url_name), icon_name="plus")
            )
            buttons.append(
                HeaderButton(
                    _("登记从系统外转入"),
                    url=reverse(self.record_incoming_url_name),
                    icon_name="download",
                )
            )
        return buttons

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        user = self.request.user
        context["incoming_pending_count"] = transfer_incoming_pending(user=user).count()
        context["outgoing_pending_count"] = transfer_outgoing_pending(user=user).count()
        context["outgoing_expired_count"] = transfer_outgoing_expired(user=user).count()
        index_url = reverse(self.index_url_name)
        context["incoming_pending_url"] = f"{index_url}?status=pending&direction=incoming"
        context["outgoing_pending_url"] = f"{index_url}?status=pending&direction=outgoing"
        context["outgoing_expired_url"] = f"{index_url}?status=expired&direction=outgoing"
        return context


class TransferInspectView(
    BlankValuesInspectMixin,
    HistoryButtonMixin,
    ObjectActionsHeaderMixin,
    TransferActionButtonsMixin,
    generic.InspectView,
):
    """One transfer with both ends, and the buttons the user may use on it."""

    def get_object(self, queryset=None):
        transfer = get_object_or_404(
            Transfer.objects.select_related(
                "member", "from_organisation", "to_organisation", "started_by", "decided_by"
            ),
            pk=self.pk,
        )
        if not transfer_is_visible(user=self.request.user, transfer=transfer):
            raise Http404
        return transfer

    def get_from_organisation_display_value(self):
        return from_end(self.object)

    def get_to_organisation_display_value(self):
        return to_end(self.object)

    def get_status_display_value(self):
        return self.object.get_current_status_display()

    def get_dues_paid_until_display_value(self):
        paid_until = self.object.dues_paid_until
        return f"{paid_until:%Y-%m}" if paid_until else ""


class TransferHistoryView(TransferScopedObjectMixin, InspectLinkHistoryMixin, HistoryView):
    """Audit history of one transfer the user may see."""


# --- start, decide, record --------------------------------------------------------------------

"""The 组织关系转接 ModelViewSet: its URLs, menu entry and listing columns."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn

from partybuild.admin.transfers.actions import (
    TransferAcceptView,
    TransferRecordIncomingView,
    TransferRecordOutgoingView,
    TransferReturnView,
    TransferRevokeView,
    TransferStartView,
)
from partybuild.admin.transfers.filters import TransferFilterSet
from partybuild.admin.transfers.forms import from_end, to_end
from partybuild.admin.transfers.listing import (
    TransferHistoryView,
    TransferIndexView,
    TransferInspectView,
)
from partybuild.admin.viewsets import RegisterViewSet
from partybuild.models import Transfer


def letter_valid_until(transfer: Transfer) -> str:
    """The last day the letter may be received (docs/domain.md §6), while it is on its way."""
    if transfer.status != "pending" or transfer.letter_valid_until is None:
        return "—"
    return f"{transfer.letter_valid_until:%Y-%m-%d}"


def dues_paid_until(transfer: Transfer) -> str:
    """党费交至 as the letter states it: a month."""
    return f"{transfer.dues_paid_until:%Y-%m}" if transfer.dues_paid_until else "—"


class TransferViewSet(RegisterViewSet):
    """组织关系转接 in the Wagtail admin. Transfers are made only through the services, so the
    generic add/edit/delete views are not routed; each row opens the transfer's inspect view."""

    empty_message = _(
        "还没有组织关系转接。党员调动时，在「党员管理」中打开该党员，选择「发起组织关系转接」。"
    )

    model = Transfer
    icon = "resubmit"
    menu_label = _("组织关系转接")
    menu_order = 210
    list_display = [
        "member",
        Column("kind", label=_("转接类型"), accessor="get_kind_display"),
        Column("from_end", label=_("转出党组织"), accessor=from_end),
        Column("to_end", label=_("转入党组织"), accessor=to_end),
        Column("status", label=_("状态"), accessor="get_current_status_display"),
        DateColumn("started_at", label=_("发起时间"), sort_key="started_at"),
        Column("letter_valid_until", label=_("介绍信有效期至"), accessor=letter_valid_until),
        Column("dues_paid_until", label=_("党费交至"), accessor=dues_paid_until),
    ]
    filterset_class = TransferFilterSet
    search_fields = ["member__name", "external_organisation", "letter_number"]
    ordering = ["-started_at", "-pk"]
    inspect_view_enabled = True
    object_page_name = "inspect"
    index_template_name = "partybuild/transfers/index.html"
    inspect_view_fields = [
        "member",
        "kind",
        "status",
        "from_organisation",
        "to_organisation",
        "external_organisation",
        "letter_number",
        "reason",
        "left_on",
        "arrived_on",
        "letter_valid_until",
        "dues_paid_until",
        "started_by",
        "started_at",
        "decided_by",
        "decided_at",
        "decision_reason",
    ]

    index_view_class = TransferIndexView
    inspect_view_class = TransferInspectView
    history_view_class = TransferHistoryView

    def _action_url_names(self) -> dict:
        return {
            "accept_url_name": self.get_url_name("accept"),
            "return_url_name": self.get_url_name("return"),
            "revoke_url_name": self.get_url_name("revoke"),
            "start_member_url_name": self.get_url_name("start_member"),
        }

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            start_url_name=self.get_url_name("start"),
            record_incoming_url_name=self.get_url_name("record_incoming"),
            **self._action_url_names(),
            **kwargs,
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(**self._action_url_names(), **kwargs)

    def _form_view(self, view_class):
        return self.page_view(view_class, inspect_url_name=self.get_url_name("inspect"))

    def get_urlpatterns(self):
        return [
            *self.listing_urlpatterns(),
            *self.inspect_urlpatterns(),
            path("start/", self._form_view(TransferStartView), name="start"),
            path("start/<int:member_pk>/", self._form_view(TransferStartView), name="start_member"),
            path("accept/<int:pk>/", self._form_view(TransferAcceptView), name="accept"),
            path("return/<int:pk>/", self._form_view(TransferReturnView), name="return"),
            path("revoke/<int:pk>/", self._form_view(TransferRevokeView), name="revoke"),
            path(
                "record-outgoing/<int:member_pk>/",
                self._form_view(TransferRecordOutgoingView),
                name="record_outgoing",
            ),
            path(
                "record-incoming/",
                self._form_view(TransferRecordIncomingView),
                name="record_incoming",
            ),
        ]


transfer_viewset = TransferViewSet("transfers")

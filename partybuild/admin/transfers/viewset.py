"""The 组织关系转接 ModelViewSet: its URLs, menu entry and listing columns."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

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
from partybuild.models import Transfer


class TransferViewSet(ModelViewSet):
    """组织关系转接 in the Wagtail admin. Transfers are made only through the services, so the
    generic add/edit/delete views are not routed."""

    model = Transfer
    icon = "resubmit"
    menu_label = _("组织关系转接")
    menu_order = 210
    list_display = [
        "member",
        Column("kind", label=_("转接类型"), accessor="get_kind_display"),
        Column("from_end", label=_("转出党组织"), accessor=from_end),
        Column("to_end", label=_("转入党组织"), accessor=to_end),
        Column("status", label=_("状态"), accessor="get_status_display"),
        DateColumn("started_at", label=_("发起时间")),
    ]
    filterset_class = TransferFilterSet
    search_fields = ["member__name", "external_organisation", "letter_number"]
    search_backend_name = None  # modelsearch's SQLite backend mishandles ModelViewSet searches
    ordering = ["-started_at", "-pk"]
    sort_order_field = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_reference_index = False
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
        "started_by",
        "started_at",
        "decided_by",
        "decided_at",
        "decision_reason",
    ]

    index_view_class = TransferIndexView
    inspect_view_class = TransferInspectView
    history_view_class = TransferHistoryView

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add_url_name", "edit_url_name", "delete_url_name", "usage_url_name"):
            view_kwargs[name] = None
        return view_kwargs

    def _action_url_names(self) -> dict:
        return {
            "accept_url_name": self.get_url_name("accept"),
            "return_url_name": self.get_url_name("return"),
            "revoke_url_name": self.get_url_name("revoke"),
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

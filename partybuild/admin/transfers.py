"""Wagtail admin for 组织关系转接: the listing, inspect, start, accept, return and revoke, and
recording transfers to and from outside the system.

Reads go through partybuild.selectors.transfers (a transfer is visible when either end is in the
user's subtree; anything else is 404), writes through partybuild.services.transfers, which
refuses the wrong side of a transfer with PermissionDenied (403 here).
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton, MenuItem
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_action_registry

from partybuild.models import (
    Gender,
    Member,
    MemberCategory,
    Organisation,
    Transfer,
    TransferStatus,
)
from partybuild.models.members import MEMBER_ORGANISATION_TYPES
from partybuild.selectors.members import member_scope_for_user
from partybuild.selectors.organisations import (
    organisation_is_in_scope,
    organisation_scope_for_user,
)
from partybuild.selectors.transfers import (
    transfer_incoming_pending,
    transfer_is_visible,
    transfer_list,
    transfer_outgoing_pending,
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
from partybuild.validators import parse_id_number

#: Audit-log actions written by these views (action, label, past-tense message).
TRANSFER_LOG_ACTIONS = (
    ("partybuild.transfer.start", _("发起组织关系转接"), _("发起了组织关系转接")),
    ("partybuild.transfer.accept", _("接收组织关系转接"), _("接收了组织关系转接")),
    ("partybuild.transfer.return", _("退回组织关系转接"), _("退回了组织关系转接")),
    ("partybuild.transfer.revoke", _("撤回组织关系转接"), _("撤回了组织关系转接")),
    ("partybuild.transfer.record_outgoing", _("登记转出到系统外"), _("登记了转出到系统外")),
    ("partybuild.transfer.record_incoming", _("登记从系统外转入"), _("登记了从系统外转入")),
)


@hooks.register("register_log_actions")
def register_transfer_log_actions(actions):
    for action, label, message in TRANSFER_LOG_ACTIONS:
        actions.register_action(action, label, message)


def audit_log(instance, action: str, *, user, data: dict | None = None) -> None:
    """Write an audit-log entry, registering our actions if the registry was scanned early."""
    if not log_action_registry.action_exists(action):
        for name, label, message in TRANSFER_LOG_ACTIONS:
            if not log_action_registry.action_exists(name):
                log_action_registry.register_action(name, label, message)
    log(instance, action, user=user, data=data or {})


def add_service_errors(
    form: forms.Form, error: ValidationError, field_map: dict[str, str] | None = None
) -> None:
    """Attach a service's ValidationError to the form, on the named fields where it has them."""
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            field = field_map.get(field, field)
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


class OrganisationPathChoiceField(forms.ModelChoiceField):
    """Organisations shown with their ancestors (县委 › 机关党委 › 一支部), which tell apart
    branches of the same name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._names: dict[str, str] | None = None

    def label_from_instance(self, obj: Organisation) -> str:
        if self._names is None:
            self._names = dict(Organisation.objects.values_list("path", "name"))
        steplen = Organisation.steplen
        chain = [
            self._names.get(obj.path[: steplen * depth], "") for depth in range(1, obj.depth + 1)
        ]
        return f"{' › '.join(name for name in chain if name)}（{obj.get_org_type_display()}）"


def _end_label(organisation: Organisation | None, external: str) -> str:
    if organisation is not None:
        return organisation.name
    return f"{external}（系统外）" if external else "—"


def from_end(transfer: Transfer) -> str:
    return _end_label(transfer.from_organisation, transfer.external_organisation)


def to_end(transfer: Transfer) -> str:
    return _end_label(transfer.to_organisation, transfer.external_organisation)


def user_may_receive(user, transfer: Transfer) -> bool:
    return transfer.to_organisation is not None and organisation_is_in_scope(
        user=user, organisation=transfer.to_organisation
    )


def user_may_send(user, transfer: Transfer) -> bool:
    return transfer.from_organisation is not None and organisation_is_in_scope(
        user=user, organisation=transfer.from_organisation
    )


# --- forms -----------------------------------------------------------------------------------


def _target_queryset(*, exclude: Organisation | None = None):
    queryset = Organisation.objects.filter(org_type__in=MEMBER_ORGANISATION_TYPES).order_by("path")
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return f"{obj.name}（{obj.organisation.name}）"


class TransferStartForm(forms.Form):
    """发起转接: the member (unless given by the URL), the receiving branch and the letter."""

    member = MemberChoiceField(label=_("党员"), queryset=Member.objects.none())
    to_organisation = OrganisationPathChoiceField(
        label=_("转入党组织"),
        queryset=Organisation.objects.none(),
        help_text=_("系统内的党支部或党小组。转往系统外请使用「登记转出到系统外」。"),
    )
    reason = forms.CharField(label=_("转接原因"), max_length=200, required=False)
    letter_number = forms.CharField(label=_("介绍信编号"), max_length=100, required=False)
    left_on = forms.DateField(
        label=_("转出日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, member: Member | None, **kwargs):
        super().__init__(*args, **kwargs)
        if member is None:
            self.fields["member"].queryset = (
                member_scope_for_user(user=user)
                .filter(is_on_roll=True)
                .exclude(transfers__status=TransferStatus.PENDING)
                .select_related("organisation")
                .order_by("organisation__path", "name_sort_key", "pk")
            )
            self.fields["to_organisation"].queryset = _target_queryset()
        else:
            del self.fields["member"]
            self.fields["to_organisation"].queryset = _target_queryset(exclude=member.organisation)


class TransferAcceptForm(forms.Form):
    arrived_on = forms.DateField(
        label=_("转入日期"),
        required=False,
        help_text=_("留空表示今天。"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class TransferReturnForm(forms.Form):
    decision_reason = forms.CharField(
        label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 4}), required=True
    )


class TransferRevokeForm(forms.Form):
    decision_reason = forms.CharField(
        label=_("撤回理由"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class TransferOutgoingForm(forms.Form):
    external_organisation = forms.CharField(label=_("转入的系统外党组织"), max_length=200)
    letter_number = forms.CharField(label=_("介绍信编号"), max_length=100)
    left_on = forms.DateField(label=_("转出日期"), widget=forms.DateInput(attrs={"type": "date"}))


class TransferIncomingForm(forms.Form):
    """从系统外转入: the letter, the receiving branch and the arriving member's basic dossier.

    A member who left the system earlier (same ID number, 不在册) is put back on roll rather than
    entered twice.
    """

    to_organisation = OrganisationPathChoiceField(
        label=_("转入党组织"), queryset=Organisation.objects.none()
    )
    external_organisation = forms.CharField(label=_("转出的系统外党组织"), max_length=200)
    letter_number = forms.CharField(label=_("介绍信编号"), max_length=100)
    arrived_on = forms.DateField(
        label=_("转入日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    name = forms.CharField(label=_("姓名"), max_length=50)
    gender = forms.ChoiceField(label=_("性别"), choices=Gender.choices)
    id_number = forms.CharField(label=_("公民身份号码"), max_length=18)
    phone = forms.CharField(label=_("手机号码"), max_length=11, required=False)
    category = forms.ChoiceField(label=_("人员类别"), choices=MemberCategory.choices)
    joined_on = forms.DateField(label=_("入党日期"), widget=forms.DateInput(attrs={"type": "date"}))
    confirmed_on = forms.DateField(
        label=_("转正日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = (
            organisation_scope_for_user(user=user)
            .filter(org_type__in=MEMBER_ORGANISATION_TYPES)
            .order_by("path")
        )

    def clean_id_number(self) -> str:
        return parse_id_number(self.cleaned_data["id_number"]).number

    def returning_member(self) -> Member | None:
        """The dossier of someone who left the system earlier with this ID number."""
        id_number = self.cleaned_data.get("id_number")
        if not id_number:
            return None
        return (
            Member.objects.filter(Member.id_number_lookup(id_number), is_on_roll=False)
            .select_related("organisation")
            .first()
        )

    def member_data(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "gender": data["gender"],
            "id_number": data["id_number"],
            "birth_date": parse_id_number(data["id_number"]).birth_date,
            "phone": data.get("phone") or "",
            "category": data["category"],
            "joined_on": data["joined_on"],
            "confirmed_on": data.get("confirmed_on"),
        }


# --- listing, inspect, history ----------------------------------------------------------------


class TransferFilterSet(WagtailFilterSet):
    direction = django_filters.ChoiceFilter(
        label=_("方向"),
        choices=[("incoming", _("转入本组织")), ("outgoing", _("从本组织转出"))],
        method="filter_direction",
        empty_label=_("全部"),
    )

    class Meta:
        model = Transfer
        fields = ["status", "kind"]

    def filter_direction(self, queryset, name, value):
        user = self.request.user
        if user.is_superuser:
            if value == "incoming":
                return queryset.filter(to_organisation__isnull=False)
            return queryset.filter(from_organisation__isnull=False)
        root = user.administered_organisation
        if root is None:
            return queryset.none()
        if value == "incoming":
            return queryset.filter(to_organisation__path__startswith=root.path)
        return queryset.filter(from_organisation__path__startswith=root.path)


class TransferScopedObjectMixin:
    """404 for a transfer neither of whose ends the user administers."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not transfer_is_visible(user=self.request.user, transfer=obj):
            raise Http404
        return obj


class TransferActionButtonsMixin:
    """The accept/return/revoke buttons a user may use on one transfer."""

    accept_url_name = None
    return_url_name = None
    revoke_url_name = None

    def transfer_action_items(self, transfer: Transfer) -> list[tuple[str, str, str]]:
        if transfer.status != TransferStatus.PENDING:
            return []
        user = self.request.user
        if not self.permission_policy.user_has_permission(user, "change"):
            return []
        items = []
        if user_may_receive(user, transfer):
            items.append((_("接收"), reverse(self.accept_url_name, args=[transfer.pk]), "check"))
            items.append((_("退回"), reverse(self.return_url_name, args=[transfer.pk]), "undo"))
        if user_may_send(user, transfer):
            items.append((_("撤回"), reverse(self.revoke_url_name, args=[transfer.pk]), "bin"))
        return items


class TransferIndexView(TransferActionButtonsMixin, generic.IndexView):
    """Transfers of the user's subtree, incoming and outgoing, with their pending counts."""

    start_url_name = None
    record_incoming_url_name = None

    def get_base_queryset(self):
        return transfer_list(user=self.request.user)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for priority, (label, url, icon) in enumerate(self.transfer_action_items(instance), 11):
            buttons.append(MenuItem(label, url=url, icon_name=icon, priority=priority))
        return buttons

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
        index_url = reverse(self.index_url_name)
        context["incoming_pending_url"] = f"{index_url}?status=pending&direction=incoming"
        context["outgoing_pending_url"] = f"{index_url}?status=pending&direction=outgoing"
        return context


class InspectLinkHistoryMixin:
    """History views of objects that are inspected, not edited: link back to the inspect view."""

    inspect_url_name = None

    def get_edit_url(self, instance):
        if self.inspect_url_name:
            return reverse(self.inspect_url_name, args=[instance.pk])
        return None

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(_("查看详情"), url=self.get_edit_url(self.object), icon_name="info-circle")
        ]


class HistoryButtonMixin:
    """A 「历史」 entry in an inspect view's header menu."""

    history_url_name = None

    @cached_property
    def header_more_buttons(self):
        if not self.history_url_name:
            return []
        return [
            Button(
                _("历史"),
                url=reverse(self.history_url_name, args=[self.object.pk]),
                icon_name="history",
            )
        ]


class TransferInspectView(HistoryButtonMixin, TransferActionButtonsMixin, generic.InspectView):
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

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value in (None, "") else value

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(label, url=url, icon_name=icon)
            for label, url, icon in self.transfer_action_items(self.object)
        ]


class TransferHistoryView(TransferScopedObjectMixin, InspectLinkHistoryMixin, HistoryView):
    """Audit history of one transfer the user may see."""


# --- start, decide, record --------------------------------------------------------------------


class TransferFormView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Base of the transfer forms: the admin frame, the service's errors shown on the form."""

    model = Transfer
    template_name = "partybuild/transfers/action.html"
    header_icon = "resubmit"
    submit_button_label = _("提交")
    index_url_name = None
    inspect_url_name = None
    transfer = None

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": Transfer._meta.verbose_name_plural},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = self.request.get_full_path()
        context["submit_button_label"] = self.submit_button_label
        context["submit_button_active_label"] = _("正在提交…")
        context["transfer"] = self.transfer
        return context

    def run_service(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            result = self.run_service(form)
        except ValidationError as error:
            add_service_errors(form, error, field_map=getattr(self, "error_field_map", None))
            return self.form_invalid(form)
        return self.success(result)

    def success(self, transfer: Transfer):
        return redirect(self.inspect_url_name, transfer.pk)


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
        )
        audit_log(transfer, "partybuild.transfer.start", user=self.request.user)
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
        if self.transfer.status != TransferStatus.PENDING:
            messages.error(
                request,
                _("该转接已是「%(status)s」状态，不能再处理。")
                % {"status": self.transfer.get_status_display()},
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
        audit_log(transfer, "partybuild.transfer.accept", user=self.request.user)
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
        audit_log(
            transfer, "partybuild.transfer.return", user=self.request.user, data={"reason": reason}
        )
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
        audit_log(
            transfer, "partybuild.transfer.revoke", user=self.request.user, data={"reason": reason}
        )
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
        audit_log(transfer, "partybuild.transfer.record_outgoing", user=self.request.user)
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
            "actor": self.request.user,
        }
        if returning is not None:
            transfer = transfer_record_incoming(member=returning, **common)
        else:
            transfer = transfer_record_incoming(member_data=form.member_data(), **common)
        audit_log(transfer, "partybuild.transfer.record_incoming", user=self.request.user)
        messages.success(
            self.request,
            _("已登记「%(member)s」从系统外转入「%(to)s」。")
            % {"member": transfer.member.name, "to": data["to_organisation"].name},
        )
        return transfer


# --- the viewset ------------------------------------------------------------------------------


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

"""流动党员 in the admin: 流出党员 (listing with the quarter's contact flag, registering, a
record's page with its contact log, recording a contact and the return) and 流入党员 (listing,
registering, departure), each listing exportable as xlsx. Records outside the user's subtree
are 404; the services refuse the rest."""

from django import forms
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem

from partybuild.admin.choosers import MemberChooserField
from partybuild.admin.common import PermissionMenuItem, ScopedOrganisationFieldMixin
from partybuild.admin.permissions import require_administrator
from partybuild.admin.register_pages import register_list_response, register_service_form_response
from partybuild.core.privacy import mask_identifier
from partybuild.mobility import services
from partybuild.mobility.excel import mobile_inflow_xlsx, mobile_outflow_xlsx
from partybuild.mobility.models import ContactWay, MobileInflow, MobileOutflow, OutflowReason
from partybuild.mobility.selectors import (
    mobile_inflow_list,
    mobile_outflow_is_contact_due,
    mobile_outflow_list,
)
from partybuild.models import Member
from partybuild.selectors.members import member_scope_for_user
from partybuild.selectors.roles import user_administers

VIEW = "mobility.view_mobileoutflow"
CHANGE = "mobility.change_mobileoutflow"
ADD = "mobility.add_mobileoutflow"
INFLOW_VIEW = "mobility.view_mobileinflow"
INFLOW_CHANGE = "mobility.change_mobileinflow"

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def _tabs(current: str) -> list[tuple[str, str, bool]]:
    return [
        (_("流出党员"), reverse("mobility_outflows"), current == "outflows"),
        (_("流入党员"), reverse("mobility_inflows"), current == "inflows"),
    ]


class OutflowFilterForm(ScopedOrganisationFieldMixin, forms.Form):
    """流出党员 list filters: organisation (a scoped chooser), state and this quarter's contact."""

    organisation = forms.ModelChoiceField(
        queryset=None, label=gettext_lazy("党组织"), required=False
    )
    status = forms.ChoiceField(
        label=gettext_lazy("状态"),
        required=False,
        choices=[("", "全部"), ("open", "外出中"), ("returned", "已返回")],
    )
    contact_due = forms.ChoiceField(
        label=gettext_lazy("本季度联系"),
        required=False,
        choices=[("", "全部"), ("yes", "本季度未联系"), ("no", "本季度已联系")],
    )


class OutflowForm(forms.Form):
    """登记流出党员."""

    member = MemberChooserField(
        label=gettext_lazy("党员"), queryset=Member.objects.none(), url_params={"on_roll": "1"}
    )
    destination = forms.CharField(label=gettext_lazy("流入地"), max_length=200)
    destination_organisation = forms.CharField(
        label=gettext_lazy("流入地党组织"), max_length=200, required=False
    )
    destination_contact = forms.CharField(
        label=gettext_lazy("流入地党组织联系人及电话"), max_length=200, required=False
    )
    left_on = forms.DateField(label=gettext_lazy("外出日期"), widget=DATE_INPUT)
    reason = forms.ChoiceField(label=gettext_lazy("外出原因"), choices=OutflowReason.choices)
    reason_detail = forms.CharField(label=gettext_lazy("原因说明"), max_length=200, required=False)
    contact_phone = forms.CharField(
        label=gettext_lazy("外出期间联系电话"), max_length=20, required=False
    )
    certificate_number = forms.CharField(
        label=gettext_lazy("流动党员活动证号"), max_length=50, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (
            member_scope_for_user(user=user)
            .filter(is_on_roll=True)
            .exclude(
                Exists(
                    MobileOutflow.objects.filter(member=OuterRef("pk"), returned_on__isnull=True)
                )
            )
            .select_related("organisation")
            .order_by("organisation__path", "name_sort_key", "pk")
        )
        self.fields["member"].label_from_instance = lambda m: f"{m.name}（{m.organisation.name}）"


class ContactForm(forms.Form):
    """登记联系."""

    contacted_on = forms.DateField(label=gettext_lazy("联系日期"), widget=DATE_INPUT)
    way = forms.ChoiceField(label=gettext_lazy("联系方式"), choices=ContactWay.choices)
    content = forms.CharField(
        label=gettext_lazy("联系内容"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReturnForm(forms.Form):
    """登记返回."""

    returned_on = forms.DateField(label=gettext_lazy("返回日期"), widget=DATE_INPUT)
    note = forms.CharField(label=gettext_lazy("返回说明"), max_length=200, required=False)


class InflowFilterForm(ScopedOrganisationFieldMixin, forms.Form):
    """流入党员 list filters: organisation (a scoped chooser) and state."""

    organisation = forms.ModelChoiceField(
        queryset=None, label=gettext_lazy("党组织"), required=False
    )
    status = forms.ChoiceField(
        label=gettext_lazy("状态"),
        required=False,
        choices=[("", "全部"), ("present", "在本地"), ("left", "已离开")],
    )


class InflowForm(ScopedOrganisationFieldMixin, forms.ModelForm):
    """登记流入党员."""

    class Meta:
        model = MobileInflow
        fields = [
            "organisation",
            "name",
            "home_organisation",
            "certificate_number",
            "arrived_on",
            "phone",
            "note",
        ]
        widgets = {"arrived_on": DATE_INPUT}

    def _post_clean(self):
        """The service validates and saves; the form only parses."""


class LeaveForm(forms.Form):
    """登记离开 of an inflowing member: the day they left."""

    left_on = forms.DateField(label=gettext_lazy("离开日期"), widget=DATE_INPUT)


def _outflow_filters(form) -> dict:
    """``mobile_outflow_list``'s filters from the listing's form."""
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters["organisation_id"] = data["organisation"].pk if data["organisation"] else None
        filters["status"] = data["status"] or None
        filters["contact_due"] = {"yes": True, "no": False}.get(data["contact_due"])
    return filters


def _outflow_state(outflow) -> str:
    """An outflow's 状态 column: 已返回 with its date, or 外出中 with this quarter's contact."""
    if outflow.returned_on:
        return _("%(date)s 已返回") % {"date": f"{outflow.returned_on:%Y-%m-%d}"}
    if outflow.contacted_this_quarter:
        return _("外出中，本季度已联系")
    return _("外出中，本季度未联系")


def outflow_list_view(request):
    """流出党员 of the user's subtree; ``?format=xlsx`` downloads the selection."""
    require_administrator(request.user, VIEW)
    form = OutflowFilterForm(request.GET or None, user=request.user)
    outflows = mobile_outflow_list(user=request.user, **_outflow_filters(form))
    actions = []
    if user_administers(request.user, ADD):
        actions.append((_("登记流出党员"), reverse("mobility_outflow_add")))

    def row(outflow):
        return [
            (outflow.member.name, reverse("mobility_outflow", args=[outflow.pk])),
            outflow.member.organisation.name,
            outflow.destination,
            outflow.destination_organisation or "—",
            f"{outflow.left_on:%Y-%m-%d}",
            outflow.get_reason_display(),
            _outflow_state(outflow),
        ]

    return register_list_response(
        request,
        items=outflows,
        headings=[
            _("姓名"),
            _("所在党组织"),
            _("流入地"),
            _("流入地党组织"),
            _("外出日期"),
            _("外出原因"),
            _("状态"),
        ],
        row=row,
        export=lambda items: mobile_outflow_xlsx(outflows=items.iterator()),
        filename=f"流出党员-{timezone.localdate():%Y%m%d}.xlsx",
        header_title=_("流动党员"),
        tabs=_tabs("outflows"),
        filter_fields=[form["organisation"], form["status"], form["contact_due"]],
        actions=actions,
        intro=_(
            "流动党员的组织关系仍在原党支部，照常交纳党费、参加组织生活；"
            "党支部每季度至少与其联系一次。"
        ),
        empty_message=_("没有流出党员记录。"),
    )


def outflow_add_view(request):
    """登记流出党员."""
    require_administrator(request.user, ADD)
    form = OutflowForm(request.POST or None, user=request.user)

    return register_service_form_response(
        request,
        form=form,
        service=lambda data: services.mobile_outflow_register(actor=request.user, **data),
        done_message=lambda outflow: _("已登记「%(name)s」外出。") % {"name": outflow.member.name},
        done_url=lambda outflow: reverse("mobility_outflow", args=[outflow.pk]),
        header_title=_("登记流出党员"),
        submit_label=_("登记"),
        tabs=_tabs("outflows"),
        intro=_("外出日期起，党员标记为流动党员；返回后登记返回日期。"),
    )


def _outflow(request, outflow_id: int):
    return get_object_or_404(
        mobile_outflow_list(user=request.user).prefetch_related("contacts__recorded_by"),
        pk=outflow_id,
    )


def outflow_detail_view(request, outflow_id: int):
    """One outflow: the record (phone masked), its contact log, and the contact and return
    forms while it is open."""
    require_administrator(request.user, VIEW)
    outflow = _outflow(request, outflow_id)
    may_change = user_administers(request.user, CHANGE)
    today = timezone.localdate()
    return TemplateResponse(
        request,
        "partybuild/mobility/outflow_detail.html",
        {
            "header_title": outflow.member.name,
            "header_icon": "group",
            "tabs": _tabs("outflows"),
            "outflow": outflow,
            "contact_phone": mask_identifier(outflow.contact_phone, kind="mobile"),
            "contact_due": mobile_outflow_is_contact_due(outflow=outflow, today=today),
            "contact_form": ContactForm(initial={"contacted_on": today}) if may_change else None,
            "return_form": ReturnForm(initial={"returned_on": today})
            if may_change and outflow.is_open
            else None,
        },
    )


def _outflow_change_response(
    request, outflow_id: int, *, form_class, service, done_message: str, title: str
):
    """A form page that runs ``service`` on the outflow (404 outside the subtree), then goes
    back to the outflow's page; ``title`` names the member with ``%(name)s``."""
    require_administrator(request.user, CHANGE)
    outflow = _outflow(request, outflow_id)
    return register_service_form_response(
        request,
        form=form_class(request.POST or None),
        service=lambda data: service(outflow=outflow, actor=request.user, **data),
        done_message=done_message,
        done_url=reverse("mobility_outflow", args=[outflow.pk]),
        header_title=title % {"name": outflow.member.name},
        submit_label=_("登记"),
        tabs=_tabs("outflows"),
    )


def outflow_contact_view(request, outflow_id: int):
    """登记联系 of an outflow."""
    return _outflow_change_response(
        request,
        outflow_id,
        form_class=ContactForm,
        service=services.mobile_contact_record,
        done_message=_("已登记联系。"),
        title=_("登记联系：%(name)s"),
    )


def outflow_return_view(request, outflow_id: int):
    """登记返回 of an outflow (the form's 返回日期 and 返回说明)."""
    return _outflow_change_response(
        request,
        outflow_id,
        form_class=ReturnForm,
        service=services.mobile_outflow_close,
        done_message=_("已登记返回。"),
        title=_("登记返回：%(name)s"),
    )


def inflow_list_view(request):
    """流入党员 of the user's subtree; ``?format=xlsx`` downloads the selection."""
    require_administrator(request.user, INFLOW_VIEW)
    form = InflowFilterForm(request.GET or None, user=request.user)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters["organisation_id"] = data["organisation"].pk if data["organisation"] else None
        filters["status"] = data["status"] or None
    inflows = mobile_inflow_list(user=request.user, **filters)
    may_change = user_administers(request.user, INFLOW_CHANGE)
    actions = [(_("登记流入党员"), reverse("mobility_inflow_add"))] if may_change else []

    def row(inflow):
        leave = (
            (_("登记离开"), reverse("mobility_inflow_leave", args=[inflow.pk]))
            if may_change and inflow.left_on is None
            else (f"{inflow.left_on:%Y-%m-%d} 已离开" if inflow.left_on else "", None)
        )
        return [
            inflow.name,
            inflow.organisation.name,
            inflow.home_organisation,
            inflow.certificate_number,
            f"{inflow.arrived_on:%Y-%m-%d}",
            mask_identifier(inflow.phone, kind="mobile") or "—",
            leave,
        ]

    return register_list_response(
        request,
        items=inflows,
        headings=[
            _("姓名"),
            _("流入党组织"),
            _("原所在党组织"),
            _("流动党员活动证号"),
            _("流入日期"),
            _("联系电话"),
            _("状态"),
        ],
        row=row,
        export=lambda items: mobile_inflow_xlsx(inflows=items.iterator()),
        filename=f"流入党员-{timezone.localdate():%Y%m%d}.xlsx",
        header_title=_("流动党员"),
        tabs=_tabs("inflows"),
        filter_fields=[form["organisation"], form["status"]],
        actions=actions,
        intro=_("外地党组织的党员持《流动党员活动证》在本支部参加组织生活，组织关系不转入。"),
        empty_message=_("没有流入党员记录。"),
    )


def inflow_add_view(request):
    """登记流入党员."""
    require_administrator(request.user, "mobility.add_mobileinflow")
    form = InflowForm(request.POST or None, user=request.user)

    return register_service_form_response(
        request,
        form=form,
        service=lambda data: services.mobile_inflow_register(actor=request.user, **data),
        done_message=lambda inflow: _("已登记流入党员「%(name)s」。") % {"name": inflow.name},
        done_url=reverse("mobility_inflows"),
        header_title=_("登记流入党员"),
        submit_label=_("登记"),
        tabs=_tabs("inflows"),
    )


def inflow_leave_view(request, inflow_id: int):
    """登记 an inflowing member's departure."""
    require_administrator(request.user, INFLOW_CHANGE)
    inflow = get_object_or_404(mobile_inflow_list(user=request.user), pk=inflow_id)
    form = LeaveForm(request.POST or None, initial={"left_on": timezone.localdate()})

    return register_service_form_response(
        request,
        form=form,
        service=lambda data: services.mobile_inflow_close(
            inflow=inflow, left_on=data["left_on"], actor=request.user
        ),
        done_message=_("已登记离开。"),
        done_url=reverse("mobility_inflows"),
        header_title=_("登记离开：%(name)s") % {"name": inflow.name},
        submit_label=_("登记"),
        tabs=_tabs("inflows"),
    )


def mobility_urlpatterns() -> list:
    return [
        path("mobility/outflows/", outflow_list_view, name="mobility_outflows"),
        path("mobility/outflows/add/", outflow_add_view, name="mobility_outflow_add"),
        path("mobility/outflows/<int:outflow_id>/", outflow_detail_view, name="mobility_outflow"),
        path(
            "mobility/outflows/<int:outflow_id>/contact/",
            outflow_contact_view,
            name="mobility_outflow_contact",
        ),
        path(
            "mobility/outflows/<int:outflow_id>/return/",
            outflow_return_view,
            name="mobility_outflow_return",
        ),
        path("mobility/inflows/", inflow_list_view, name="mobility_inflows"),
        path("mobility/inflows/add/", inflow_add_view, name="mobility_inflow_add"),
        path(
            "mobility/inflows/<int:inflow_id>/leave/",
            inflow_leave_view,
            name="mobility_inflow_leave",
        ),
    ]


def mobility_menu_item() -> MenuItem:
    """流动党员 in the menu of administrators holding its permission."""
    return PermissionMenuItem(
        _("流动党员"), reverse("mobility_outflows"), permission=VIEW, icon_name="group", order=262
    )

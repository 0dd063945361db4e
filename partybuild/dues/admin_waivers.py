"""党费减免 (docs/domain.md §4) in the admin: the register of reductions and waivers of the
user's subtree (a page of 50, filtered by organisation and state, and an xlsx download of the
whole selection), recording one with its reason and the 上级党委's approval, and revoking one.
Writes go through partybuild.dues.services; a waiver outside the user's subtree is 404."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_POST

from partybuild.admin.choosers import MemberChooserField
from partybuild.admin.common import ScopedOrganisationFieldMixin, xlsx_export_response
from partybuild.admin.permissions import require_administrator
from partybuild.core.errors import add_service_errors
from partybuild.dues.excel import dues_waivers_xlsx
from partybuild.dues.models import WaiverKind
from partybuild.dues.selectors import dues_waiver_list
from partybuild.dues.services import dues_waiver_record, dues_waiver_revoke
from partybuild.models import Member, Organisation, OrganisationType
from partybuild.selectors.members import member_scope_for_user
from partybuild.selectors.roles import paths_q, user_scope_paths

#: Waivers on one page of the register.
PER_PAGE = 50


def _month_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": "月份格式应为 2026-03。"},
    )


def _committees_for(user) -> QuerySet[Organisation]:
    """The 党委 a user may name as the approving 上级党委: those above or inside their subtree
    (every one for a superuser). The service checks it is above the member's branch."""
    committees = Organisation.objects.filter(org_type=OrganisationType.COMMITTEE)
    if user.is_superuser:
        return committees.order_by("path")
    paths = user_scope_paths(user=user) or []
    steplen = Organisation.steplen
    above = [path[:end] for path in paths for end in range(steplen, len(path) + 1, steplen)]
    return committees.filter(Q(path__in=above) | paths_q(paths))


class WaiverForm(forms.Form):
    """登记党费减免: the member, how much and for which months, why, and who approved it."""

    member = MemberChooserField(
        label="党员", queryset=Member.objects.none(), url_params={"on_roll": "1"}
    )
    kind = forms.ChoiceField(label="减免方式", choices=WaiverKind.choices)
    reduced_amount = forms.DecimalField(
        label="减交后每月应缴（元）",
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text="减交时填写；免交不填",
    )
    start_month = _month_field("起始月份")
    end_month = _month_field("截止月份（含）")
    reason = forms.CharField(label="减免原因", widget=forms.Textarea(attrs={"rows": 3}))
    approving_organisation = forms.ModelChoiceField(
        label="批准的上级党委", queryset=Organisation.objects.none()
    )
    approver = forms.CharField(label="批准人", max_length=50, required=False)
    approved_on = forms.DateField(label="批准日期", widget=forms.DateInput(attrs={"type": "date"}))
    approval_document = forms.CharField(label="批准文号", max_length=100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (
            member_scope_for_user(user=user)
            .filter(is_on_roll=True)
            .select_related("organisation")
            .order_by("organisation__path", "name_sort_key", "pk")
        )
        self.fields["member"].label_from_instance = lambda m: f"{m.name}（{m.organisation.name}）"
        self.fields["approving_organisation"].queryset = _committees_for(user).order_by("path")


class WaiverFilterForm(ScopedOrganisationFieldMixin, forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label="党组织", required=False)
    state = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部"), ("active", "有效"), ("revoked", "已撤销")],
    )


def dues_waiver_list_view(request):
    """党费减免 register of the user's subtree; ``?format=xlsx`` downloads the selection."""
    require_administrator(request.user, "dues.view_duesassessment")
    form = WaiverFilterForm(request.GET or None, user=request.user)
    root, active = None, None
    if form.is_valid():
        root = form.cleaned_data["organisation"]
        active = {"active": True, "revoked": False}.get(form.cleaned_data["state"])
    waivers = dues_waiver_list(user=request.user, root=root, active=active)
    title = f"{root.name if root else '本组织'} 党费减免登记"
    if request.GET.get("format") == "xlsx":
        return xlsx_export_response(
            request,
            dues_waivers_xlsx(title=title, waivers=waivers.iterator()),
            f"{title}.xlsx",
            rows=waivers.count(),
        )
    page = Paginator(waivers, PER_PAGE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "partybuild/dues/waivers.html",
        {
            "form": form,
            "filter_fields": [form["organisation"], form["state"]],
            "page": page,
            "query": query.urlencode(),
            "header_title": "党费减免",
            "title": title,
        },
    )


def dues_waiver_add_view(request):
    """登记党费减免 (for ``?member=<id>`` when given); back to the member's dues when done."""
    require_administrator(request.user, "dues.add_dueswaiver")
    initial = {}
    if member_id := request.GET.get("member"):
        initial["member"] = get_object_or_404(
            member_scope_for_user(user=request.user), pk=member_id
        )
    form = WaiverForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            waiver = dues_waiver_record(actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"已登记「{waiver.member.name}」的党费减免，未缴月份已按减免重新核定。"
            )
            return redirect("partybuild_dues_member", waiver.member_id)
    return TemplateResponse(
        request,
        "partybuild/dues/waiver_form.html",
        {"form": form, "media": form.media, "header_title": "登记党费减免"},
    )


class WaiverRevokeForm(forms.Form):
    revoke_reason = forms.CharField(label="撤销原因", max_length=200)


@require_POST
def dues_waiver_revoke_view(request, waiver_id: int):
    """撤销 a waiver of the user's subtree, with a reason."""
    require_administrator(request.user, "dues.change_dueswaiver")
    waiver = get_object_or_404(dues_waiver_list(user=request.user), pk=waiver_id)
    form = WaiverRevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写撤销原因。")
        return redirect("partybuild_dues_waivers")
    try:
        dues_waiver_revoke(
            waiver=waiver, actor=request.user, reason=form.cleaned_data["revoke_reason"]
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已撤销该党费减免，未缴月份已按标准重新核定。")
    return redirect("partybuild_dues_waivers")


def dues_waiver_urlpatterns() -> list:
    return [
        path("dues/waivers/", dues_waiver_list_view, name="partybuild_dues_waivers"),
        path("dues/waivers/add/", dues_waiver_add_view, name="partybuild_dues_waiver_add"),
        path(
            "dues/waivers/<int:waiver_id>/revoke/",
            dues_waiver_revoke_view,
            name="partybuild_dues_waiver_revoke",
        ),
    ]

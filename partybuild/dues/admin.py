"""党费 in the Wagtail admin: the collection report (with 减免 and the voluntary payments passed up
in full), the arrears list, the members six months unpaid, a member's statement (each as a page,
an xlsx download and an A4-landscape print view), recording payments and corrections, a member's
dues basis, running the monthly assessment, and the rate table (editable only with
「维护党费标准」); the 减免 register is in partybuild/dues/admin_waivers.py. Everything is confined
to the user's subtree."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from wagtail.admin.menu import MenuItem
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from partybuild.admin.common import ScopedOrganisationFieldMixin, xlsx_export_response
from partybuild.admin.permissions import require_administrator, user_administers
from partybuild.core.errors import add_service_errors
from partybuild.core.replica import reading_from_replica
from partybuild.dues.admin_waivers import dues_waiver_urlpatterns
from partybuild.dues.excel import (
    dues_arrears_xlsx,
    dues_lapsed_xlsx,
    dues_report_xlsx,
    dues_statement_xlsx,
)
from partybuild.dues.models import DuesCategory, DuesPayment, DuesRate, PaymentMethod
from partybuild.dues.selectors import (
    LAPSE_MONTHS,
    dues_arrears_query,
    dues_arrears_row,
    dues_lapsed_members,
    dues_member_row,
    dues_member_rows_count,
    dues_member_rows_query,
    dues_period_parse,
    dues_report,
    dues_report_totals,
    dues_statement,
    dues_voluntary_passed_up,
    dues_waiver_list,
)
from partybuild.dues.services import (
    dues_assess_month,
    dues_payment_record,
    dues_payment_reverse,
    dues_profile_set,
)
from partybuild.selectors.members import member_scope_for_user
from partybuild.selectors.organisations import organisation_scope_for_user

#: What the 党费 pages need besides a scope (the catalogue's 党费 · 查看).
DUES_VIEW = "dues.view_duesassessment"


def _template(request, name: str) -> str:
    """The page's template, or its A4-landscape print view for ``?format=print``."""
    if request.GET.get("format") == "print":
        return f"partybuild/dues/{name}_print.html"
    return f"partybuild/dues/{name}.html"


class ReportForm(ScopedOrganisationFieldMixin, forms.Form):
    """Organisation (within scope) and period of a report."""

    organisation = forms.ModelChoiceField(queryset=None, label="党组织", required=False)
    period = forms.CharField(
        label="期间", initial="", help_text="月 2026-11、季度 2026-Q4 或年 2026", required=False
    )
    months = forms.IntegerField(label="欠缴月数≥", min_value=1, initial=3, required=False)


def _root_and_period(request):
    form = ReportForm(request.GET or None, user=request.user)
    scope = organisation_scope_for_user(user=request.user).order_by("path")
    root = scope.first()
    period = dues_period_parse(request.GET.get("period") or f"{timezone.localdate():%Y-%m}")
    if form.is_valid() and form.cleaned_data["organisation"] is not None:
        root = form.cleaned_data["organisation"]
    if root is None:
        raise Http404
    return form, root, period


#: Member rows a page of the 党费收缴统计 shows.
MEMBER_ROWS_PER_PAGE = 50

#: Levels below the report's organisation that its organisation table lists on screen (its
#: direct lower organisations); each of them opens the report on its own subtree. The xlsx lists
#: every organisation: at a province's 50,000 the screen table would be tens of megabytes.
ORGANISATION_LEVELS_SHOWN = 1


class MemberRowPaginator(WagtailPaginator):
    """Pages of the report's member rows, counted in people (「共 N 人」)."""

    verbose_name = "人"
    verbose_name_plural = "人"


def _page(request, rows, *, per_page: int = MEMBER_ROWS_PER_PAGE, count: int | None = None) -> dict:
    """The page ``?p=`` of ``rows`` (a queryset or a list) and what Wagtail's pagination
    navigation needs; ``count``, when known, spares the paginator its COUNT query."""
    paginator = MemberRowPaginator(rows, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached_property
    page = paginator.get_page(request.GET.get("p"))
    return {
        "member_page": page,
        "elided_page_range": paginator.get_elided_page_range(page.number),
    }


def _member_page_entries(rows, report: dict) -> list[dict]:
    """The page's member rows, each organisation's run of them headed by the organisation's
    own figures (本级小计, over all its members in the period, not only this page's)."""
    own = {row["organisation"].pk: row for row in report["rows"]}
    entries = []
    current = None
    for row in map(dues_member_row, rows):
        if row["organisation_id"] != current:
            current = row["organisation_id"]
            organisation = own.get(current)
            if organisation is not None:
                entries.append({"subtotal": organisation})
        entries.append({"member": row})
    return entries


@reading_from_replica()
def dues_report_view(request):
    """党费收缴统计: the subtree's totals, per organisation with subtotals, and the member rows a
    page at a time (by organisation, then member, each organisation's run headed by its own
    figures); the xlsx has every member row."""
    require_administrator(request.user, DUES_VIEW)
    try:
        form, root, period = _root_and_period(request)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("partybuild_dues_report")
    report = dues_report(user=request.user, root=root, period=period)
    member_rows = dues_member_rows_query(user=request.user, root=root, period=period)
    passed_up = dues_voluntary_passed_up(user=request.user, root=root, period=period)
    if request.GET.get("format") == "xlsx":
        return xlsx_export_response(
            request,
            dues_report_xlsx(
                report=report,
                member_rows=map(dues_member_row, member_rows.iterator(chunk_size=2000)),
                passed_up=passed_up,
            ),
            f"党费收缴统计-{root.name}-{period.label}.xlsx",
            rows=member_rows.count(),
        )
    paging = _page(
        request,
        member_rows,
        count=dues_member_rows_count(user=request.user, root=root, period=period),
    )
    return TemplateResponse(
        request,
        _template(request, "report"),
        {
            "form": form,
            "filter_fields": [form["organisation"]],
            "report": report,
            "organisation_rows": [
                row for row in report["rows"] if row["depth"] <= ORGANISATION_LEVELS_SHOWN
            ],
            "totals": dues_report_totals(user=request.user, root=root, period=period),
            **paging,
            "member_entries": _member_page_entries(paging["member_page"].object_list, report),
            "passed_up": passed_up,
            "query": request.GET.urlencode(),
            "period_value": request.GET.get("period") or f"{timezone.localdate():%Y-%m}",
            "header_title": "党费收缴统计",
            "title": f"{root.name} 党费收缴统计（{period.label}）",
        },
    )


def dues_arrears_view(request):
    """欠缴党费名单: members owing N or more months, a page at a time (the xlsx has them all)."""
    require_administrator(request.user, DUES_VIEW)
    form, root, _period = _root_and_period(request)
    try:
        min_months = max(1, int(request.GET.get("months") or 3))
    except ValueError:
        min_months = 3
    owing = dues_arrears_query(user=request.user, root=root, min_months=min_months)
    if request.GET.get("format") == "xlsx":
        return xlsx_export_response(
            request,
            dues_arrears_xlsx(
                root=root,
                min_months=min_months,
                rows=map(dues_arrears_row, owing.iterator(chunk_size=2000)),
            ),
            f"欠缴党费名单-{root.name}.xlsx",
            rows=owing.count(),
        )
    paging = _page(request, owing)
    return TemplateResponse(
        request,
        _template(request, "arrears"),
        {
            "form": form,
            "filter_fields": [form["organisation"]],
            "rows": [dues_arrears_row(row) for row in paging["member_page"].object_list],
            **paging,
            "root": root,
            "min_months": min_months,
            "query": request.GET.urlencode(),
            "header_title": "欠缴党费名单",
            "title": f"{root.name} 欠缴党费名单（欠缴 {min_months} 个月及以上）",
        },
    )


def dues_lapsed_view(request):
    """连续六个月未交纳党费的党员 (docs/domain.md §4): for the branch to look into each for 自行脱党
    handling; the list changes nothing about anyone's standing. A page at a time on screen (the
    run of unpaid months is worked out over the subtree's unpaid months, one query); the xlsx
    has everyone."""
    require_administrator(request.user, DUES_VIEW)
    form, root, _period = _root_and_period(request)
    rows = dues_lapsed_members(user=request.user, root=root)
    title = f"{root.name} 连续{LAPSE_MONTHS}个月及以上未交纳党费的党员"
    if request.GET.get("format") == "xlsx":
        return xlsx_export_response(
            request,
            dues_lapsed_xlsx(root=root, months=LAPSE_MONTHS, rows=rows),
            f"连续{LAPSE_MONTHS}个月未交纳党费名单-{root.name}.xlsx",
            rows=len(rows),
        )
    paging = _page(request, rows)
    return TemplateResponse(
        request,
        _template(request, "lapsed"),
        {
            "form": form,
            "filter_fields": [form["organisation"]],
            "rows": paging["member_page"].object_list,
            **paging,
            "root": root,
            "lapse_months": LAPSE_MONTHS,
            "query": request.GET.urlencode(),
            "header_title": "连续六个月未交纳党费",
            "title": title,
        },
    )


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label="金额（元）", max_digits=12, decimal_places=2, min_value=0)
    paid_on = forms.DateField(label="缴费日期", initial=timezone.localdate)
    method = forms.ChoiceField(label="缴费方式", choices=PaymentMethod.choices)
    receipt_number = forms.CharField(
        label="收据编号", required=False, max_length=50, help_text="本组织内不能重复"
    )
    months = forms.CharField(
        label="缴纳月份",
        required=False,
        help_text="可选，如 2026-10,2026-11；留空则从最早欠缴月份起",
    )
    extra_is_voluntary = forms.BooleanField(label="超出部分记为自愿多交", required=False)
    reason = forms.CharField(
        label="说明", required=False, max_length=200, help_text="补交超过6个月时必填"
    )

    def clean_months(self):
        text = self.cleaned_data["months"].strip()
        if not text:
            return None
        try:
            return [
                datetime.datetime.strptime(part.strip(), "%Y-%m").date()
                for part in text.replace("，", ",").split(",")
                if part.strip()
            ]
        except ValueError as error:
            raise forms.ValidationError("月份格式应为 2026-11，多个月份用逗号分隔。") from error


class ProfileForm(forms.Form):
    category = forms.ChoiceField(label="缴费类别", choices=DuesCategory.choices)
    base_income = forms.DecimalField(
        label="月工资收入（税后，元）", max_digits=12, decimal_places=2, required=False, min_value=0
    )
    fixed_amount = forms.DecimalField(
        label="每月定额（元）", max_digits=12, decimal_places=2, required=False, min_value=0
    )
    voluntary_extra = forms.DecimalField(
        label="每月自愿多交（元）", max_digits=12, decimal_places=2, required=False, min_value=0
    )
    effective_from = forms.DateField(label="生效月份（该月任一天）", initial=timezone.localdate)


def profile_form_initial(member) -> dict:
    """The 党费基数 form preset to what applies to ``member`` now (their newest basis in
    force), so that changing one figure does not mean typing the others again; the new basis
    takes effect from this month."""
    today = timezone.localdate()
    current = (
        member.dues_profiles.filter(effective_from__lte=today).order_by("-effective_from").first()
    )
    initial = {"effective_from": today.replace(day=1)}
    if current is not None:
        initial.update(
            category=current.category,
            base_income=current.base_income,
            fixed_amount=current.fixed_amount,
            voluntary_extra=current.voluntary_extra or None,
        )
    return initial


class ReverseForm(forms.Form):
    payment = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="冲正原因", max_length=200)


def dues_member_view(request, member_id: int):
    """A member's statement, with forms to record a payment, correct one and set the basis."""
    require_administrator(request.user, DUES_VIEW)
    member = get_object_or_404(
        member_scope_for_user(user=request.user).select_related("organisation"), pk=member_id
    )
    payment_form = PaymentForm(prefix="pay")
    profile_form = ProfileForm(prefix="profile", initial=profile_form_initial(member))
    reverse_form = ReverseForm(prefix="reverse")
    action = request.POST.get("action")
    if request.method == "POST":
        try:
            if action == "pay":
                payment_form = PaymentForm(request.POST, prefix="pay")
                if payment_form.is_valid():
                    data = payment_form.cleaned_data
                    dues_payment_record(
                        member=member,
                        amount=data["amount"],
                        paid_on=data["paid_on"],
                        method=data["method"],
                        receipt_number=data["receipt_number"],
                        months=data["months"],
                        extra_is_voluntary=data["extra_is_voluntary"],
                        reason=data["reason"],
                        actor=request.user,
                    )
                    messages.success(request, "已登记缴费。")
                    return redirect("partybuild_dues_member", member.pk)
            elif action == "profile":
                profile_form = ProfileForm(request.POST, prefix="profile")
                if profile_form.is_valid():
                    data = profile_form.cleaned_data
                    dues_profile_set(
                        member=member,
                        actor=request.user,
                        category=data["category"],
                        base_income=data["base_income"],
                        fixed_amount=data["fixed_amount"],
                        voluntary_extra=data["voluntary_extra"] or 0,
                        effective_from=data["effective_from"],
                    )
                    messages.success(request, "已更新党费基数，未缴月份已按新基数重新核定。")
                    return redirect("partybuild_dues_member", member.pk)
            elif action == "reverse":
                reverse_form = ReverseForm(request.POST, prefix="reverse")
                if reverse_form.is_valid():
                    payment = get_object_or_404(
                        DuesPayment, pk=reverse_form.cleaned_data["payment"], member=member
                    )
                    dues_payment_reverse(
                        payment=payment,
                        actor=request.user,
                        reason=reverse_form.cleaned_data["reason"],
                    )
                    messages.success(request, "已冲正该笔缴费。")
                    return redirect("partybuild_dues_member", member.pk)
        except ValidationError as error:
            form = {"pay": payment_form, "profile": profile_form, "reverse": reverse_form}[action]
            add_service_errors(form, error)
    statement = dues_statement(member=member)
    if request.GET.get("format") == "xlsx":
        return xlsx_export_response(
            request, dues_statement_xlsx(statement=statement), f"党费缴纳明细-{member.name}.xlsx"
        )
    return TemplateResponse(
        request,
        _template(request, "statement"),
        {
            "statement": statement,
            "member": member,
            "payment_form": payment_form,
            "profile_form": profile_form,
            "reverse_form": reverse_form,
            "profiles": member.dues_profiles.order_by("-effective_from"),
            "waivers": dues_waiver_list(user=request.user).filter(member=member),
            "header_title": f"党费：{member.name}",
            "title": f"{member.name} 党费缴纳明细",
        },
    )


class AssessForm(forms.Form):
    month = forms.DateField(label="月份（该月任一天）", initial=timezone.localdate)
    organisation = forms.ModelChoiceField(queryset=None, label="党组织", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_scope_for_user(user=user).order_by(
            "path"
        )


def dues_assess_view(request):
    """核定党费: run the monthly assessment for the user's subtree (or a part of it)."""
    require_administrator(request.user, DUES_VIEW)
    form = AssessForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        result = dues_assess_month(
            month=form.cleaned_data["month"],
            root=form.cleaned_data["organisation"],
            actor=request.user,
        )
        messages.success(
            request,
            f"新核定 {result.created} 人，已核定 {result.existing} 人，缺少党费基数 "
            f"{result.missing_profile} 人，尚未到缴费月份 {result.not_assessed} 人。",
        )
        return redirect("partybuild_dues_assess")
    return TemplateResponse(
        request, "partybuild/dues/assess.html", {"form": form, "header_title": "核定党费"}
    )


def dues_urlpatterns() -> list:
    return [
        path("dues/", dues_report_view, name="partybuild_dues_report"),
        path("dues/arrears/", dues_arrears_view, name="partybuild_dues_arrears"),
        path("dues/lapsed/", dues_lapsed_view, name="partybuild_dues_lapsed"),
        path("dues/assess/", dues_assess_view, name="partybuild_dues_assess"),
        path("dues/members/<int:member_id>/", dues_member_view, name="partybuild_dues_member"),
        *dues_waiver_urlpatterns(),
    ]


class DuesMenuItem(MenuItem):
    """党费管理 in the menu of organisation administrators only."""

    def is_shown(self, request):
        return user_administers(request.user, DUES_VIEW)


def dues_menu_item() -> MenuItem:
    return DuesMenuItem("党费管理", reverse("partybuild_dues_report"), icon_name="table", order=230)


class DuesRatePermissionPolicy(ModelPermissionPolicy):
    """Anyone in the admin may read the table; only 「维护党费标准」 changes it."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return user.is_active and user.has_perm("dues.manage_dues_rates")
        return user.is_active and user.has_perm("wagtailadmin.access_admin")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


#: The columns of the rate table, listed and edited alike.
DUES_RATE_FIELDS = [
    "category",
    "income_above",
    "income_up_to",
    "rate",
    "fixed_amount",
    "maximum",
    "effective_from",
]


class DuesRateViewSet(ModelViewSet):
    """党费标准 (docs/domain.md §4) as data; a new line with a later 生效月份 changes the rule from
    that month on, and assessments already made keep the amount they were made with."""

    model = DuesRate
    icon = "table"
    menu_label = "党费标准"
    add_to_admin_menu = False
    search_backend_name = None
    list_display = DUES_RATE_FIELDS
    list_filter = ["category", "effective_from"]
    form_fields = DUES_RATE_FIELDS


register_permission_policy(DuesRate, DuesRatePermissionPolicy(DuesRate))
dues_rate_viewset = DuesRateViewSet("dues_rates")

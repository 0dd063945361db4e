"""Admin pages outside the meeting listing: 三会一课落实情况 (branches below 100 % and what they
miss, with an xlsx export) and entering a branch's 民主评议 round."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from partybuild.admin.common import xlsx_export_response
from partybuild.admin.permissions import require_administrator
from partybuild.core.errors import add_service_errors
from partybuild.core.excel.reader import Column
from partybuild.core.excel.writer import row_cells, sheet_write
from partybuild.models import OrganisationType
from partybuild.orglife.admin.forms import ComplianceFilterForm, EvaluationRoundForm
from partybuild.orglife.models import MeetingKind
from partybuild.orglife.selectors.compliance import (
    compliance_period_label,
    compliance_summary,
    organisation_compliance_list,
)
from partybuild.orglife.selectors.evaluations import evaluation_round_members
from partybuild.orglife.selectors.meetings import meeting_scope_for_user
from partybuild.orglife.services.evaluations import evaluation_round_record
from partybuild.selectors.organisations import organisation_scope_for_user


def _compliance_xlsx(rows: list[dict], label: str) -> bytes:
    kinds = [kind for kind in MeetingKind.values if any(kind in row["required"] for row in rows)]
    columns = [
        Column(_("党支部"), "organisation", width=30),
        *[Column(f"{MeetingKind(kind).label}（应/实）", kind, width=16) for kind in kinds],
        Column(_("应开次数"), "required_total", kind="int"),
        Column(_("实开次数"), "held_total", kind="int"),
        Column(_("落实率"), "rate"),
        Column(_("缺项"), "missing", width=40),
    ]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(label)[:31])
    lines = []
    for row in rows:
        values = {
            "organisation": row["organisation"].name,
            "required_total": row["required_total"],
            "held_total": row["held_total"],
            "rate": f"{row['rate'] * 100:.1f}%",
            "missing": "；".join(f"{name}缺{n}次" for name, n in row["missing"]),
        }
        for kind in kinds:
            if kind in row["required"]:
                values[kind] = f"{row['required'][kind]}/{row['held'][kind]}"
            else:
                values[kind] = "—"
        lines.append(row_cells(sheet, columns, values))
    sheet_write(sheet, columns, lines)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def meeting_compliance_view(request):
    """Branches of the user's subtree below 100 % in the period, with what they miss."""
    require_administrator(request.user, "orglife.view_meeting")
    today = timezone.localdate()
    form = ComplianceFilterForm(
        request.GET or {"year": today.year, "quarter": (today.month + 2) // 3}
    )
    if form.is_valid():
        year, quarter, month = (form.cleaned_data[k] for k in ("year", "quarter", "month"))
    else:
        year, quarter, month = today.year, (today.month + 2) // 3, None
    rows = organisation_compliance_list(user=request.user, year=year, quarter=quarter, month=month)
    label = compliance_period_label(year=year, quarter=quarter, month=month)
    if request.GET.get("format") == "xlsx":
        return xlsx_export_response(
            request, _compliance_xlsx(rows, label), f"三会一课落实情况-{label}.xlsx", rows=len(rows)
        )
    query = request.GET.copy()
    query.pop("format", None)
    return TemplateResponse(
        request,
        "partybuild/meetings/compliance.html",
        {
            "form": form,
            "rows": [row for row in rows if row["held_total"] < row["required_total"]],
            "summary": compliance_summary(
                user=request.user, year=year, quarter=quarter, month=month, rows=rows
            ),
            "period_label": label,
            "query": query.urlencode(),
            "page_title": _("三会一课落实情况"),
            "header_icon": "table",
        },
    )


def meeting_evaluation_view(request):
    """民主评议: choose a branch, then a grade for each of its members."""
    require_administrator(request.user, "orglife.view_meeting")
    branches = organisation_scope_for_user(user=request.user).filter(
        org_type=OrganisationType.BRANCH
    )
    branch_id = request.GET.get("organisation") or request.POST.get("organisation")
    branch = None
    if branch_id and str(branch_id).isdigit():
        branch = get_object_or_404(branches, pk=branch_id)
    form = None
    if branch is not None:
        members = list(evaluation_round_members(organisation=branch))
        meetings = meeting_scope_for_user(user=request.user).filter(
            organisation=branch, kind=MeetingKind.EVALUATION
        )
        form = EvaluationRoundForm(request.POST or None, members=members, meetings=meetings)
        if request.method == "POST" and form.is_valid():
            try:
                count = evaluation_round_record(
                    organisation=branch,
                    year=form.cleaned_data["year"],
                    grades=form.grades(),
                    actor=request.user,
                    meeting=form.cleaned_data["meeting"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已登记民主评议结果：%(n)s人。") % {"n": count})
                return redirect(f"{reverse('meeting_evaluation')}?organisation={branch.pk}")
    return TemplateResponse(
        request,
        "partybuild/meetings/evaluation.html",
        {
            "branches": branches.order_by("path"),
            "branch": branch,
            "form": form,
            "page_title": _("民主评议党员"),
            "header_icon": "user",
        },
    )


def meeting_admin_urlpatterns():
    from django.urls import path

    return [
        path("meetings-compliance/", meeting_compliance_view, name="meeting_compliance"),
        path("meetings-evaluation/", meeting_evaluation_view, name="meeting_evaluation"),
    ]

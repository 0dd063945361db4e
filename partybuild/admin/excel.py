"""Wagtail admin pages for Excel: upload (import) with downloadable templates, and exports.

The views are thin: imports go through partybuild.services.imports, exports through
partybuild.services.exports, both scoped to the requesting user. A member import or export of
more than JOB_ROWS_THRESHOLD rows becomes a background job (partybuild/jobs/registers.py), started
only by a POST, whose file or import report is downloaded from its page in 后台任务. Wagtail
wraps admin URLs in ``require_admin_access``; each view also checks the model permission it
needs, and answers 403 itself (a raised PermissionDenied would become Wagtail's redirect to
the dashboard).
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.defaults import permission_denied
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from partybuild.admin.common import xlsx_response
from partybuild.admin.permissions import user_administers
from partybuild.core.excel import reader
from partybuild.jobs.registers import (
    MEMBER_EXPORT,
    MEMBER_IMPORT,
    member_export_size,
    rows_threshold,
    xlsx_data_rows_over,
)
from partybuild.jobs.services import job_start
from partybuild.models import Member, Organisation
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.services.exports import (
    export_filename,
    member_export_can_reveal,
    member_export_xlsx,
    member_template_xlsx,
    organisation_export_xlsx,
    organisation_template_xlsx,
)
from partybuild.services.imports import member_import_xlsx, organisation_import_xlsx

#: How many problems the upload page lists (the command prints them all).
REPORT_DISPLAY_LIMIT = 1000


# --- who may do what -----------------------------------------------------------------------


def _has_scope(user: Any) -> bool:
    return user_administers(user)


def _has_any_perm(user: Any, model: str, actions: tuple[str, ...]) -> bool:
    return any(user.has_perm(f"partybuild.{action}_{model}") for action in actions)


def can_import_members(user: Any) -> bool:
    return _has_scope(user) and user.has_perm("partybuild.add_member")


def can_export_members(user: Any) -> bool:
    return _has_scope(user) and _has_any_perm(user, "member", ("view", "change"))


def can_import_organisations(user: Any) -> bool:
    return _has_scope(user) and user.has_perm("partybuild.add_organisation")


def can_export_organisations(user: Any) -> bool:
    return _has_scope(user) and _has_any_perm(user, "organisation", ("view", "change"))


def _can_use_excel(user: Any) -> bool:
    return any(
        check(user)
        for check in (
            can_import_members,
            can_export_members,
            can_import_organisations,
            can_export_organisations,
        )
    )


def _denied(request, message: str = "您没有执行此操作的权限。") -> HttpResponse:
    return permission_denied(request, PermissionDenied(message))


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An xlsx download that no cache keeps (it may hold personal data)."""
    response = xlsx_response(content, filename)
    response["Cache-Control"] = "no-store"
    return response


# --- the overview --------------------------------------------------------------------------


def excel_index_view(request):
    """Excel导入导出: links to the templates, upload pages and exports the user may use."""
    user = request.user
    if not _can_use_excel(user):
        return _denied(request)
    return TemplateResponse(
        request,
        "partybuild/excel/index.html",
        {
            "page_title": "Excel导入导出",
            "header_title": "Excel导入导出",
            "header_icon": "download",
            "can_import_members": can_import_members(user),
            "can_export_members": can_export_members(user),
            "can_reveal": can_export_members(user) and member_export_can_reveal(user=user),
            "can_import_organisations": can_import_organisations(user),
            "can_export_organisations": can_export_organisations(user),
        },
    )


# --- templates and exports -----------------------------------------------------------------


def member_template_view(request):
    if not can_import_members(request.user):
        return _denied(request)
    return _xlsx_response(member_template_xlsx(), "党员信息导入模板.xlsx")


def organisation_template_view(request):
    if not can_import_organisations(request.user):
        return _denied(request)
    return _xlsx_response(organisation_template_xlsx(), "党组织信息导入模板.xlsx")


@require_http_methods(["GET", "POST"])
def member_export_view(request):
    """GET: masked export. POST with ``reveal=1``: full ID and phone numbers (permission and
    audit record). ``organisation=<id>`` narrows to that organisation's subtree.

    An export of more than JOB_ROWS_THRESHOLD members is a background job, and only a POST
    (CSRF-protected) starts one: a GET answers a page with the button 生成导出文件, so a
    crawler, a prefetch or a reload starts nothing. The job's page follows the POST."""
    user = request.user
    if not can_export_members(user):
        return _denied(request)
    params = request.POST if request.method == "POST" else request.GET
    reveal = request.method == "POST" and params.get("reveal") == "1"
    if reveal and not member_export_can_reveal(user=user):
        return _denied(request, "您没有“查看完整身份信息”的权限。")
    queryset = organisation = None
    organisation_id = params.get("organisation", "")
    if organisation_id:
        if not organisation_id.isdigit():
            raise Http404
        organisation = get_object_or_404(Organisation, pk=organisation_id)
        if not organisation_is_in_scope(user=user, organisation=organisation):
            raise Http404
        queryset = Member.objects.filter(organisation__path__startswith=organisation.path)
    count = member_export_size(user=user, queryset=queryset)
    if count > rows_threshold():
        if request.method != "POST":
            return _export_confirm_response(request, organisation=organisation, count=count)
        job = job_start(
            kind=MEMBER_EXPORT,
            user=user,
            organisation=organisation,
            params={"reveal": reveal},
        )
        messages.success(
            request,
            _(
                "导出的党员超过 %(rows)s 人，已在后台生成导出文件；"
                "完成后在本页或「后台任务」中下载。"
            )
            % {"rows": rows_threshold()},
        )
        return redirect("jobs:detail", job_id=job.pk)
    content = member_export_xlsx(user=user, queryset=queryset, reveal=reveal)
    prefix = "党员信息（含完整身份信息）" if reveal else "党员信息"
    return _xlsx_response(content, export_filename(prefix))


def _export_confirm_response(request, *, organisation: Organisation | None, count: int):
    """The page a GET of a large export answers: what will be exported, and the POST button
    that starts the job."""
    title = _("导出党员信息")
    return TemplateResponse(
        request,
        "partybuild/excel/export_confirm.html",
        {
            "page_title": title,
            "header_title": title,
            "header_icon": "download",
            "organisation": organisation,
            "intro": _(
                "本次导出 %(count)s 名党员，超过 %(rows)s 人，将在后台生成导出文件，"
                "完成后在任务页面下载。"
            )
            % {"count": count, "rows": rows_threshold()},
            "action_url": request.path,
            "index_url": reverse("partybuild_excel_index"),
        },
    )


def organisation_export_view(request):
    if not can_export_organisations(request.user):
        return _denied(request)
    content = organisation_export_xlsx(user=request.user)
    return _xlsx_response(content, export_filename("党组织信息"))


# --- uploads -------------------------------------------------------------------------------


class ExcelUploadForm(forms.Form):
    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    dry_run = forms.BooleanField(
        label="只检查，不导入",
        required=False,
        help_text="勾选后只校验文件并列出错误，不写入任何数据。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "不超过 %(megabytes)s MB、%(rows)s 行。"
            "第一行为列标题（顺序不限），请使用下载的模板填写。"
        ) % {"megabytes": f"{reader.MAX_FILE_BYTES / reader.MB:g}", "rows": reader.MAX_ROWS}


def _upload_view(
    request,
    *,
    allowed: Callable[[Any], bool],
    service: Callable[..., reader.ImportResult],
    title: str,
    noun: str,
    template_url_name: str,
    required_headings: list[str],
    background: str | None = None,
):
    """The upload page; a file of more rows than JOB_ROWS_THRESHOLD is imported by the
    ``background`` kind of job (all or nothing as well) when there is one."""
    if not allowed(request.user):
        return _denied(request)
    result = None
    if request.method == "POST":
        form = ExcelUploadForm(request.POST, request.FILES)
        if form.is_valid() and background is not None:
            upload = form.cleaned_data["file"]
            if xlsx_data_rows_over(upload, limit=rows_threshold()):
                job = job_start(
                    kind=background,
                    user=request.user,
                    params={"dry_run": form.cleaned_data["dry_run"]},
                    input_file=upload,
                    input_name="upload.xlsx",
                )
                messages.success(
                    request,
                    _(
                        "文件超过 %(rows)s 行，已在后台导入（全部通过才写入），"
                        "完成后在本页或「后台任务」中查看结果或下载导入报告。"
                    )
                    % {"rows": rows_threshold()},
                )
                return redirect("jobs:detail", job_id=job.pk)
        if form.is_valid():
            result = service(
                file=form.cleaned_data["file"],
                actor=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
            if not result.ok:
                messages.error(
                    request,
                    _("导入失败：共 %(count)s 处错误，未写入任何数据。")
                    % {"count": len(result.errors)},
                )
            elif result.dry_run:
                messages.success(
                    request,
                    _("检查通过：%(count)s 个%(noun)s可以导入（未写入）。")
                    % {"count": result.created, "noun": noun},
                )
            else:
                messages.success(
                    request,
                    _("已导入 %(count)s 个%(noun)s。") % {"count": result.created, "noun": noun},
                )
                form = ExcelUploadForm()
    else:
        form = ExcelUploadForm()
    return TemplateResponse(
        request,
        "partybuild/excel/import.html",
        {
            "form": form,
            "result": result,
            "shown_errors": result.errors[:REPORT_DISPLAY_LIMIT] if result else [],
            "report_truncated": bool(result and len(result.errors) > REPORT_DISPLAY_LIMIT),
            "report_limit": REPORT_DISPLAY_LIMIT,
            "template_url": reverse(template_url_name),
            "index_url": reverse("partybuild_excel_index"),
            "required_headings": required_headings,
            "noun": noun,
            "action_url": request.path,
            "page_title": title,
            "header_title": title,
            "header_icon": "upload",
            "submit_button_label": "上传并导入",
            "submit_button_active_label": "正在导入…",
        },
    )


@require_http_methods(["GET", "POST"])
def member_import_view(request):
    from partybuild.excel.members import MEMBER_COLUMNS

    return _upload_view(
        request,
        allowed=can_import_members,
        service=member_import_xlsx,
        title="导入党员信息",
        noun="党员",
        template_url_name="partybuild_excel_member_template",
        required_headings=[c.heading for c in MEMBER_COLUMNS if c.required],
        background=MEMBER_IMPORT,
    )


@require_http_methods(["GET", "POST"])
def organisation_import_view(request):
    from partybuild.excel.organisations import ORGANISATION_COLUMNS

    return _upload_view(
        request,
        allowed=can_import_organisations,
        service=organisation_import_xlsx,
        title="导入党组织信息",
        noun="党组织",
        template_url_name="partybuild_excel_organisation_template",
        required_headings=[c.heading for c in ORGANISATION_COLUMNS if c.required],
    )


def excel_urlpatterns() -> list:
    """Admin URLs (registered by partybuild.wagtail_hooks under /admin/)."""
    return [
        path("excel/", excel_index_view, name="partybuild_excel_index"),
        path("excel/members/import/", member_import_view, name="partybuild_excel_member_import"),
        path(
            "excel/members/template/",
            member_template_view,
            name="partybuild_excel_member_template",
        ),
        path("excel/members/export/", member_export_view, name="partybuild_excel_member_export"),
        path(
            "excel/organisations/import/",
            organisation_import_view,
            name="partybuild_excel_organisation_import",
        ),
        path(
            "excel/organisations/template/",
            organisation_template_view,
            name="partybuild_excel_organisation_template",
        ),
        path(
            "excel/organisations/export/",
            organisation_export_view,
            name="partybuild_excel_organisation_export",
        ),
    ]


class ExcelMenuItem(MenuItem):
    def is_shown(self, request):
        return _can_use_excel(request.user)


@hooks.register("register_admin_menu_item")
def register_excel_menu_item():
    return ExcelMenuItem(
        "Excel导入导出", reverse("partybuild_excel_index"), icon_name="download", order=290
    )

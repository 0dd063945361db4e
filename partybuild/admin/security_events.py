"""安全审计 (设置 › 安全审计): the security audit trail for the readers of the audit log
(审计管理员), filtered, paginated and exported to xlsx; an export is itself an ``audit.export``
event. Other administrators get 403 and no menu item (partybuild.selectors.security_events).
"""

import io
import json
from collections.abc import Iterable

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from openpyxl import Workbook
from wagtail.admin.menu import MenuItem

from partybuild.admin.common import xlsx_response
from partybuild.core.excel.writer import text_cell
from partybuild.models import SecurityEvent, SecurityEventOutcome, SecurityEventType
from partybuild.selectors.audit import user_reads_audit_log
from partybuild.selectors.security_events import SecurityEventFilter, security_event_list
from partybuild.services.security_events import security_event_record

#: Events per page.
PER_PAGE = 50
#: The export's column headings.
EXPORT_HEADINGS = (
    _("序号"),
    _("时间"),
    _("账号"),
    _("来源地址"),
    _("事件类型"),
    _("结果"),
    _("对象类型"),
    _("对象"),
    _("详情"),
)


class SecurityEventFilterForm(forms.Form):
    """The viewer's filters: time range, account, event type, outcome, address."""

    date_from = forms.DateField(
        label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    actor = forms.CharField(label=_("账号"), required=False, max_length=150)
    event = forms.ChoiceField(
        label=_("事件类型"),
        required=False,
        choices=[("", _("全部")), *list(SecurityEventType.choices)],
    )
    outcome = forms.ChoiceField(
        label=_("结果"),
        required=False,
        choices=[("", _("全部")), *list(SecurityEventOutcome.choices)],
    )
    ip_address = forms.CharField(label=_("来源地址"), required=False, max_length=45)

    def filters(self) -> SecurityEventFilter:
        """The filters given, or none when the form is not valid."""
        if not self.is_valid():
            return SecurityEventFilter()
        return SecurityEventFilter(**self.cleaned_data)


def _object_type_label(event: SecurityEvent) -> str:
    if event.content_type_id is None:
        return ""
    model = ContentType.objects.get_for_id(event.content_type_id).model_class()
    return str(model._meta.verbose_name) if model is not None else event.object_type


#: The detail's keys as a person reads them (a key not listed is shown as it is).
DETAIL_LABELS = {
    "action": _("操作"),
    "added": _("增加的权限"),
    "by_sms": _("短信发送"),
    "channel": _("渠道"),
    "code": _("编码"),
    "context": _("场合"),
    "created": _("写入条数"),
    "dry_run": _("仅检查"),
    "errors": _("错误数"),
    "file": _("文件"),
    "filters": _("筛选条件"),
    "first_sequence": _("起始序号"),
    "is_enabled": _("启用"),
    "last_sequence": _("截止序号"),
    "locked_seconds": _("剩余锁定秒数"),
    "organisation": _("党组织编码"),
    "path": _("页面"),
    "permissions": _("权限"),
    "register": _("数据类别"),
    "removed": _("去除的权限"),
    "reveal": _("含完整身份信息"),
    "role": _("角色编码"),
    "rows": _("行数"),
}
#: Values of the detail shown in words.
DETAIL_VALUES = {
    "admin": _("管理后台"),
    "portal": _("党员门户"),
    "app": _("移动端"),
    "members": _("党员信息"),
    "organisations": _("党组织信息"),
    True: _("是"),
    False: _("否"),
}


def _detail_value(value) -> str:
    if isinstance(value, bool | str) and value in DETAIL_VALUES:
        return str(DETAIL_VALUES[value])
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else str(value)


def _detail_text(event: SecurityEvent) -> str:
    """The detail as 「行数：3；渠道：管理后台」."""
    return "；".join(
        f"{DETAIL_LABELS.get(key, key)}：{_detail_value(value)}"
        for key, value in sorted(event.detail.items())
    )


def _rows(events: Iterable[SecurityEvent]) -> Iterable[dict]:
    for event in events:
        yield {
            "event": event,
            "time": timezone.localtime(event.created_at),
            "object_type": _object_type_label(event),
            "outcome": SecurityEventOutcome(event.outcome).label,
            "detail": _detail_text(event),
        }


def security_events_xlsx(*, events: Iterable[SecurityEvent]) -> tuple[bytes, int]:
    """The events as an xlsx workbook (write-only, strings never formulas) and the row count."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("安全审计记录")))
    sheet.append([text_cell(sheet, heading) for heading in EXPORT_HEADINGS])
    count = 0
    for row in _rows(events):
        event = row["event"]
        sheet.append(
            [
                text_cell(sheet, event.sequence),
                text_cell(sheet, f"{row['time']:%Y-%m-%d %H:%M:%S}"),
                text_cell(sheet, event.actor_username),
                text_cell(sheet, event.ip_address or ""),
                text_cell(sheet, event.event_label),
                text_cell(sheet, row["outcome"]),
                text_cell(sheet, row["object_type"]),
                text_cell(sheet, event.object_label),
                text_cell(sheet, row["detail"]),
            ]
        )
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


def security_events_view(request) -> HttpResponse:
    """The list, or its xlsx export with ``export=xlsx`` (recorded as ``audit.export``).

    Answers 403 itself to those who do not read the audit log (a raised PermissionDenied would
    become Wagtail's redirect to the dashboard)."""
    if not user_reads_audit_log(request.user):
        return permission_denied(request, PermissionDenied())
    form = SecurityEventFilterForm(request.GET)
    filters = form.filters()
    events = security_event_list(user=request.user, filters=filters)
    if request.GET.get("export") == "xlsx":
        content, count = security_events_xlsx(events=events.iterator(chunk_size=2000))
        security_event_record(
            event="audit.export",
            actor=request.user,
            request=request,
            detail={
                "rows": count,
                "filters": {key: value for key, value in vars(filters).items() if value},
            },
        )
        response = xlsx_response(content, f"安全审计记录-{timezone.localdate():%Y%m%d}.xlsx")
        response["Cache-Control"] = "no-store"
        return response
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    query.pop("export", None)
    return TemplateResponse(
        request,
        "partybuild/security_events/index.html",
        {
            "filters": form,
            "page": page,
            "rows": list(_rows(page.object_list)),
            "query": query.urlencode(),
        },
    )


class SecurityEventsMenuItem(MenuItem):
    """设置 › 安全审计, for the readers of the audit log only."""

    def is_shown(self, request):
        return user_reads_audit_log(request.user)


def security_events_menu_item() -> SecurityEventsMenuItem:
    return SecurityEventsMenuItem(
        _("安全审计"),
        reverse("partybuild_security_events"),
        name="security-audit",
        icon_name="warning",
        order=1010,
    )


def security_events_urlpatterns() -> list:
    return [path("security-audit/", security_events_view, name="partybuild_security_events")]

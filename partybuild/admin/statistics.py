"""The statistics dashboard on the Wagtail admin home: one panel per area (members,
organisations, dues, recruitment; content adds notices), each drawn as server-side SVG bar
charts with the same figures in a table beside them, and an xlsx export of the panel at
``statistics/export/<panel>/``.

Panels are described by :class:`StatisticsPanelSpec` and kept in a registry, so an app that
partybuild must not import (content) registers its own panel and gets the same chart and export
(docs/architecture.md: content imports partybuild, never the reverse). Figures come from
partybuild.selectors.statistics and are scoped to the viewer's subtree.
"""

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from wagtail.admin.ui.components import Component

from partybuild.admin.common import xlsx_response
from partybuild.admin.permissions import user_administers
from partybuild.core.excel.writer import number_cell, text_cell
from partybuild.models import User
from partybuild.selectors import statistics as figures

#: Geometry of the bar charts (SVG user units).
CHART_WIDTH = 420
LABEL_WIDTH = 150
BAR_AREA = 200
ROW_HEIGHT = 24


@dataclass(frozen=True)
class Chart:
    """Horizontal bars from ``(label, value)`` rows; ``unit`` follows each value."""

    title: str
    rows: Sequence[tuple[str, int | float]]
    unit: str = ""

    is_table = False

    @property
    def total(self) -> int | float:
        return sum(value for _label, value in self.rows)

    @property
    def height(self) -> int:
        return max(len(self.rows), 1) * ROW_HEIGHT + 4

    @property
    def bars(self) -> list[dict]:
        """The rows with their bar geometry (the longest bar fills the bar area)."""
        largest = max((value for _label, value in self.rows), default=0) or 1
        return [
            {
                "label": label,
                "value": value,
                "y": index * ROW_HEIGHT + 2,
                "text_y": index * ROW_HEIGHT + 17,
                "width": round(BAR_AREA * value / largest, 1) if value else 0,
                "value_x": LABEL_WIDTH + (round(BAR_AREA * value / largest, 1) if value else 0) + 6,
            }
            for index, (label, value) in enumerate(self.rows)
        ]


@dataclass(frozen=True)
class Table:
    """A plain table shown (and exported) under a panel's charts."""

    title: str
    headings: Sequence[str]
    rows: Sequence[Sequence]

    is_table = True


@dataclass(frozen=True)
class StatisticsPanelSpec:
    """One dashboard panel: its name in the export URL, heading, order on the home page, a
    function from the viewer to its charts and tables, and an optional one-line summary."""

    name: str
    heading: str
    order: int
    items: Callable[[User], list[Chart | Table]]
    summary: Callable[[User], str] | None = field(default=None)


STATISTICS_PANELS: dict[str, StatisticsPanelSpec] = {}


def statistics_panel_register(spec: StatisticsPanelSpec) -> StatisticsPanelSpec:
    """Make a panel known to the export view (idempotent)."""
    STATISTICS_PANELS[spec.name] = spec
    return spec


#: Who sees the dashboard panels and may export them: organisation administrators.
user_sees_statistics = user_administers


class StatisticsPanel(Component):
    """A dashboard panel drawn from its spec."""

    template_name = "partybuild/statistics/panel.html"

    def __init__(self, request, spec: StatisticsPanelSpec):
        self.request = request
        self.spec = spec
        self.name = f"statistics_{spec.name}"
        self.order = spec.order

    def get_context_data(self, parent_context=None):
        user = self.request.user
        return {
            "panel_id": f"statistics-{self.spec.name}",
            "heading": self.spec.heading,
            "items": self.spec.items(user),
            "summary": self.spec.summary(user) if self.spec.summary else "",
            "export_url": reverse("partybuild_statistics_export", args=[self.spec.name]),
            "chart_width": CHART_WIDTH,
            "label_width": LABEL_WIDTH,
        }


# --- the partybuild panels ----------------------------------------------------------------------


def _members(user: User) -> list[Chart | Table]:
    data = figures.statistics_members(user=user)
    return [
        Chart(_("人员类别"), data["category"], _("人")),
        Chart(_("性别"), data["gender"], _("人")),
        Chart(_("年龄"), data["age"], _("人")),
        Chart(_("学历"), data["education"], _("人")),
        Chart(_("入党时间"), data["joined"], _("人")),
    ]


def _organisations(user: User) -> list[Chart | Table]:
    data = figures.statistics_organisations(user=user)
    items: list[Chart | Table] = [
        Chart(_("组织类别"), data["type"], _("个")),
        Chart(_("换届提醒"), data["term"], _("个")),
    ]
    if data["term_rows"]:
        items.append(
            Table(_("任期将满的党组织"), [_("党组织"), _("届满日期"), _("提醒")], data["term_rows"])
        )
    return items


def _dues(user: User) -> list[Chart | Table]:
    data = figures.statistics_dues(user=user)
    return [
        Chart(_("本月党费缴纳人数"), data["members"], _("人")),
        Table(
            _("本月党费收缴"),
            [_("月份"), _("应缴（元）"), _("已缴（元）"), _("收缴率")],
            [[f"{data['month']:%Y-%m}", data["assessed"], data["paid"], f"{data['rate']:.2%}"]],
        ),
    ]


def _dues_summary(user: User) -> str:
    data = figures.statistics_dues(user=user)
    return _("%(month)s 收缴率 %(rate)s（已缴 ¥%(paid)s / 应缴 ¥%(assessed)s）") % {
        "month": f"{data['month']:%Y-%m}",
        "rate": f"{data['rate']:.2%}",
        "paid": data["paid"],
        "assessed": data["assessed"],
    }


def _recruitment(user: User) -> list[Chart | Table]:
    data = figures.statistics_recruitment(user=user)
    return [Chart(_("发展党员各阶段人数"), [*data["stages"], *data["probationary"]], _("人"))]


def _quarter_compliance(user: User) -> dict:
    from partybuild.selectors.compliance import compliance_summary

    today = timezone.localdate()
    return compliance_summary(user=user, year=today.year, quarter=(today.month - 1) // 3 + 1)


def _meetings(user: User) -> list[Chart | Table]:
    data = _quarter_compliance(user)
    kinds = data["by_kind"].values()
    return [
        Chart(
            _("本季度各类会议完成率"),
            [(kind["label"], round(100 * kind["rate"])) for kind in kinds],
            "%",
        ),
        Table(
            _("本季度“三会一课”落实情况"),
            [_("会议类型"), _("应开次数"), _("已开次数"), _("完成率")],
            [[k["label"], k["required"], k["held"], f"{k['rate']:.0%}"] for k in kinds]
            + [[_("合计"), data["required_total"], data["held_total"], f"{data['rate']:.0%}"]],
        ),
    ]


def _meetings_summary(user: User) -> str:
    data = _quarter_compliance(user)
    return _(
        "%(period)s 完成率 %(rate)s（已开 %(held)s / 应开 %(required)s），达标支部 %(ok)s/%(n)s"
    ) % {
        "period": data["period_label"],
        "rate": f"{data['rate']:.0%}",
        "held": data["held_total"],
        "required": data["required_total"],
        "ok": data["compliant_branches"],
        "n": data["branches"],
    }


PARTYBUILD_PANELS = (
    statistics_panel_register(StatisticsPanelSpec("members", "党员统计", 110, _members)),
    statistics_panel_register(
        StatisticsPanelSpec("organisations", "党组织统计", 120, _organisations)
    ),
    statistics_panel_register(
        StatisticsPanelSpec("dues", "本月党费收缴", 130, _dues, summary=_dues_summary)
    ),
    statistics_panel_register(StatisticsPanelSpec("recruitment", "发展党员", 150, _recruitment)),
    statistics_panel_register(
        StatisticsPanelSpec(
            "meetings", "“三会一课”落实情况（本季度）", 125, _meetings, summary=_meetings_summary
        )
    ),
)


def statistics_homepage_panels(request, panels: list) -> None:
    """Add partybuild's statistics panels to the admin home for administrators."""
    if not user_sees_statistics(request.user):
        return
    panels.extend(StatisticsPanel(request, spec) for spec in PARTYBUILD_PANELS)


# --- xlsx export ---------------------------------------------------------------------------------


def statistics_xlsx(*, spec: StatisticsPanelSpec, user: User) -> bytes:
    """The panel's charts and tables, one block after another, with a title row."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(spec.heading[:31])
    bold = Font(bold=True)

    def heading(value):
        cell = text_cell(sheet, value)
        cell.font = bold
        return cell

    scope = user.administered_organisation.name if user.administered_organisation else _("全部")
    sheet.append([heading(f"{spec.heading}（{scope}，{timezone.localdate():%Y-%m-%d}）")])
    for item in spec.items(user):
        sheet.append([])
        sheet.append([heading(item.title)])
        if item.is_table:
            sheet.append([heading(h) for h in item.headings])
            for row in item.rows:
                sheet.append(
                    [
                        text_cell(sheet, v) if isinstance(v, str) else number_cell(sheet, v)
                        for v in row
                    ]
                )
        else:
            sheet.append([heading(_("项目")), heading(_("数量"))])
            for label, value in item.rows:
                sheet.append([text_cell(sheet, label), number_cell(sheet, value)])
            sheet.append([heading(_("合计")), number_cell(sheet, item.total)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def statistics_export_view(request, panel: str):
    """``statistics/export/<panel>/``: the xlsx of one panel, for administrators."""
    if not user_sees_statistics(request.user):
        raise PermissionDenied
    spec = STATISTICS_PANELS.get(panel)
    if spec is None:
        raise Http404
    return xlsx_response(
        statistics_xlsx(spec=spec, user=request.user),
        f"{spec.heading}-{timezone.localdate():%Y%m%d}.xlsx",
    )


def statistics_urlpatterns() -> list:
    return [
        path(
            "statistics/export/<slug:panel>/",
            statistics_export_view,
            name="partybuild_statistics_export",
        )
    ]

"""The statistics dashboard's frame on the Wagtail admin home: panels drawn as server-side SVG bar
charts with the same figures in a table beside them, and an xlsx export of each panel at
``statistics/export/<panel>/``.

Panels are described by :class:`StatisticsPanelSpec` and kept in a registry, so the apps that
the kernel must not import register their own (partybuild.statistics: members, organisations,
dues, recruitment, meetings; content: notices) and get the same chart and export
(docs/architecture.md, "Dependencies"). Each panel's figures are scoped to the viewer's subtree.
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

from partybuild.admin.common import xlsx_export_response
from partybuild.admin.permissions import user_administers
from partybuild.core.excel.writer import number_cell, text_cell
from partybuild.core.replica import reading_from_replica
from partybuild.models import User
from partybuild.selectors.roles import user_scope_paths, user_scope_roots

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
    function from the viewer to its charts and tables, the permission (``app.codename``) of the
    register its figures come from, and its one-line summary, shown above the folded charts:
    a function of the viewer and the panel's items (so it reads the figures already computed;
    without it, the first chart's total)."""

    name: str
    heading: str
    order: int
    items: Callable[[User], list[Chart | Table]]
    permission: str
    summary: Callable[[User, list], str] | None = field(default=None)


STATISTICS_PANELS: dict[str, StatisticsPanelSpec] = {}


def statistics_panel_register(spec: StatisticsPanelSpec) -> StatisticsPanelSpec:
    """Make a panel known to the export view (idempotent)."""
    STATISTICS_PANELS[spec.name] = spec
    return spec


def user_sees_statistics(user: User, spec: StatisticsPanelSpec) -> bool:
    """Whether ``user`` sees (and may export) a panel: its figures are aggregates of a register,
    so they need that register's view permission, within the user's scope; a role in force
    without it (an 审计管理员's) sees no statistics."""
    return user_administers(user, spec.permission)


def panel_summary(spec: StatisticsPanelSpec, user: User, items: list) -> str:
    """The one line above a panel's folded charts (see StatisticsPanelSpec)."""
    if spec.summary is not None:
        return spec.summary(user, items)
    chart = next((item for item in items if not item.is_table), None)
    if chart is None:
        return ""
    return _("%(title)s：合计 %(total)s %(unit)s") % {
        "title": chart.title,
        "total": chart.total,
        "unit": chart.unit,
    }


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
        with reading_from_replica():
            items = self.spec.items(user)
            summary = panel_summary(self.spec, user, items)
        return {
            "panel_id": f"statistics-{self.spec.name}",
            "heading": self.spec.heading,
            "items": items,
            "summary": summary,
            "export_url": reverse("partybuild_statistics_export", args=[self.spec.name]),
            "chart_width": CHART_WIDTH,
            "label_width": LABEL_WIDTH,
        }


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

    roots = user_scope_paths(user=user)
    scope = "、".join(root.name for root in user_scope_roots(user=user)) if roots else _("全部")
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


@reading_from_replica()
def statistics_export_view(request, panel: str):
    """``statistics/export/<panel>/``: the xlsx of one panel, for administrators."""
    spec = STATISTICS_PANELS.get(panel)
    if spec is None:
        raise Http404
    if not user_sees_statistics(request.user, spec):
        raise PermissionDenied
    return xlsx_export_response(
        request,
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

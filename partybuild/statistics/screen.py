"""The registers' panels of the 数据大屏 (partybuild/admin/screen.py): members, organisations,
dues, 三会一课 and recruitment of one subtree, from the figures of partybuild.statistics.selectors,
cached like the admin home's (dashboard_figure, keyed by the narrowed viewer's scope)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuild.admin.dashboard import dashboard_figure
from partybuild.admin.screen import ScreenPanelSpec, screen_panel_register
from partybuild.core.versioned_cache import DUES, MEETINGS, MEMBERS, ORGANISATIONS, RECRUITMENT
from partybuild.models import User
from partybuild.statistics import selectors as figures


def _rows(rows) -> list[dict]:
    return [{"label": str(label), "value": value} for label, value in rows]


def _bars(title: str, rows, unit: str) -> dict:
    return {"title": title, "kind": "bars", "unit": unit, "rows": _rows(rows)}


def _percent(rate) -> float:
    return round(float(rate) * 100, 1)


def _members(user: User) -> dict:
    data = dashboard_figure(
        user=user,
        name="members",
        topics=(MEMBERS, ORGANISATIONS),
        compute=lambda: figures.statistics_members(user=user),
    )
    return {
        "figures": [
            {
                "label": _("在册党员"),
                "value": sum(value for _label, value in data["category"]),
                "unit": _("人"),
            }
        ],
        "charts": [
            _bars(_("性别"), data["gender"], _("人")),
            _bars(_("学历"), data["education"], _("人")),
            _bars(_("年龄"), data["age"], _("人")),
        ],
    }


def _organisations(user: User) -> dict:
    data = dashboard_figure(
        user=user,
        name="screen_organisation_types",
        topics=(ORGANISATIONS,),
        compute=lambda: figures.statistics_organisation_types(user=user),
    )
    return {
        "figures": [{"label": _("党组织"), "value": sum(v for _l, v in data), "unit": _("个")}],
        "charts": [_bars(_("组织类别"), data, _("个"))],
    }


def _dues(user: User) -> dict:
    month = dashboard_figure(
        user=user,
        name="dues",
        topics=(DUES, ORGANISATIONS),
        compute=lambda: figures.statistics_dues(user=user),
    )
    year = dashboard_figure(
        user=user,
        name="dues_year",
        topics=(DUES, ORGANISATIONS),
        compute=lambda: figures.statistics_dues_year(user=user),
    )
    return {
        "figures": [
            {"label": _("本月已缴（元）"), "value": str(month["paid"]), "unit": ""},
            {"label": _("本年已缴（元）"), "value": str(year["paid"]), "unit": ""},
        ],
        "charts": [
            {
                "title": _("本月收缴率"),
                "kind": "ring",
                "unit": "%",
                "rows": [{"label": f"{month['month']:%Y-%m}", "value": _percent(month["rate"])}],
            },
            {
                "title": _("本年收缴率"),
                "kind": "ring",
                "unit": "%",
                "rows": [{"label": str(year["year"]), "value": _percent(year["rate"])}],
            },
            _bars(_("本月缴纳人数"), month["members"], _("人")),
        ],
    }


def _meetings(user: User) -> dict:
    from partybuild.orglife.selectors.compliance import compliance_summary

    today = timezone.localdate()
    data = dashboard_figure(
        user=user,
        name="compliance",
        topics=(MEETINGS, MEMBERS, ORGANISATIONS),
        compute=lambda: compliance_summary(
            user=user, year=today.year, quarter=(today.month - 1) // 3 + 1
        ),
    )
    return {
        "figures": [
            {
                "label": _("达标支部"),
                "value": f"{data['compliant_branches']}/{data['branches']}",
                "unit": "",
            }
        ],
        "charts": [
            {
                "title": _("%(period)s完成率") % {"period": data["period_label"]},
                "kind": "ring",
                "unit": "%",
                "rows": [{"label": _("合计"), "value": _percent(data["rate"])}],
            },
            _bars(
                _("各类会议完成率"),
                [(kind["label"], _percent(kind["rate"])) for kind in data["by_kind"].values()],
                "%",
            ),
        ],
    }


def _recruitment(user: User) -> dict:
    data = dashboard_figure(
        user=user,
        name="recruitment",
        topics=(RECRUITMENT, MEMBERS, ORGANISATIONS),
        compute=lambda: figures.statistics_recruitment(user=user),
    )
    return {
        "figures": [
            {
                "label": _("发展中"),
                "value": sum(value for _label, value in data["stages"]),
                "unit": _("人"),
            },
            {"label": _("预备党员"), "value": data["probationary"][0][1], "unit": _("人")},
        ],
        "charts": [_bars(_("各阶段人数"), data["stages"], _("人"))],
    }


SCREEN_PANELS = (
    screen_panel_register(
        ScreenPanelSpec("members", gettext_lazy("党员"), 10, "partybuild.view_member", _members)
    ),
    screen_panel_register(
        ScreenPanelSpec(
            "organisations",
            gettext_lazy("党组织"),
            20,
            "partybuild.view_organisation",
            _organisations,
        )
    ),
    screen_panel_register(
        ScreenPanelSpec("dues", gettext_lazy("党费收缴"), 30, "dues.view_duesassessment", _dues)
    ),
    screen_panel_register(
        ScreenPanelSpec(
            "meetings", gettext_lazy("“三会一课”"), 40, "orglife.view_meeting", _meetings
        )
    ),
    screen_panel_register(
        ScreenPanelSpec(
            "recruitment",
            gettext_lazy("发展党员"),
            50,
            "recruitment.view_candidate",
            _recruitment,
        )
    ),
)

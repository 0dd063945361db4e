"""The registers' statistics panels on the admin home (members, organisations, dues, meetings,
recruitment), drawn by the kernel's dashboard frame (partybuild/admin/statistics.py) from the
figures of partybuild.statistics.selectors, scoped to the viewer's subtree."""

from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.admin.dashboard import dashboard_figure, dashboard_term_reminders
from partybuild.admin.statistics import (
    Chart,
    StatisticsPanel,
    StatisticsPanelSpec,
    Table,
    statistics_panel_register,
    user_sees_statistics,
)
from partybuild.core.versioned_cache import (
    DUES,
    MEETINGS,
    MEMBERS,
    ORGANISATIONS,
    RECRUITMENT,
)
from partybuild.models import User
from partybuild.statistics import selectors as figures

# --- the partybuild panels ----------------------------------------------------------------------


def _members(user: User) -> list[Chart | Table]:
    data = dashboard_figure(
        user=user,
        name="members",
        topics=(MEMBERS, ORGANISATIONS),
        compute=lambda: figures.statistics_members(user=user),
    )
    return [
        Chart(_("人员类别"), data["category"], _("人")),
        Chart(_("性别"), data["gender"], _("人")),
        Chart(_("年龄"), data["age"], _("人")),
        Chart(_("学历"), data["education"], _("人")),
        Chart(_("入党时间"), data["joined"], _("人")),
    ]


def _organisations(user: User) -> list[Chart | Table]:
    data = dashboard_figure(
        user=user,
        name="organisations",
        topics=(ORGANISATIONS, MEMBERS),
        compute=lambda: figures.statistics_organisations(
            user=user, reminders=dashboard_term_reminders(user=user)
        ),
    )
    items: list[Chart | Table] = [
        Chart(_("组织类别"), data["type"], _("个")),
        Chart(_("换届提醒"), data["term"], _("个")),
    ]
    if data["term_rows"]:
        items.append(
            Table(_("任期将满的党组织"), [_("党组织"), _("届满日期"), _("提醒")], data["term_rows"])
        )
    items.append(Chart(_("党支部规模提示"), data["size"], _("个")))
    if data["size_rows"]:
        items.append(
            Table(
                _("规模需关注的党支部"),
                [_("党支部"), _("正式党员"), _("党员"), _("提示")],
                data["size_rows"],
            )
        )
    return items


def _dues(user: User) -> list[Chart | Table]:
    data = dashboard_figure(
        user=user,
        name="dues",
        topics=(DUES, ORGANISATIONS),
        compute=lambda: figures.statistics_dues(user=user),
    )
    return [
        Chart(_("本月党费缴纳人数"), data["members"], _("人")),
        Table(
            _("本月党费收缴"),
            [_("月份"), _("应缴（元）"), _("已缴（元）"), _("收缴率")],
            [[f"{data['month']:%Y-%m}", data["assessed"], data["paid"], f"{data['rate']:.2%}"]],
        ),
    ]


def _dues_summary(user: User, items: list) -> str:
    month, assessed, paid, rate = items[1].rows[0]
    return _("%(month)s 收缴率 %(rate)s（已缴 ¥%(paid)s / 应缴 ¥%(assessed)s）") % {
        "month": month,
        "rate": rate,
        "paid": paid,
        "assessed": assessed,
    }


def _members_summary(user: User, items: list) -> str:
    categories = items[0]
    parts = "，".join(f"{label} {value} 人" for label, value in categories.rows if value)
    return _("在册党员 %(total)s 人") % {"total": categories.total} + (
        f"（{parts}）" if parts else ""
    )


def _organisations_summary(user: User, items: list) -> str:
    types, terms = items[0], items[1]
    return _("党组织 %(total)s 个；已到期或 6 个月内届满 %(due)s 个") % {
        "total": types.total,
        "due": terms.total,
    }


def _recruitment_summary(user: User, items: list) -> str:
    stages = items[0]
    parts = "，".join(f"{label} {value} 人" for label, value in stages.rows if value)
    return parts or _("暂无发展对象")


def _recruitment(user: User) -> list[Chart | Table]:
    data = dashboard_figure(
        user=user,
        name="recruitment",
        topics=(RECRUITMENT, MEMBERS, ORGANISATIONS),
        compute=lambda: figures.statistics_recruitment(user=user),
    )
    return [Chart(_("发展党员各阶段人数"), [*data["stages"], *data["probationary"]], _("人"))]


def _quarter_compliance(user: User) -> dict:
    """This quarter's 三会一课 figures, once per request for the chart and the summary."""
    from partybuild.orglife.selectors.compliance import compliance_summary

    today = timezone.localdate()
    return dashboard_figure(
        user=user,
        name="compliance",
        topics=(MEETINGS, MEMBERS, ORGANISATIONS),
        compute=lambda: compliance_summary(
            user=user, year=today.year, quarter=(today.month - 1) // 3 + 1
        ),
    )


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


def _meetings_summary(user: User, items: list) -> str:
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
    statistics_panel_register(
        StatisticsPanelSpec(
            "members", "党员统计", 110, _members, "partybuild.view_member", summary=_members_summary
        )
    ),
    statistics_panel_register(
        StatisticsPanelSpec(
            "organisations",
            "党组织统计",
            120,
            _organisations,
            "partybuild.view_organisation",
            summary=_organisations_summary,
        )
    ),
    statistics_panel_register(
        StatisticsPanelSpec(
            "dues", "本月党费收缴", 130, _dues, "dues.view_duesassessment", summary=_dues_summary
        )
    ),
    statistics_panel_register(
        StatisticsPanelSpec(
            "recruitment",
            "发展党员",
            150,
            _recruitment,
            "recruitment.view_candidate",
            summary=_recruitment_summary,
        )
    ),
    statistics_panel_register(
        StatisticsPanelSpec(
            "meetings",
            "“三会一课”落实情况（本季度）",
            125,
            _meetings,
            "orglife.view_meeting",
            summary=_meetings_summary,
        )
    ),
)


def statistics_homepage_panels(request, panels: list) -> None:
    """Add to the admin home the registers' statistics panels the user may see."""
    panels.extend(
        StatisticsPanel(request, spec)
        for spec in PARTYBUILD_PANELS
        if user_sees_statistics(request.user, spec)
    )

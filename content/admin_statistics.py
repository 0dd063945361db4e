"""通知公告 on the statistics dashboard: how the notices of the last 30 days were read by the
members of the viewer's subtree. It lives in content because partybuild never imports content
(docs/architecture.md); it uses partybuild's dashboard panel, chart and export
(partybuild/admin/statistics.py) by registering its own panel spec.

Queries: the notices (at most ``NOTICE_LIMIT``), their targets, then one aggregate over the
members for every notice's audience and one over the receipts for every notice's readers —
four whatever the number of notices and members — and the figure is cached per subtree until a
member, an organisation, a notice or a receipt changes (partybuild/admin/dashboard.py).
"""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from content.models import NoticePage, NoticeReceipt
from partybuild.admin.dashboard import dashboard_figure
from partybuild.admin.statistics import (
    Chart,
    StatisticsPanel,
    StatisticsPanelSpec,
    Table,
    statistics_panel_register,
    user_sees_statistics,
)
from partybuild.core.versioned_cache import MEMBERS, NOTICES, ORGANISATIONS
from partybuild.models import User
from partybuild.selectors.members import member_scope_for_user
from partybuild.selectors.roles import paths_q, user_scope_paths

#: How far back the panel looks, and how many notices it shows at most.
NOTICE_DAYS = 30
NOTICE_LIMIT = 10


def _audience_q(targets: list[str], prefix: str = "") -> Q:
    """Members (through ``prefix``) on the roll who must read a notice addressed to ``targets``
    (content.receipts.notice_audience: no targets, every member)."""
    on_roll = Q(**{f"{prefix}is_on_roll": True})
    return on_roll & paths_q(targets, f"{prefix}organisation") if targets else on_roll


def statistics_notices(*, user: User, now: datetime.datetime | None = None) -> dict:
    """Per notice first published in the last 30 days (newest first, at most 10): its audience
    within the user's scope and how many of them read it; and the overall read rate."""
    now = now or timezone.now()
    notices = list(
        NoticePage.objects.live()
        .filter(first_published_at__gte=now - datetime.timedelta(days=NOTICE_DAYS))
        .order_by("-first_published_at", "-pk")
        .only("pk", "title")[:NOTICE_LIMIT]
    )
    if not notices:
        return {"rows": [], "audience": 0, "read": 0, "rate": 0.0}
    targets: dict[int, list[str]] = {notice.pk: [] for notice in notices}
    through = NoticePage.target_organisations.through.objects.filter(noticepage_id__in=targets)
    for notice_id, path in through.values_list("noticepage_id", "organisation__path"):
        targets[notice_id].append(path)
    scope = member_scope_for_user(user=user)
    audiences = scope.aggregate(
        **{f"n{pk}": Count("pk", filter=_audience_q(paths)) for pk, paths in targets.items()}
    )
    readers = NoticeReceipt.objects.filter(
        paths_q(user_scope_paths(user=user), "member__organisation"), notice_id__in=targets
    ).aggregate(
        **{
            f"n{pk}": Count("pk", filter=Q(notice_id=pk) & _audience_q(paths, "member__"))
            for pk, paths in targets.items()
        }
    )
    rows = [
        {"title": notice.title, "audience": audiences[key], "read": readers[key]}
        for notice in notices
        if audiences[key := f"n{notice.pk}"]
    ]
    audience = sum(row["audience"] for row in rows)
    read = sum(row["read"] for row in rows)
    return {
        "rows": rows,
        "audience": audience,
        "read": read,
        "rate": round(read / audience, 4) if audience else 0.0,
    }


def _percent(read: int, audience: int) -> int:
    return round(100 * read / audience) if audience else 0


def _items(user: User) -> list:
    data = dashboard_figure(
        user=user,
        name="notices",
        topics=(NOTICES, MEMBERS, ORGANISATIONS),
        compute=lambda: statistics_notices(user=user),
    )
    return [
        Chart(
            _("近30天通知阅读率"),
            [(row["title"], _percent(row["read"], row["audience"])) for row in data["rows"]],
            "%",
        ),
        Table(
            _("近30天通知阅读情况"),
            [_("通知"), _("应读人数"), _("已读人数"), _("阅读率")],
            [
                [row["title"], row["audience"], row["read"], f"{row['read'] / row['audience']:.0%}"]
                for row in data["rows"]
            ]
            + [[_("合计"), data["audience"], data["read"], f"{data['rate']:.0%}"]],
        ),
    ]


NOTICE_PANEL = statistics_panel_register(
    StatisticsPanelSpec("notices", "通知阅读率（近30天）", 140, _items, "partybuild.edit_content")
)


def notice_statistics_homepage_panel(request, panels: list) -> None:
    if user_sees_statistics(request.user, NOTICE_PANEL):
        panels.append(StatisticsPanel(request, NOTICE_PANEL))

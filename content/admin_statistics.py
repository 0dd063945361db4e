"""通知公告 on the statistics dashboard: how the notices of the last 30 days were read by the
members of the viewer's subtree. It lives in content because partybuild never imports content
(docs/architecture.md); it uses partybuild's dashboard panel, chart and export
(partybuild/admin/statistics.py) by registering its own panel spec.

Queries: one for the notices, then two per notice (its targets and its audience/read counts),
at most ``NOTICE_LIMIT`` notices — never one per member.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from content.models import NoticePage, NoticeReceipt
from content.receipts import notice_audience
from partybuild.admin.statistics import (
    Chart,
    StatisticsPanel,
    StatisticsPanelSpec,
    Table,
    statistics_panel_register,
    user_sees_statistics,
)
from partybuild.models import User
from partybuild.selectors.members import member_scope_for_user

#: How far back the panel looks, and how many notices it shows at most.
NOTICE_DAYS = 30
NOTICE_LIMIT = 10


def statistics_notices(*, user: User, now: datetime.datetime | None = None) -> dict:
    """Per notice first published in the last 30 days (newest first, at most 10): its audience
    within the user's scope and how many of them read it; and the overall read rate."""
    now = now or timezone.now()
    notices = (
        NoticePage.objects.live()
        .filter(first_published_at__gte=now - datetime.timedelta(days=NOTICE_DAYS))
        .order_by("-first_published_at", "-pk")[:NOTICE_LIMIT]
    )
    scope = member_scope_for_user(user=user).filter(is_on_roll=True).values("pk")
    rows = []
    for notice in notices:
        counts = (
            notice_audience(notice=notice)
            .filter(pk__in=scope)
            .aggregate(
                audience=Count("pk"),
                read=Count(
                    "pk",
                    filter=Q(
                        Exists(NoticeReceipt.objects.filter(notice=notice, member=OuterRef("pk")))
                    ),
                ),
            )
        )
        if counts["audience"]:
            rows.append({"title": notice.title, **counts})
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
    data = statistics_notices(user=user)
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

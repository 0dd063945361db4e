"""三会一课 compliance (docs/domain.md §5): for each 党支部, the meetings required in a period
against those held, by kind.

Rules:

* 支部委员会 is required only of a branch that has one, i.e. 7 or more 正式党员 (docs/domain.md
  §1, counted by partybuild.selectors.organisations.organisation_sizes_attach); a smaller
  branch has a secretary and holds no 支委会. The size is today's, for any period: the register
  keeps no history of it.
* 支部委员会, 党小组会 and 主题党日 are monthly; 支部党员大会 and 党课 quarterly; 组织生活会 and
  民主评议党员 yearly. A kind is required once for each of its sub-periods (month, quarter,
  year) that lies within the period asked for: a month requires only the monthly kinds, a
  quarter the monthly ones three times and the quarterly ones once, a year everything.
* 党小组会 is required of each 党小组 of the branch (a branch without groups needs none) and
  counts when held by that group; every other kind counts when held by the branch itself.
* A meeting counts only when closed, with minutes and at least one attendance recorded, in the
  sub-period of its start in Asia/Shanghai time. Held is capped at one per sub-period.

Two queries whatever the number of branches and meetings: the organisations in scope (with
their size) and the distinct (organisation, kind, month) of the qualifying meetings.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.models import Organisation, OrganisationType, User
from partybuild.orglife.models import Meeting, MeetingAttendee, MeetingKind, MeetingStatus
from partybuild.selectors.organisations import (
    organisation_has_committee,
    organisation_scope_for_user,
    organisation_sizes_attach,
)

MONTHLY = (MeetingKind.COMMITTEE, MeetingKind.GROUP, MeetingKind.THEME_DAY)
QUARTERLY = (MeetingKind.BRANCH_ASSEMBLY, MeetingKind.PARTY_LECTURE)
YEARLY = (MeetingKind.LIFE_MEETING, MeetingKind.EVALUATION)
KIND_ORDER = list(MeetingKind.values)


def compliance_period_months(
    *, year: int, quarter: int | None = None, month: int | None = None
) -> list[int]:
    """The months of the period (month wins over quarter; neither is the whole year)."""
    if month is not None:
        if not 1 <= month <= 12:
            raise ValueError("month out of range")
        return [month]
    if quarter is not None:
        if not 1 <= quarter <= 4:
            raise ValueError("quarter out of range")
        return [3 * (quarter - 1) + offset for offset in (1, 2, 3)]
    return list(range(1, 13))


def compliance_period_label(
    *, year: int, quarter: int | None = None, month: int | None = None
) -> str:
    if month is not None:
        return _("%(year)s年%(month)s月") % {"year": year, "month": month}
    if quarter is not None:
        return _("%(year)s年第%(quarter)s季度") % {"year": year, "quarter": quarter}
    return _("%(year)s年") % {"year": year}


def _sub_periods(kind: str, months: list[int]) -> list[tuple[int, ...]]:
    """The sub-periods of ``kind`` lying within ``months``, each as the tuple of its months."""
    if kind in MONTHLY:
        return [(m,) for m in months]
    if kind in QUARTERLY:
        quarters = [tuple(range(q, q + 3)) for q in (1, 4, 7, 10)]
        return [q for q in quarters if set(q) <= set(months)]
    return [tuple(range(1, 13))] if len(months) == 12 else []


def qualifying_meetings():
    """Meetings that count for compliance: closed, with minutes and an attendance."""
    return (
        Meeting.objects.filter(status=MeetingStatus.CLOSED)
        .exclude(minutes="")
        .filter(Exists(MeetingAttendee.objects.filter(meeting=OuterRef("pk"), attended=True)))
    )


def organisation_compliance_list(
    *,
    user: User | AnonymousUser,
    year: int,
    quarter: int | None = None,
    month: int | None = None,
) -> list[dict]:
    """One row per 党支部 in the user's subtree, in tree order (see the module's rules)."""
    months = compliance_period_months(year=year, quarter=quarter, month=month)
    in_scope = organisation_scope_for_user(user=user).filter(
        org_type__in=(OrganisationType.BRANCH, OrganisationType.GROUP)
    )
    organisations = organisation_sizes_attach(organisations=list(in_scope.order_by("path")))
    branches = [org for org in organisations if org.org_type == OrganisationType.BRANCH]
    if not branches:
        return []
    steplen = Organisation.steplen
    branch_by_path = {branch.path: branch for branch in branches}
    groups_of: dict[int, list[int]] = {branch.pk: [] for branch in branches}
    for org in organisations:
        if org.org_type == OrganisationType.GROUP and org.path[:-steplen] in branch_by_path:
            groups_of[branch_by_path[org.path[:-steplen]].pk].append(org.pk)

    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, months[0], 1, tzinfo=tz)
    end_year, end_month = (year + 1, 1) if months[-1] == 12 else (year, months[-1] + 1)
    end = datetime.datetime(end_year, end_month, 1, tzinfo=tz)
    held_rows = (
        qualifying_meetings()
        .filter(organisation__in=in_scope.values("pk"), starts_at__gte=start, starts_at__lt=end)
        .annotate(month=TruncMonth("starts_at", tzinfo=tz))
        .order_by()  # the model's ordering would add its columns to the DISTINCT
        .values_list("organisation_id", "kind", "month")
        .distinct()
    )
    held_months: dict[tuple[int, str], set[int]] = {}
    for organisation_id, kind, month_start in held_rows:
        local = month_start.astimezone(tz) if isinstance(month_start, datetime.datetime) else None
        number = local.month if local else month_start.month
        held_months.setdefault((organisation_id, kind), set()).add(number)

    # Per kind, once: its sub-periods (as sets of months) and its label.
    periods_of = {
        kind: [set(period) for period in _sub_periods(kind, months)] for kind in KIND_ORDER
    }
    labels = {kind: str(MeetingKind(kind).label) for kind in KIND_ORDER}
    nothing: set[int] = set()
    rows = []
    for branch in branches:
        required: dict[str, int] = {}
        held: dict[str, int] = {}
        has_committee = organisation_has_committee(branch)
        for kind in KIND_ORDER:
            if kind == MeetingKind.COMMITTEE and not has_committee:
                continue
            periods = periods_of[kind]
            holders = groups_of[branch.pk] if kind == MeetingKind.GROUP else [branch.pk]
            if not periods or not holders:
                continue
            required[kind] = len(periods) * len(holders)
            held[kind] = sum(
                1
                for holder in holders
                for period in periods
                if held_months.get((holder, kind), nothing) & period
            )
        required_total = sum(required.values())
        held_total = sum(held.values())
        rows.append(
            {
                "organisation": branch,
                "has_committee": has_committee,
                "full_members": branch.size_full_member_count,
                "required": required,
                "held": held,
                "missing": [
                    (labels[kind], required[kind] - held[kind])
                    for kind in required
                    if held[kind] < required[kind]
                ],
                "required_total": required_total,
                "held_total": held_total,
                "rate": _rate(held_total, required_total),
            }
        )
    return rows


def _rate(held: int, required: int) -> Decimal:
    if not required:
        return Decimal("1")
    return (Decimal(held) / Decimal(required)).quantize(Decimal("0.0001"))


def compliance_summary(
    *,
    user: User | AnonymousUser,
    year: int,
    quarter: int | None = None,
    month: int | None = None,
    rows: list[dict] | None = None,
) -> dict:
    """Totals over the user's branches for the dashboard: counts, overall rate, by kind;
    ``rows``, when the caller has them, are the period's :func:`organisation_compliance_list`."""
    if rows is None:
        rows = organisation_compliance_list(user=user, year=year, quarter=quarter, month=month)
    required_total = sum(row["required_total"] for row in rows)
    held_total = sum(row["held_total"] for row in rows)
    by_kind = {}
    for kind in KIND_ORDER:
        required = sum(row["required"].get(kind, 0) for row in rows)
        if required:
            held = sum(row["held"].get(kind, 0) for row in rows)
            by_kind[kind] = {
                "label": str(MeetingKind(kind).label),
                "required": required,
                "held": held,
                "rate": _rate(held, required),
            }
    return {
        "period_label": compliance_period_label(year=year, quarter=quarter, month=month),
        "branches": len(rows),
        "compliant_branches": sum(1 for row in rows if row["held_total"] >= row["required_total"]),
        "required_total": required_total,
        "held_total": held_total,
        "rate": _rate(held_total, required_total),
        "by_kind": by_kind,
    }

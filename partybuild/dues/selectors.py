"""Reads of party dues: periods, the collection report of a subtree, member rows, arrears, the
members six months unpaid, voluntary payments passed up in full, the 减免 register and a member's
own statement. Sums are Decimal and come from the assessments' own columns, so the report's
total is the sum of its member rows."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from partybuild.core.dates import add_months, month_start
from partybuild.core.money import ZERO, money
from partybuild.core.requests import current_request
from partybuild.core.versioned_cache import (
    DUES,
    MEMBERS,
    ORGANISATIONS,
    scope_label,
    versioned_cache_get_or_set,
)
from partybuild.dues.models import (
    VOLUNTARY_PASSED_UP_THRESHOLD,
    DuesAssessment,
    DuesCategory,
    DuesPayment,
    DuesProfile,
    DuesRate,
    DuesWaiver,
)
from partybuild.models import Member, Organisation, Transfer, TransferKind, TransferStatus, User
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.selectors.roles import scope_q, user_scope_paths

#: docs/domain.md §4: a member who has not paid for this many consecutive months without good
#: reason is a case for 自行脱党 handling by the branch — listed for people to act on, never a
#: change the system makes.
LAPSE_MONTHS = 6


@dataclass(frozen=True)
class DuesPeriod:
    """A month, quarter or year: the first day of its first and of its last month."""

    start: datetime.date
    end: datetime.date
    label: str


def dues_period_parse(text: str) -> DuesPeriod:
    """``2026-11`` (month), ``2026-Q4`` (quarter) or ``2026`` (year)."""
    text = (text or "").strip().upper()
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            start = datetime.date(year, month, 1)
            return DuesPeriod(start, start, f"{year}年{month}月")
    if match := re.fullmatch(r"(\d{4})-Q([1-4])", text):
        year, quarter = int(match[1]), int(match[2])
        start = datetime.date(year, 3 * quarter - 2, 1)
        return DuesPeriod(start, add_months(start, 2), f"{year}年第{quarter}季度")
    if re.fullmatch(r"\d{4}", text) and 1900 < int(text) < 2200:
        year = int(text)
        return DuesPeriod(datetime.date(year, 1, 1), datetime.date(year, 12, 1), f"{year}年")
    raise ValidationError(
        {"period": ValidationError(_("期间格式应为 2026-11、2026-Q4 或 2026。"), code="period")}
    )


def dues_assessments_for_user(*, user: User) -> QuerySet[DuesAssessment]:
    """Assessments of organisations the user administers (all for a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return DuesAssessment.objects.none()
    if user.is_superuser:
        return DuesAssessment.objects.all()
    return DuesAssessment.objects.filter(scope_q(user=user, lookup="organisation"))


def _sums(row: dict) -> dict:
    assessed = money(row.get("assessed") or ZERO)
    paid = money(row.get("paid") or ZERO)
    return {
        "assessed": assessed,
        "paid": paid,
        "outstanding": assessed - paid,
        "waived": money(row.get("waived") or ZERO),
        "rate": (paid / assessed).quantize(Decimal("0.0001")) if assessed else Decimal("0"),
    }


def _in_period(queryset, period: DuesPeriod, root: Organisation):
    return queryset.filter(
        month__gte=period.start, month__lte=period.end, organisation__path__startswith=root.path
    )


def _report_figure(*, user: User, name: str, root: Organisation, period: DuesPeriod, compute):
    """A figure of the 党费收缴统计 of ``root`` in ``period``: once per request, and from the shared
    cache until a dues row, member or organisation is written (partybuild/core/versioned_cache.py;
    partybuild/dues/assessment.py bumps the topic after its bulk inserts). At 100,000 members each
    figure aggregates the period's 100,000 assessments; a repeat view reads them from the cache."""
    return versioned_cache_get_or_set(
        name=f"dues:{name}:{root.pk}:{period.start:%Y%m}:{period.end:%Y%m}",
        scope=scope_label(user_scope_paths(user=user)),
        topics=(DUES, MEMBERS, ORGANISATIONS),
        compute=compute,
        memo=current_request(),
    )


def dues_report(*, user: User, root: Organisation, period: DuesPeriod) -> dict:
    """Per organisation of ``root``'s subtree: its own members' sums and its subtree's subtotal;
    and the grand total. Two queries whatever the size; each organisation's sums are added to
    its ancestors' by path, so the time grows with the organisations times the depth."""
    if not organisation_scope_for_user(user=user).filter(pk=root.pk).exists():
        raise Organisation.DoesNotExist
    return _report_figure(
        user=user,
        name="report",
        root=root,
        period=period,
        compute=lambda: _report(user=user, root=root, period=period),
    )


def _report(*, user: User, root: Organisation, period: DuesPeriod) -> dict:
    own = {
        row["organisation"]: row
        for row in _in_period(dues_assessments_for_user(user=user), period, root)
        .values("organisation")
        .annotate(
            assessed=Sum("amount_due"),
            paid=Sum("paid_amount"),
            waived=Sum("waived_amount"),
            # In one month a member has one assessment: counting them needs no DISTINCT (a
            # sort per organisation, a third of the query at 100,000 members).
            members=Count("member", distinct=period.start != period.end),
            months=Count("pk"),
        )
    }
    organisations = list(
        Organisation.objects.filter(path__startswith=root.path)
        .only("pk", "path", "depth", "name")
        .order_by("path")
    )
    keys = ("assessed", "paid", "waived")
    subtotals: dict[str, dict] = {}
    for organisation in organisations:
        if organisation.pk not in own:
            continue
        for depth in range(root.depth, organisation.depth + 1):
            ancestor = organisation.path[: depth * Organisation.steplen]
            subtotal = subtotals.setdefault(ancestor, dict.fromkeys(keys, ZERO))
            for key in keys:
                subtotal[key] += own[organisation.pk][key]
    rows = [
        {
            "organisation": organisation,
            "depth": organisation.depth - root.depth,
            "members": own.get(organisation.pk, {}).get("members", 0),
            "own": _sums(own.get(organisation.pk, {})),
            "subtotal": _sums(subtotals[organisation.path]),
        }
        for organisation in organisations
        if organisation.path in subtotals
    ]
    total = _sums({key: sum((row[key] for row in own.values()), ZERO) for key in keys})
    return {
        "root": root,
        "period": period,
        "rows": rows,
        "total": total,
        # Members per organisation that assessed them: the member rows of the report.
        "member_rows": sum(row["members"] for row in own.values()),
        "months": sum(row["months"] for row in own.values()),
    }


def dues_report_totals(*, user: User, root: Organisation, period: DuesPeriod) -> dict:
    """The figures of ``root``'s subtree in ``period``: assessed, paid, outstanding, waived and
    the rate (``dues_report``'s total), with the number of members assessed and of monthly
    assessments. Taken from ``dues_report``'s per-organisation sums; only a period of several
    months asks the database again, for the members, since one transferred in the period was
    assessed by two organisations (in one month a member has one assessment)."""
    report = dues_report(user=user, root=root, period=period)
    members = report["member_rows"]
    if period.start != period.end:
        members = _report_figure(
            user=user,
            name="members",
            root=root,
            period=period,
            compute=lambda: _in_period(
                dues_assessments_for_user(user=user), period, root
            ).aggregate(members=Count("member", distinct=True))["members"],
        )
    return {**report["total"], "members": members, "months": report["months"]}


def dues_member_rows_count(*, user: User, root: Organisation, period: DuesPeriod) -> int:
    """How many rows :func:`dues_member_rows_query` has: one per member and organisation that
    assessed them, which ``dues_report`` has counted already."""
    return dues_report(user=user, root=root, period=period)["member_rows"]


def dues_member_rows_query(*, user: User, root: Organisation, period: DuesPeriod) -> QuerySet:
    """``dues_member_rows`` unevaluated: one values row per member (and organisation that
    assessed them) in report order — by organisation, then member — for a paginator or an
    export that streams it; ``dues_member_row`` turns each into the report's row."""
    return (
        _in_period(dues_assessments_for_user(user=user), period, root)
        .values(
            "member", "member__name", "organisation", "organisation__name", "organisation__path"
        )
        .annotate(
            assessed=Sum("amount_due"),
            paid=Sum("paid_amount"),
            waived=Sum("waived_amount"),
            months=Count("pk"),
        )
        .order_by("organisation__path", "member__name_sort_key", "member")
    )


def dues_member_row(row: dict) -> dict:
    """A row of ``dues_member_rows_query`` as the report shows it."""
    return {
        "member_id": row["member"],
        "name": row["member__name"],
        "organisation_id": row["organisation"],
        "organisation": row["organisation__name"],
        "months": row["months"],
        **_sums(row),
    }


def dues_member_rows(*, user: User, root: Organisation, period: DuesPeriod) -> list[dict]:
    """One row per member assessed in the period: months, assessed, paid, outstanding."""
    return [
        dues_member_row(row) for row in dues_member_rows_query(user=user, root=root, period=period)
    ]


def dues_arrears_query(*, user: User, root: Organisation, min_months: int = 1) -> QuerySet:
    """``dues_arrears`` unevaluated, for a paginator or an export that streams it;
    ``dues_arrears_row`` turns each values row into the list's row."""
    return (
        dues_assessments_for_user(user=user)
        .filter(organisation__path__startswith=root.path, paid_amount__lt=F("amount_due"))
        .values("member", "member__name", "organisation__name")
        .annotate(
            months=Count("pk"),
            outstanding=Sum(F("amount_due") - F("paid_amount")),
        )
        .filter(months__gte=min_months)
        .order_by("-months", "member__name_sort_key", "member")
    )


def dues_arrears_row(row: dict) -> dict:
    """A row of ``dues_arrears_query`` as the arrears list shows it."""
    return {
        "member_id": row["member"],
        "name": row["member__name"],
        "organisation": row["organisation__name"],
        "months": row["months"],
        "outstanding": money(row["outstanding"]),
    }


def dues_arrears(*, user: User, root: Organisation, min_months: int = 1) -> list[dict]:
    """Members of the subtree owing for ``min_months`` or more months, most months first."""
    return [
        dues_arrears_row(row)
        for row in dues_arrears_query(user=user, root=root, min_months=min_months)
    ]


def dues_statement(*, member: Member) -> dict:
    """A member's own dues: every assessment (with the 减免 applied to it), every payment (each
    flagged when passed up in full), and what they owe now."""
    assessments = list(
        DuesAssessment.objects.filter(member=member)
        .select_related("organisation", "waiver")
        .order_by("month")
    )
    payments = list(
        DuesPayment.objects.filter(member=member)
        .annotate(is_reversed=Exists(DuesPayment.objects.filter(reverses=OuterRef("pk"))))
        .order_by("paid_on", "pk")
    )
    owed = sum((a.amount_due - a.paid_amount for a in assessments), ZERO)
    return {
        "member": member,
        "assessments": assessments,
        "payments": payments,
        "owed": money(owed),
        "months_owed": sum(1 for a in assessments if a.paid_amount < a.amount_due),
    }


#: Categories whose amount is fixed per member (农民党员, 其他固定额).
FIXED_BY_MEMBER = (DuesCategory.FARMER, DuesCategory.OTHER_FIXED)


def dues_rate_lines(*, category: str, month: datetime.date) -> list[DuesRate]:
    """The table lines of ``category`` in force in ``month`` (the newest effective set)."""
    lines = DuesRate.objects.filter(category=category, effective_from__lte=month_start(month))
    newest = lines.order_by("-effective_from").values_list("effective_from", flat=True).first()
    return list(lines.filter(effective_from=newest)) if newest else []


def dues_rate_table(*, month: datetime.date) -> dict[str, list[DuesRate]]:
    """``dues_rate_lines`` of every category at once, keyed by category (one query): what a
    run over many members reads instead of asking the table for each of them."""
    table: dict[str, list[DuesRate]] = {}
    newest: dict[str, datetime.date] = {}
    for line in DuesRate.objects.filter(effective_from__lte=month_start(month)):
        # The default ordering puts each category's newest set first.
        if newest.setdefault(line.category, line.effective_from) == line.effective_from:
            table.setdefault(line.category, []).append(line)
    return table


def dues_amount(
    *,
    category: str,
    month: datetime.date,
    base_income: Decimal | None = None,
    fixed_amount: Decimal | None = None,
) -> tuple[Decimal | None, Decimal]:
    """(rate, monthly amount) by the table in force in ``month``. Raises ValidationError when
    the basis is missing or outside the table."""
    return dues_amount_by_lines(
        category=category,
        lines=dues_rate_lines(category=category, month=month),
        base_income=base_income,
        fixed_amount=fixed_amount,
    )


def dues_amount_by_lines(
    *,
    category: str,
    lines: list[DuesRate],
    base_income: Decimal | None = None,
    fixed_amount: Decimal | None = None,
) -> tuple[Decimal | None, Decimal]:
    """``dues_amount`` with the category's lines in force already read (``dues_rate_table``)."""
    if not lines:
        raise ValidationError(_("该类别在此月份没有党费标准。"), code="no_rate")
    if category in (DuesCategory.IN_SERVICE, DuesCategory.RETIRED):
        if base_income is None:
            raise ValidationError(
                {"base_income": ValidationError(_("请填写月工资收入。"), code="base_required")}
            )
        base = money(base_income)
        for line in lines:
            above_ok = line.income_above is None or base > line.income_above
            below_ok = line.income_up_to is None or base <= line.income_up_to
            if above_ok and below_ok:
                return line.rate, money(base * line.rate)
        raise ValidationError(_("月工资收入不在党费标准范围内。"), code="no_rate")
    line = lines[0]
    if category in FIXED_BY_MEMBER:
        if fixed_amount is None:
            raise ValidationError(
                {"fixed_amount": ValidationError(_("请填写每月定额。"), code="fixed_required")}
            )
        amount = money(fixed_amount)
        low, high = line.fixed_amount, line.maximum
        if (low is not None and amount < low) or (high is not None and amount > high):
            raise ValidationError(
                {
                    "fixed_amount": ValidationError(
                        _("定额应在 %(low)s 至 %(high)s 元之间。"),
                        code="fixed_out_of_range",
                        params={"low": low, "high": high},
                    )
                }
            )
        return None, amount
    return None, money(line.fixed_amount)


def dues_profile_for(*, member: Member, month: datetime.date) -> DuesProfile | None:
    """The profile in force in ``month`` (uses a prefetched ``dues_profiles`` when present)."""
    start = month_start(month)
    profiles = [p for p in member.dues_profiles.all() if p.effective_from <= start]
    return max(profiles, key=lambda p: p.effective_from, default=None)


def dues_waiver_for(*, member: Member, month: datetime.date) -> DuesWaiver | None:
    """The 减免 in force for ``member`` in ``month`` (docs/domain.md §4), if any (uses a
    prefetched ``dues_waivers`` when present)."""
    start = month_start(month)
    return next((w for w in member.dues_waivers.all() if w.covers(start)), None)


def dues_organisation_in_month(*, member: Member, month: datetime.date) -> Organisation | None:
    """The organisation that assesses ``member`` for ``month``; None when no organisation of the
    system does (uses a prefetched ``transfers`` when present).

    After each accepted transfer the receiving side charges from the month after the letter's
    党费交至, the sending side up to it (``Transfer.dues_charged_from``, docs/domain.md §6):
    a member leaving on 10 March and arriving on 5 April with dues paid to March is charged
    March by the sender and April by the receiver; the day of the month plays no part. A
    transfer still 待接收 changes nothing yet: the member is still the sender's.
    """
    transfer = dues_transfer_deciding(transfers=member.transfers.all(), month=month)
    if transfer is None:
        return member.organisation if member.is_on_roll else None
    return None if transfer.kind == TransferKind.INCOMING else transfer.from_organisation


def dues_transfer_deciding(
    *, transfers: Iterable[Transfer], month: datetime.date
) -> Transfer | None:
    """Of a member's ``transfers``, the accepted one whose sending side charges ``month`` (the
    earliest whose receiving side charges only later months); None when no transfer changes
    who charges it, so the member's current organisation does (docs/domain.md §6). Who charges
    is then its ``from_organisation``, or nobody in the system for a transfer in from outside.
    """
    start = month_start(month)
    accepted = [t for t in transfers if t.status == TransferStatus.ACCEPTED]
    deciding = None
    for transfer in sorted(accepted, key=lambda t: (t.dues_charged_from, t.pk), reverse=True):
        if transfer.dues_charged_from <= start:
            break
        deciding = transfer
    return deciding


def dues_paid_until(*, member: Member) -> datetime.date | None:
    """The month up to which ``member``'s dues are paid (党费交至, docs/domain.md §6): the last
    month of the unbroken run of fully paid assessments from the first one (the month before
    the first when that one is unpaid); None when the member has never been assessed."""
    months = DuesAssessment.objects.filter(member=member).order_by("month")
    paid_until = None
    for month, due, paid in months.values_list("month", "amount_due", "paid_amount"):
        if paid < due:
            return paid_until or add_months(month, -1)
        paid_until = month
    return paid_until


def dues_voluntary_passed_up(
    *, user: User, root: Organisation, period: DuesPeriod
) -> list[DuesPayment]:
    """Payments recorded in ``root``'s subtree in ``period`` whose voluntary part is 1000 yuan
    or more (VOLUNTARY_PASSED_UP_THRESHOLD): passed up in full to the central committee
    (全额上缴中央, docs/domain.md §4). Corrections and reversed payments are left out. One
    query."""
    if not organisation_scope_for_user(user=user).filter(pk=root.pk).exists():
        raise Organisation.DoesNotExist
    return list(
        DuesPayment.objects.filter(
            organisation__path__startswith=root.path,
            paid_on__gte=period.start,
            paid_on__lt=add_months(period.end, 1),
            reverses__isnull=True,
            voluntary_extra__gte=VOLUNTARY_PASSED_UP_THRESHOLD,
        )
        .exclude(Exists(DuesPayment.objects.filter(reverses=OuterRef("pk"))))
        .select_related("member", "organisation")
        .order_by("paid_on", "pk")
    )


def _month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def dues_lapsed_members(
    *, user: User, root: Organisation, months: int = LAPSE_MONTHS
) -> list[dict]:
    """Members on roll in ``root``'s subtree with ``months`` (six) or more consecutive months
    assessed and not fully paid (docs/domain.md §4), longest run first: the branch looks into
    each for 自行脱党 handling. A month charged nothing (免交) is not unpaid; a month never
    assessed breaks the run. Nothing about the member is changed. One query, whatever the size.
    """
    if not organisation_scope_for_user(user=user).filter(pk=root.pk).exists():
        raise Organisation.DoesNotExist
    unpaid = (
        DuesAssessment.objects.filter(
            member__organisation__path__startswith=root.path,
            member__is_on_roll=True,
            paid_amount__lt=F("amount_due"),
        )
        .values_list(
            "member",
            "member__name",
            "member__organisation__name",
            "member__organisation__path",
            "member__name_sort_key",
            "month",
            "amount_due",
            "paid_amount",
        )
        .order_by("member", "month")
    )
    rows: dict[int, dict] = {}
    for member_id, name, organisation, path, sort_key, month, due, paid in unpaid.iterator():
        row = rows.setdefault(
            member_id,
            {
                "member_id": member_id,
                "name": name,
                "organisation": organisation,
                "order": (path, sort_key or "", member_id),
                "months_owed": 0,
                "outstanding": ZERO,
                "run_months": 0,
                "run_start": None,
                "run_end": None,
                "_run": (None, 0),
            },
        )
        row["months_owed"] += 1
        row["outstanding"] += due - paid
        previous, length = row["_run"]
        length = length + 1 if previous == _month_index(month) - 1 else 1
        row["_run"] = (_month_index(month), length)
        if length > row["run_months"]:
            row["run_months"] = length
            row["run_end"] = month
            row["run_start"] = add_months(month, -(length - 1))
    lapsed = sorted(
        (row for row in rows.values() if row["run_months"] >= months),
        key=lambda row: (-row["run_months"], row["order"]),
    )
    for row in lapsed:
        del row["_run"], row["order"]
        row["outstanding"] = money(row["outstanding"])
    return lapsed


def dues_waivers_for_user(*, user: User) -> QuerySet[DuesWaiver]:
    """减免 of members the user administers: recorded in their subtree or of a member who is in
    it now (all for a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return DuesWaiver.objects.none()
    if user.is_superuser:
        return DuesWaiver.objects.all()
    return DuesWaiver.objects.filter(
        scope_q(user=user, lookup="organisation")
        | scope_q(user=user, lookup="member__organisation")
    )


def dues_waiver_list(
    *, user: User, root: Organisation | None = None, active: bool | None = None
) -> QuerySet[DuesWaiver]:
    """The user's 减免 register for listings and exports, newest period first, each with its
    member, organisations and recorder (a fixed number of queries whatever the page size);
    ``root`` narrows it to a subtree, ``active`` to those in force (True) or revoked (False)."""
    waivers = dues_waivers_for_user(user=user)
    if root is not None:
        waivers = waivers.filter(
            Q(organisation__path__startswith=root.path)
            | Q(member__organisation__path__startswith=root.path)
        )
    if active is not None:
        waivers = waivers.filter(revoked_at__isnull=active)
    return waivers.select_related(
        "member", "member__organisation", "organisation", "approving_organisation", "recorded_by"
    ).order_by("-start_month", "-pk")

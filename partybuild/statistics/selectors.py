"""Figures of the statistics dashboard, scoped to the user's subtree (a superuser: everything).

Every figure is an aggregate query (``values().annotate(Count)`` or conditional counts), so the
number of queries does not depend on the number of members. Each selector returns charts as
``{key: [(label, value), ...]}`` in display order; empty groups are left out except where a fixed
set of bands reads better with its zeros (age bands, recruitment stages).
"""

import datetime
from decimal import Decimal

from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.core.dates import add_years
from partybuild.core.money import ZERO, money
from partybuild.dues.selectors import dues_assessments_for_user
from partybuild.models import Education, Gender, MemberCategory, OrganisationType, User
from partybuild.models.organisations import BRANCH_MAX_MEMBERS, BRANCH_MIN_FULL_MEMBERS
from partybuild.recruitment import steps as rules
from partybuild.recruitment.models import CandidateStatus, CandidateStep
from partybuild.recruitment.selectors import candidate_scope_for_user
from partybuild.selectors.members import member_scope_for_user
from partybuild.selectors.organisations import (
    organisation_branches_with_size_warnings,
    organisation_scope_for_user,
    organisation_size_warnings,
    organisation_term_reminders,
)

Rows = list[tuple[str, int]]

#: Age bands: (label, youngest age, oldest age); None is open-ended.
AGE_BANDS = (
    ("30岁及以下", None, 30),
    ("31-40岁", 31, 40),
    ("41-50岁", 41, 50),
    ("51-60岁", 51, 60),
    ("60岁以上", 61, None),
)


def _grouped(queryset, field: str, labels: dict[str, str]) -> Rows:
    """Counts per value of ``field``, in the order of ``labels``; a blank value is 未填写."""
    counts = {
        row[field]: row["n"]
        for row in queryset.order_by().values(field).annotate(n=Count("pk")).order_by()
    }
    rows = [(str(label), counts[value]) for value, label in labels.items() if counts.get(value)]
    unknown = sum(n for value, n in counts.items() if value not in labels)
    if unknown:
        rows.append((_("未填写"), unknown))
    return rows


def _age_q(today: datetime.date, youngest: int | None, oldest: int | None) -> Q:
    """Born so as to be between ``youngest`` and ``oldest`` years old today (inclusive)."""
    q = Q(birth_date__isnull=False)
    if oldest is not None:  # younger than oldest + 1: born after today - (oldest + 1) years
        q &= Q(birth_date__gt=add_years(today, -(oldest + 1)))
    if youngest is not None:  # at least youngest: born on or before today - youngest years
        q &= Q(birth_date__lte=add_years(today, -youngest))
    return q


def statistics_members(*, user: User, today: datetime.date | None = None) -> dict[str, Rows]:
    """On-roll members by 人员类别, gender, age band, education and decade of joining
    (5 queries)."""
    today = today or timezone.localdate()
    members = member_scope_for_user(user=user).filter(is_on_roll=True)
    ages = members.aggregate(
        **{
            f"band{index}": Count("pk", filter=_age_q(today, youngest, oldest))
            for index, (_label, youngest, oldest) in enumerate(AGE_BANDS)
        },
        unknown=Count("pk", filter=Q(birth_date__isnull=True)),
    )
    age_rows = [(label, ages[f"band{index}"]) for index, (label, *_b) in enumerate(AGE_BANDS)]
    if ages["unknown"]:
        age_rows.append((_("未填写"), ages["unknown"]))
    decades = (
        members.filter(joined_on__isnull=False)
        .annotate(decade=Cast(ExtractYear("joined_on"), IntegerField()) / 10 * 10)
        .order_by()
        .values("decade")
        .annotate(n=Count("pk"))
        .order_by("decade")
    )
    return {
        "category": _grouped(members, "category", dict(MemberCategory.choices)),
        "gender": _grouped(members, "gender", dict(Gender.choices)),
        "age": age_rows,
        "education": _grouped(members, "education", dict(Education.choices)),
        "joined": [(_("%(decade)s年代") % {"decade": row["decade"]}, row["n"]) for row in decades],
    }


def statistics_organisations(
    *, user: User, today: datetime.date | None = None, reminders: list | None = None
) -> dict:
    """Organisations by type, those whose term ends within 6 months (or has ended), and the
    党支部 with a size warning (docs/domain.md §1: under 3 正式党员, over 50 members) —
    3 queries (2 when given the term ``reminders`` the admin home has read already)."""
    today = today or timezone.localdate()
    if reminders is None:
        reminders = organisation_term_reminders(user=user, today=today)
    levels = {"overdue": 0, "one_month": 0, "six_months": 0}
    for reminder in reminders:
        levels[reminder.level] += 1
    warned = organisation_branches_with_size_warnings(user=user)
    return {
        "size": [
            (
                _("正式党员不足%(min)s人") % {"min": BRANCH_MIN_FULL_MEMBERS},
                sum(1 for b in warned if b.size_full_member_count < BRANCH_MIN_FULL_MEMBERS),
            ),
            (
                _("党员超过%(max)s人") % {"max": BRANCH_MAX_MEMBERS},
                sum(1 for b in warned if b.size_member_count > BRANCH_MAX_MEMBERS),
            ),
        ],
        "size_rows": [
            (
                branch.name,
                branch.size_full_member_count,
                branch.size_member_count,
                "；".join(organisation_size_warnings(branch)),
            )
            for branch in warned
        ],
        "type": _grouped(
            organisation_scope_for_user(user=user), "org_type", dict(OrganisationType.choices)
        ),
        "term": [
            (_("已到期"), levels["overdue"]),
            (_("1个月内届满"), levels["one_month"]),
            (_("6个月内届满"), levels["six_months"]),
        ],
        "term_rows": [
            (r.organisation.name, r.organisation.term_end.isoformat(), str(r.level_label))
            for r in reminders
        ],
    }


def statistics_organisation_types(*, user: User) -> Rows:
    """Organisations of the user's subtree by type (1 query)."""
    return _grouped(
        organisation_scope_for_user(user=user), "org_type", dict(OrganisationType.choices)
    )


def statistics_dues(*, user: User, today: datetime.date | None = None) -> dict:
    """This month's dues: assessed and paid sums, members fully paid or not, and the rate."""
    today = today or timezone.localdate()
    month = today.replace(day=1)
    sums = (
        dues_assessments_for_user(user=user)
        .filter(month=month)
        .aggregate(
            assessed=Sum("amount_due"),
            paid=Sum("paid_amount"),
            members=Count("pk"),
            settled=Count("pk", filter=Q(paid_amount__gte=F("amount_due"))),
        )
    )
    assessed = money(sums["assessed"] or ZERO)
    paid = money(sums["paid"] or ZERO)
    rate = (paid / assessed).quantize(Decimal("0.0001")) if assessed else Decimal("0")
    return {
        "month": month,
        "assessed": assessed,
        "paid": paid,
        "rate": rate,
        "members": [
            (_("已缴清"), sums["settled"]),
            (_("未缴清"), sums["members"] - sums["settled"]),
        ],
    }


def statistics_dues_year(*, user: User, today: datetime.date | None = None) -> dict:
    """This year's dues up to this month: assessed and paid sums and the rate (1 query)."""
    today = today or timezone.localdate()
    sums = (
        dues_assessments_for_user(user=user)
        .filter(month__gte=today.replace(month=1, day=1), month__lte=today.replace(day=1))
        .aggregate(assessed=Sum("amount_due"), paid=Sum("paid_amount"))
    )
    assessed = money(sums["assessed"] or ZERO)
    paid = money(sums["paid"] or ZERO)
    rate = (paid / assessed).quantize(Decimal("0.0001")) if assessed else Decimal("0")
    return {"year": today.year, "assessed": assessed, "paid": paid, "rate": rate}


def statistics_recruitment(*, user: User) -> dict[str, Rows]:
    """Candidates in training by stage (the stage of their next step), and 预备党员 (1 query)."""
    last_step = Subquery(
        CandidateStep.objects.filter(candidate=OuterRef("pk"))
        .order_by()
        .values("candidate")
        .annotate(last=Max("step"))
        .values("last")[:1],
        output_field=IntegerField(),
    )
    grouped = (
        candidate_scope_for_user(user=user)
        .filter(status__in=[CandidateStatus.ACTIVE, CandidateStatus.PROBATIONARY])
        .annotate(last=Coalesce(last_step, Value(0)))
        .order_by()
        .values("status", "last")
        .annotate(n=Count("pk"))
    )
    stages = dict.fromkeys((stage.number for stage in rules.STAGES), 0)
    probationary = 0
    for row in grouped:  # at most 2 × 26 rows, whatever the number of candidates
        if row["status"] == CandidateStatus.PROBATIONARY:
            probationary += row["n"]
            continue
        step = rules.STEP_BY_NUMBER[min(row["last"] + 1, len(rules.STEPS))]
        stages[step.stage] += row["n"]
    rows = [(f"{stage.number}. {stage.name}", stages[stage.number]) for stage in rules.STAGES]
    return {"stages": rows, "probationary": [(_("预备党员"), probationary)]}

"""Demo party dues: a dues basis for every demo member across the categories, two 减免 approved
by the branch's 上级党委, six months of assessments up to the current month, and payments — most
in full, some partial, some none (so the list of members six months unpaid has rows), and two
voluntary payments, one of 1000 yuan or more (全额上缴中央) and one below."""

import datetime
import random
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from partybuild.core.dates import add_months, month_start
from partybuild.dues.models import DuesProfile, WaiverKind
from partybuild.dues.services import (
    dues_assess_month,
    dues_payment_record,
    dues_profile_set,
    dues_waiver_record,
)
from partybuild.models import Member, OrganisationType

MONTHS = 6


def _profile_for(member: Member, rng: random.Random) -> dict:
    job = member.job_post or ""
    if "退休" in job:
        return {"category": "retired", "base_income": Decimal(rng.randrange(2500, 7000))}
    roll = rng.random()
    if roll < 0.08:
        return {"category": "farmer", "fixed_amount": Decimal("0.50")}
    if roll < 0.12:
        return {"category": "student"}
    if roll < 0.14:
        return {"category": "unemployed"}
    return {"category": "in_service", "base_income": Decimal(rng.randrange(2200, 14000))}


def demo_dues_load() -> int:
    """Profiles, assessments and payments for the demo members; nothing when dues exist."""
    if DuesProfile.objects.exists():
        return 0
    rng = random.Random(20261128)  # noqa: S311 - a fixed seed for repeatable demo data
    today = timezone.localdate()
    first = add_months(month_start(today), -(MONTHS - 1))
    members = list(Member.objects.filter(is_on_roll=True).order_by("pk"))
    for member in members:
        dues_profile_set(
            member=member, actor=None, effective_from=first, **_profile_for(member, rng)
        )
    _waivers_load(members=members, first=first)
    for offset in range(MONTHS):
        dues_assess_month(month=add_months(first, offset))
    for member in members:
        owed = sum(
            (a.amount_due - a.paid_amount for a in member.dues_assessments.all()), Decimal("0")
        )
        roll = rng.random()
        if owed <= 0 or roll < 0.1:
            continue  # some owe everything
        amount = owed if roll > 0.3 else (owed / 2).quantize(Decimal("0.01"))
        method = rng.choice(["cash", "bank", "online"])
        dues_payment_record(
            member=member,
            amount=amount,
            paid_on=today,
            method=method,
            receipt_number=f"DF{today:%Y%m}{member.pk:05d}",
            actor=None,
            reason="演示数据：补交" if amount == owed else "",
        )
    _voluntary_load(members=members, today=today)
    return len(members)


def _superior_committee(member: Member):
    """The 党委 nearest above the member's branch: who approves a 减免 (docs/domain.md §4)."""
    return (
        member.organisation.get_ancestors()
        .filter(org_type=OrganisationType.COMMITTEE)
        .order_by("-depth")
        .first()
    )


def _waivers_load(*, members: list[Member], first: datetime.date) -> None:
    """A retired member exempt for four months after a serious illness, and a member in service
    paying a reduced amount for six after a family hardship, each approved by the 上级党委."""
    retired = next(m for m in members if "退休" in (m.job_post or ""))
    earner = next(
        m
        for m in members
        if m.dues_profiles.filter(category="in_service", base_income__gt=5000).exists()
    )
    approved_on = first + datetime.timedelta(days=4)
    dues_waiver_record(
        member=retired,
        actor=None,
        kind=WaiverKind.EXEMPTION,
        start_month=add_months(first, 1),
        end_month=add_months(first, 4),
        reason="患重病住院治疗，医疗支出大，家庭生活困难，本人申请免交党费。",
        approving_organisation=_superior_committee(retired),
        approver="组织委员 周明",
        approved_on=approved_on,
        approval_document=f"党委组字〔{approved_on.year}〕7号",
    )
    dues_waiver_record(
        member=earner,
        actor=None,
        kind=WaiverKind.REDUCTION,
        reduced_amount=Decimal("20.00"),
        start_month=first,
        end_month=add_months(first, MONTHS - 1),
        reason="配偶失业、子女就学，家庭收入骤减，经支部研究报上级党委批准减交党费。",
        approving_organisation=_superior_committee(earner),
        approver="组织委员 周明",
        approved_on=approved_on,
        approval_document=f"党委组字〔{approved_on.year}〕8号",
    )


def _voluntary_load(*, members: list[Member], today: datetime.date) -> None:
    """Two members paid up who pay more of their own will: 2000 yuan, passed up in full to the
    central committee, and 500 yuan, kept by the branch (docs/domain.md §4)."""
    paid_up = [
        m for m in members if not m.dues_assessments.exclude(paid_amount=F("amount_due")).exists()
    ]
    for member, amount, receipt in zip(
        paid_up[:2], (Decimal("2000.00"), Decimal("500.00")), ("ZY", "ZX"), strict=False
    ):
        dues_payment_record(
            member=member,
            amount=amount,
            paid_on=today,
            method="bank",
            receipt_number=f"{receipt}{today:%Y%m}{member.pk:05d}",
            actor=None,
            extra_is_voluntary=True,
            reason="自愿多交党费",
        )

"""Demo party dues: a dues basis for every demo member across the categories, six months of
assessments up to the current month, and payments — most in full, some partial, some none."""

import random
from decimal import Decimal

from django.utils import timezone

from partybuild.core.dates import add_months, month_start
from partybuild.dues.models import DuesProfile
from partybuild.dues.services import dues_assess_month, dues_payment_record, dues_profile_set
from partybuild.models import Member

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
    return len(members)

"""Writes of party dues (docs/domain.md §4): the amount rule, dues profiles, monthly assessment,
payments and their reversal. Every amount is Decimal and rounded by partybuild.core.money.money.

Which organisation assesses a month: the one the member belonged to on the first day of that
month (a member transferred on 15 March pays March to the sender, April on to the receiver).
"""

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from partybuild.core.dates import month_start
from partybuild.core.errors import refuse
from partybuild.core.money import ZERO, money
from partybuild.dues.models import (
    DuesAllocation,
    DuesAssessment,
    DuesPayment,
    DuesProfile,
    PaymentMethod,
)
from partybuild.dues.selectors import dues_amount, dues_organisation_in_month, dues_profile_for
from partybuild.models import Member, MessageKind, Organisation, TransferKind, User
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.services.audit import audit_record
from partybuild.services.messages import message_send

#: Back payment (补交) may cover at most this many months before the payment's month.
BACK_PAYMENT_MONTHS = 6


def _assessable_from(member: Member) -> datetime.date | None:
    """Probationary and full members pay from the month the branch meeting admitted them."""
    return month_start(member.joined_on) if member.joined_on else None


@dataclass
class AssessResult:
    """What one run of the monthly assessment did."""

    created: int = 0
    existing: int = 0
    missing_profile: int = 0
    not_assessed: int = 0


@transaction.atomic
def dues_assess_month(
    *, month: datetime.date, root: Organisation | None = None, actor: User | None = None
) -> AssessResult:
    """Create the missing assessments of ``month`` for members of ``root``'s subtree (all when
    None). Idempotent: existing assessments, paid or not, are left as they are."""
    start = month_start(month)
    if (
        actor is not None
        and root is not None
        and not organisation_is_in_scope(user=actor, organisation=root)
    ):
        raise PermissionDenied(_("您无权为该党组织核定党费。"))
    members = Member.objects.filter(Q(is_on_roll=True) | Q(transfers__kind=TransferKind.OUTGOING))
    members = members.distinct().select_related("organisation", "user")
    members = members.prefetch_related("dues_profiles", "transfers__from_organisation")
    existing = set(DuesAssessment.objects.filter(month=start).values_list("member_id", flat=True))
    result = AssessResult()
    new = []
    for member in members:
        organisation = dues_organisation_in_month(member=member, month=start)
        if organisation is None or (
            root is not None and not organisation.path.startswith(root.path)
        ):
            continue
        if (
            actor is not None
            and root is None
            and not organisation_is_in_scope(user=actor, organisation=organisation)
        ):
            continue
        begins = _assessable_from(member)
        if begins is not None and begins > start:
            result.not_assessed += 1
            continue
        if member.pk in existing:
            result.existing += 1
            continue
        profile = dues_profile_for(member=member, month=start)
        if profile is None:
            result.missing_profile += 1
            continue
        rate, amount = dues_amount(
            category=profile.category,
            month=start,
            base_income=profile.base_income,
            fixed_amount=profile.fixed_amount,
        )
        extra = money(profile.voluntary_extra or 0)
        new.append(
            DuesAssessment(
                member=member,
                month=start,
                organisation=organisation,
                category=profile.category,
                base_income=profile.base_income,
                rate=rate,
                computed_amount=amount,
                voluntary_extra=extra,
                amount_due=money(amount + extra),
            )
        )
    DuesAssessment.objects.bulk_create(new, ignore_conflicts=True)
    result.created = len(new)
    recipients = [a.member.user_id for a in new if a.member.user_id]
    if recipients:
        message_send(
            recipients=recipients,
            kind=MessageKind.DUES,
            title=_("%(month)s 党费已核定") % {"month": f"{start:%Y年%m月}"},
            body=_("请在“我的党费”中查看应缴金额。"),
            object_type="dues_month",
        )
    return result


@transaction.atomic
def dues_profile_set(
    *,
    member: Member,
    actor: User | None,
    category: str,
    effective_from: datetime.date,
    base_income: Decimal | None = None,
    fixed_amount: Decimal | None = None,
    voluntary_extra: Decimal = ZERO,
) -> DuesProfile:
    """Set the member's dues basis from a month on; unpaid assessments of that month and later
    are recomputed, paid ones never change."""
    if actor is not None and not organisation_is_in_scope(
        user=actor, organisation=member.organisation
    ):
        raise PermissionDenied(_("您无权维护该党员的党费基数。"))
    start = month_start(effective_from)
    rate, amount = dues_amount(
        category=category, month=start, base_income=base_income, fixed_amount=fixed_amount
    )
    extra = money(voluntary_extra or 0)
    if extra < 0:
        raise ValidationError(
            {"voluntary_extra": ValidationError(_("自愿多交不能为负数。"), code="negative")}
        )
    profile, _created = DuesProfile.objects.update_or_create(
        member=member,
        effective_from=start,
        defaults={
            "category": category,
            "base_income": money(base_income) if base_income is not None else None,
            "fixed_amount": money(fixed_amount) if fixed_amount is not None else None,
            "voluntary_extra": extra,
        },
    )
    later = DuesProfile.objects.filter(member=member, effective_from__gt=start)
    until = later.order_by("effective_from").values_list("effective_from", flat=True).first()
    unpaid = DuesAssessment.objects.filter(member=member, month__gte=start, paid_amount=0)
    if until:
        unpaid = unpaid.filter(month__lt=until)
    for assessment in unpaid:
        rate, amount = dues_amount(
            category=category,
            month=assessment.month,
            base_income=base_income,
            fixed_amount=fixed_amount,
        )
        assessment.category, assessment.rate = category, rate
        assessment.base_income = profile.base_income
        assessment.computed_amount, assessment.voluntary_extra = amount, extra
        assessment.amount_due = money(amount + extra)
        assessment.save()
    return profile


def _require_recorder(*, actor: User | None, member: Member) -> None:
    if actor is not None and not organisation_is_in_scope(
        user=actor, organisation=member.organisation
    ):
        raise PermissionDenied(_("您无权为该党员登记党费。"))


def _months_back(month: datetime.date, paid_on: datetime.date) -> int:
    return (paid_on.year - month.year) * 12 + paid_on.month - month.month


@dataclass(frozen=True)
class DuesPaymentSubmission:
    """What ``dues_payment_submit`` did: ``replayed`` when ``payment`` is the one an earlier
    submission with the same idempotency key recorded (nothing new was written)."""

    payment: DuesPayment
    replayed: bool


def _payment_fingerprint(
    *,
    member: Member,
    amount: Decimal,
    paid_on: datetime.date,
    method: str,
    receipt_number: str,
    months: set[datetime.date] | None,
    extra_is_voluntary: bool,
    reason: str,
) -> str:
    """SHA-256 of the normalised request, so that ``90`` and ``90.00`` are the same request."""
    data = {
        "member": member.pk,
        "amount": str(amount),
        "paid_on": paid_on.isoformat(),
        "method": str(method),
        "receipt_number": receipt_number,
        "months": None if months is None else sorted(f"{month:%Y-%m}" for month in months),
        "extra_is_voluntary": bool(extra_is_voluntary),
        "reason": reason,
    }
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _payment_named(payment: DuesPayment) -> dict:
    return {
        "id": payment.pk,
        "member": payment.member.name,
        "paid_on": f"{payment.paid_on:%Y-%m-%d}",
        "amount": payment.amount,
    }


def _payment_conflict(*, payment: DuesPayment) -> DuesPayment | None:
    """After inserting ``payment`` broke a unique constraint (so the other row is committed):
    the payment recorded first with the same idempotency key when this is the same request
    again; a ValidationError naming the first payment when the key or the receipt number is
    taken by another request; None when neither explains the conflict."""
    first_payments = DuesPayment.objects.select_related("member")
    if payment.idempotency_key:
        first = first_payments.filter(
            recorded_by=payment.recorded_by, idempotency_key=payment.idempotency_key
        ).first()
        if first is not None:
            if first.idempotency_fingerprint == payment.idempotency_fingerprint:
                return first
            raise ValidationError(
                {
                    "idempotency_key": ValidationError(
                        _(
                            "该幂等键（Idempotency-Key）已用于另一笔内容不同的缴费登记："
                            "第 %(id)s 号缴费记录（%(member)s，%(paid_on)s，%(amount)s 元）。"
                            "重新提交同一笔缴费请使用相同内容，登记新的缴费请使用新的幂等键。"
                        ),
                        code="idempotency_key_reused",
                        params=_payment_named(first),
                    )
                }
            )
    if payment.receipt_number:
        first = first_payments.filter(
            organisation_id=payment.organisation_id,
            receipt_number=payment.receipt_number,
            reverses__isnull=True,
            receipt_number_released=False,
        ).first()
        if first is not None:
            raise ValidationError(
                {
                    "receipt_number": ValidationError(
                        _(
                            "收据编号“%(receipt)s”已被本组织第 %(id)s 号缴费记录使用"
                            "（%(member)s，%(paid_on)s，%(amount)s 元），不能重复登记。"
                        ),
                        code="receipt_number_taken",
                        params={"receipt": payment.receipt_number, **_payment_named(first)},
                    )
                }
            )
    return None


def dues_payment_record(
    *,
    member: Member,
    amount: Decimal,
    paid_on: datetime.date,
    method: str,
    actor: User | None,
    receipt_number: str = "",
    months: Iterable[datetime.date] | None = None,
    extra_is_voluntary: bool = False,
    reason: str = "",
) -> DuesPayment:
    """Record a payment and allocate it to the oldest unpaid months (or to ``months``).

    Months more than six before the payment's month need ``reason`` and a recorder who
    administers the parent organisation; what is left after the months is voluntary extra only
    when ``extra_is_voluntary``, otherwise the payment is refused. A receipt number already
    held by a payment of the member's organisation is refused (``receipt_number_taken``).
    """
    return dues_payment_submit(
        member=member,
        amount=amount,
        paid_on=paid_on,
        method=method,
        actor=actor,
        receipt_number=receipt_number,
        months=months,
        extra_is_voluntary=extra_is_voluntary,
        reason=reason,
    ).payment


@transaction.atomic
def dues_payment_submit(
    *,
    member: Member,
    amount: Decimal,
    paid_on: datetime.date,
    method: str,
    actor: User | None,
    receipt_number: str = "",
    months: Iterable[datetime.date] | None = None,
    extra_is_voluntary: bool = False,
    reason: str = "",
    idempotency_key: str = "",
) -> DuesPaymentSubmission:
    """``dues_payment_record`` for a client that may send the same payment twice.

    With ``idempotency_key`` (unique per recording account, see DuesPayment), the same request
    again — even at the same moment — answers the payment recorded first (``replayed``), and
    the key with a different request is refused (``idempotency_key_reused``). The guarantee is
    the database's: the payment row is inserted first, inside a savepoint, so a concurrent twin
    waits on the unique index until the first commits, fails, and reads the winner.
    """
    _require_recorder(actor=actor, member=member)
    amount = money(amount)
    if amount <= 0:
        raise ValidationError({"amount": ValidationError(_("金额必须大于0。"), code="amount")})
    if method not in PaymentMethod.values:
        raise ValidationError({"method": ValidationError(_("缴费方式无效。"), code="method")})
    if idempotency_key and actor is None:
        raise ValueError("An idempotency key belongs to the recording account; actor is None.")
    receipt_number = (receipt_number or "").strip()
    reason = (reason or "").strip()
    wanted = None if months is None else {month_start(month) for month in months}
    payment = DuesPayment(
        member=member,
        organisation_id=member.organisation_id,
        amount=amount,
        voluntary_extra=ZERO,
        paid_on=paid_on,
        method=method,
        receipt_number=receipt_number,
        reason=reason,
        recorded_by=actor,
        idempotency_key=idempotency_key,
        idempotency_fingerprint=_payment_fingerprint(
            member=member,
            amount=amount,
            paid_on=paid_on,
            method=method,
            receipt_number=receipt_number,
            months=wanted,
            extra_is_voluntary=extra_is_voluntary,
            reason=reason,
        )
        if idempotency_key
        else "",
    )
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError:
        first = _payment_conflict(payment=payment)
        if first is None:
            raise
        return DuesPaymentSubmission(payment=first, replayed=True)
    allocations, remaining = _payment_allocations(
        member=member, amount=amount, paid_on=paid_on, months=wanted
    )
    _check_back_payment(
        member=member, paid_on=paid_on, allocations=allocations, reason=reason, actor=actor
    )
    if remaining > 0 and not extra_is_voluntary:
        refuse(
            "amount",
            _("缴费金额超出应缴 %(extra)s 元；如为自愿多交，请注明。"),
            "overpayment",
            extra=remaining,
        )
    if remaining > 0:
        payment.voluntary_extra = remaining
        payment.save(update_fields=["voluntary_extra"])
    for assessment, part in allocations:
        DuesAllocation.objects.create(payment=payment, assessment=assessment, amount=part)
        DuesAssessment.objects.filter(pk=assessment.pk).update(paid_amount=F("paid_amount") + part)
    audit_record(
        instance=payment,
        action="partybuild.dues.payment",
        actor=actor,
        data={"amount": str(amount), "months": [f"{a.month:%Y-%m}" for a, _p in allocations]},
    )
    if member.user_id:
        message_send(
            recipients=[member.user_id],
            kind=MessageKind.DUES,
            title=_("已登记您缴纳的党费 %(amount)s 元") % {"amount": amount},
            object_type="dues_payment",
            object_id=payment.pk,
        )
    return DuesPaymentSubmission(payment=payment, replayed=False)


def _payment_allocations(
    *, member: Member, amount: Decimal, paid_on: datetime.date, months: set[datetime.date] | None
) -> tuple[list[tuple[DuesAssessment, Decimal]], Decimal]:
    """The open months a payment pays, oldest first (only ``months`` when given, each of which
    must be open), each with the part it takes, and what is left over. Locks those months."""
    open_months = DuesAssessment.objects.select_for_update().filter(
        member=member, paid_amount__lt=F("amount_due")
    )
    if months is not None:
        open_months = open_months.filter(month__in=months)
        found = set(open_months.values_list("month", flat=True))
        if missing := months - found:
            refuse(
                "months",
                _("以下月份没有未缴的核定：%(months)s"),
                "month_not_open",
                months="、".join(f"{m:%Y-%m}" for m in sorted(missing)),
            )
    remaining = amount
    allocations = []
    for assessment in open_months.order_by("month"):
        if remaining <= 0:
            break
        part = min(remaining, assessment.outstanding)
        allocations.append((assessment, part))
        remaining -= part
    return allocations, remaining


def _check_back_payment(
    *,
    member: Member,
    paid_on: datetime.date,
    allocations: list[tuple[DuesAssessment, Decimal]],
    reason: str,
    actor: User | None,
) -> None:
    """补交 of months more than six before the payment needs a reason and a recorder who
    administers the parent organisation (docs/domain.md §4)."""
    if not any(
        _months_back(assessment.month, paid_on) > BACK_PAYMENT_MONTHS
        for assessment, _part in allocations
    ):
        return
    if not reason:
        refuse("reason", _("补交超过6个月的党费须填写原因。"), "back_payment_reason")
    parent = member.organisation.get_parent()
    if actor is not None and not (
        actor.is_superuser
        or (parent is not None and organisation_is_in_scope(user=actor, organisation=parent))
    ):
        raise PermissionDenied(_("补交超过6个月的党费须由上级党组织管理员登记。"))


@transaction.atomic
def dues_payment_reverse(*, payment: DuesPayment, actor: User | None, reason: str) -> DuesPayment:
    """Correct a payment by a reversing entry (the original stays); its months reopen."""
    payment = DuesPayment.objects.select_for_update().get(pk=payment.pk)
    _require_recorder(actor=actor, member=payment.member)
    if payment.reverses_id is not None or hasattr(payment, "reversed_by"):
        raise ValidationError(_("该缴费记录已冲正或本身是冲正记录。"), code="already_reversed")
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": ValidationError(_("请填写冲正原因。"), code="reason_required")}
        )
    # The reversed payment gives up its receipt number, so the corrected one may reuse it.
    DuesPayment.objects.filter(pk=payment.pk).update(receipt_number_released=True)
    reversal = DuesPayment.objects.create(
        member=payment.member,
        organisation_id=payment.organisation_id,
        amount=-payment.amount,
        voluntary_extra=-payment.voluntary_extra,
        paid_on=payment.paid_on,
        method=payment.method,
        receipt_number=payment.receipt_number,
        reason=reason.strip(),
        reverses=payment,
        recorded_by=actor,
    )
    for allocation in payment.allocations.all():
        DuesAllocation.objects.create(
            payment=reversal, assessment_id=allocation.assessment_id, amount=-allocation.amount
        )
        DuesAssessment.objects.filter(pk=allocation.assessment_id).update(
            paid_amount=F("paid_amount") - allocation.amount
        )
    audit_record(
        instance=reversal,
        action="partybuild.dues.reversal",
        actor=actor,
        data={"reverses": payment.pk, "reason": reason.strip()},
    )
    return reversal

"""Writes of party dues (docs/domain.md §4): the amount rule, dues profiles, payments and their
reversal, reductions and waivers (减免); the monthly assessment lives in
partybuild.dues.assessment and is re-exported here. Every amount is Decimal and rounded by
partybuild.core.money.money.

Which organisation assesses a month (docs/domain.md §6): after a transfer, the receiver charges
from the month after the letter's 党费交至 and the sender up to it, whatever day of the month the
member left or arrived (partybuild.dues.selectors.dues_organisation_in_month). A month the sender
assessed while the letter was on its way and that is still unpaid goes to the receiver when it
accepts (partybuild/dues/transfers.py), so each month is charged once, by one side.
"""

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.core.dates import add_months, month_start
from partybuild.core.errors import refuse, required_text
from partybuild.core.money import ZERO, money
from partybuild.dues.assessment import AssessResult as AssessResult
from partybuild.dues.assessment import assessment_terms
from partybuild.dues.assessment import dues_assess_month as dues_assess_month
from partybuild.dues.models import (
    DuesAllocation,
    DuesAssessment,
    DuesPayment,
    DuesProfile,
    DuesWaiver,
    PaymentMethod,
    WaiverKind,
)
from partybuild.dues.selectors import (
    dues_amount,
    dues_profile_for,
)
from partybuild.models import (
    Member,
    MessageKind,
    Organisation,
    OrganisationType,
    User,
)
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.services.audit import audit_record
from partybuild.services.messages import message_send

#: Back payment (补交) may cover at most this many months before the payment's month.
BACK_PAYMENT_MONTHS = 6


def _reassess_unpaid(
    *, member: Member, start: datetime.date, until: datetime.date | None = None
) -> int:
    """Recompute the member's unpaid assessments from ``start`` (before ``until``) with the
    profile and the 减免 in force in each month; paid and part-paid months never change."""
    member = Member.objects.prefetch_related("dues_profiles", "dues_waivers").get(pk=member.pk)
    unpaid = DuesAssessment.objects.filter(member=member, month__gte=start, paid_amount=0)
    if until is not None:
        unpaid = unpaid.filter(month__lt=until)
    changed = 0
    for assessment in unpaid:
        profile = dues_profile_for(member=member, month=assessment.month)
        if profile is None:
            continue
        for field, value in assessment_terms(
            member=member, profile=profile, month=assessment.month
        ).items():
            setattr(assessment, field, value)
        assessment.save()
        changed += 1
    return changed


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
    are recomputed, paid ones never change. A negative base is refused (``dues_base_negative``,
    docs/domain.md §4), and so is a negative fixed amount."""
    if actor is not None and not organisation_is_in_scope(
        user=actor, organisation=member.organisation
    ):
        raise PermissionDenied(_("您无权维护该党员的党费基数。"))
    if base_income is not None and money(base_income) < 0:
        refuse(
            "base_income",
            _(
                "党费基数不能为负数：月工资收入（税后）是计算党费的基数，应为 0 或正数，"
                "当前为 %(base)s 元。"
            ),
            "dues_base_negative",
            base=money(base_income),
        )
    if fixed_amount is not None and money(fixed_amount) < 0:
        refuse(
            "fixed_amount",
            _("党费定额不能为负数，当前为 %(amount)s 元。"),
            "dues_fixed_negative",
            amount=money(fixed_amount),
        )
    start = month_start(effective_from)
    dues_amount(category=category, month=start, base_income=base_income, fixed_amount=fixed_amount)
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
    _reassess_unpaid(member=member, start=start, until=until)
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


def _is_superior_committee(*, organisation: Organisation, member: Member) -> bool:
    """Whether ``organisation`` is a 党委 above the member's organisation (docs/domain.md §4)."""
    own = member.organisation
    return (
        organisation.org_type == OrganisationType.COMMITTEE
        and own.path.startswith(organisation.path)
        and own.pk != organisation.pk
    )


@transaction.atomic
def dues_waiver_record(
    *,
    member: Member,
    actor: User | None,
    kind: str,
    start_month: datetime.date,
    end_month: datetime.date,
    reason: str,
    approving_organisation: Organisation,
    approved_on: datetime.date,
    approval_document: str,
    approver: str = "",
    reduced_amount: Decimal | None = None,
) -> DuesWaiver:
    """Record a 减免 (docs/domain.md §4): the member pays ``reduced_amount`` a month (减交) or
    nothing (免交) from ``start_month`` to ``end_month`` (any day of each; inclusive), for
    ``reason``, as approved by ``approving_organisation`` — a 党委 above the member's branch —
    on ``approved_on`` under ``approval_document``. Unpaid assessments of those months are
    recomputed at once; later ones are assessed with it. A member has at most one waiver in
    force for a month."""
    member = (
        Member.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=member.pk)
    )
    if actor is not None and not organisation_is_in_scope(
        user=actor, organisation=member.organisation
    ):
        raise PermissionDenied(_("您无权为该党员登记党费减免。"))
    if kind not in WaiverKind.values:
        refuse("kind", _("请选择减免方式：减交或免交。"), "dues_waiver_kind")
    reason = required_text(
        reason,
        field="reason",
        message=_("减免党费须写明原因（如生活困难的具体情况）。"),
        code="dues_waiver_reason_required",
    )
    approval_document = required_text(
        approval_document,
        field="approval_document",
        label=_("批准文号"),
        max_length=100,
        message=_("减免党费须经上级党委批准：请填写批准文号。"),
        code="dues_waiver_document_required",
    )
    approver = (approver or "").strip()
    if len(approver) > 50:
        refuse("approver", _("批准人不能超过 50 个字。"), "approver_too_long")
    if approving_organisation is None or not _is_superior_committee(
        organisation=approving_organisation, member=member
    ):
        refuse(
            "approving_organisation",
            _("减免党费须经上级党委批准：请选择「%(organisation)s」的上级党委。"),
            "dues_waiver_not_superior_committee",
            organisation=member.organisation.name,
        )
    if approved_on is None:
        refuse("approved_on", _("请填写上级党委的批准日期。"), "dues_waiver_approved_on_required")
    if approved_on > timezone.localdate():
        refuse(
            "approved_on",
            _("批准日期（%(date)s）不能晚于今天。"),
            "dues_waiver_approved_in_future",
            date=approved_on.isoformat(),
        )
    start, end = month_start(start_month), month_start(end_month)
    if end < start:
        refuse(
            "end_month",
            _("减免的截止月份不能早于起始月份（%(start)s）。"),
            "dues_waiver_period_order",
            start=f"{start:%Y-%m}",
        )
    if kind == WaiverKind.REDUCTION:
        if reduced_amount is None or money(reduced_amount) <= 0:
            refuse(
                "reduced_amount",
                _("减交须填写减交后每月应缴的金额（大于 0 元）；全部免交请选择「免交」。"),
                "dues_waiver_reduced_amount",
            )
        reduced_amount = money(reduced_amount)
    else:
        reduced_amount = None
    overlapping = (
        DuesWaiver.objects.filter(
            member=member, revoked_at__isnull=True, start_month__lte=end, end_month__gte=start
        )
        .order_by("start_month")
        .first()
    )
    if overlapping is not None:
        refuse(
            "start_month",
            _("同一月份只能有一项党费减免：该党员 %(start)s 至 %(end)s 已有减免（%(document)s）。"),
            "dues_waiver_overlap",
            start=f"{overlapping.start_month:%Y-%m}",
            end=f"{overlapping.end_month:%Y-%m}",
            document=overlapping.approval_document,
        )
    waiver = DuesWaiver.objects.create(
        member=member,
        organisation=member.organisation,
        kind=kind,
        reduced_amount=reduced_amount,
        start_month=start,
        end_month=end,
        reason=reason,
        approving_organisation=approving_organisation,
        approver=approver,
        approved_on=approved_on,
        approval_document=approval_document,
        recorded_by=actor,
    )
    _reassess_unpaid(member=member, start=start, until=add_months(end, 1))
    audit_record(
        instance=waiver,
        action="partybuild.dues.waiver",
        actor=actor,
        data={"kind": kind, "months": [f"{start:%Y-%m}", f"{end:%Y-%m}"]},
    )
    return waiver


@transaction.atomic
def dues_waiver_revoke(*, waiver: DuesWaiver, actor: User | None, reason: str) -> DuesWaiver:
    """Revoke a 减免 recorded in error or no longer approved: it stays on record and no longer
    applies; its unpaid months are assessed at the table's amount again."""
    waiver = (
        DuesWaiver.objects.select_for_update(of=("self",))
        .select_related("member__organisation", "organisation")
        .get(pk=waiver.pk)
    )
    if actor is not None and not (
        organisation_is_in_scope(user=actor, organisation=waiver.organisation)
        or organisation_is_in_scope(user=actor, organisation=waiver.member.organisation)
    ):
        raise PermissionDenied(_("您无权撤销该党费减免。"))
    if waiver.revoked_at is not None:
        raise ValidationError(_("该党费减免已撤销。"), code="dues_waiver_revoked")
    reason = required_text(
        reason,
        field="revoke_reason",
        label=_("撤销原因"),
        max_length=200,
        message=_("请填写撤销原因。"),
        code="reason_required",
    )
    waiver.revoked_at = timezone.now()
    waiver.revoked_by = actor
    waiver.revoke_reason = reason
    waiver.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    _reassess_unpaid(
        member=waiver.member, start=waiver.start_month, until=add_months(waiver.end_month, 1)
    )
    audit_record(
        instance=waiver,
        action="partybuild.dues.waiver_revoke",
        actor=actor,
        data={"reason": reason},
    )
    return waiver

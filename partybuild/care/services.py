"""党内关怀 writes (docs/domain.md §9): register a 困难党员, review it (at least yearly) or close
it, and record a 帮扶 or 慰问 with its amount.

An administrator acts on members of their own subtree only (PermissionDenied otherwise); bad
input is a ValidationError naming the field, in Chinese, with a stable code. Amounts are yuan
Decimals with 2 places, never negative. ``actor=None`` acts as the system."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.care.models import (
    CareVisit,
    CareVisitKind,
    HardshipKind,
    HardshipLevel,
    HardshipMember,
)
from partybuild.core.errors import refuse, required_text
from partybuild.core.money import money
from partybuild.models import Member, Organisation, User
from partybuild.models.members import STANDINGS_NOT_COUNTED
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.services.audit import audit_record

#: The largest amount one visit records (yuan): 10 digits before the point.
MAX_AMOUNT = Decimal("9999999999.99")


def _require_scope(*, actor: User | None, organisation: Organisation) -> None:
    if actor is not None and not organisation_is_in_scope(user=actor, organisation=organisation):
        raise PermissionDenied(_("只能办理本人管理的党组织的党员。"))


def _day(value, *, field: str, label: str, earliest: datetime.date | None = None):
    if value is None:
        refuse(field, _("请填写%(label)s。") % {"label": label}, f"{field}_required")
    if value > timezone.localdate():
        refuse(field, _("%(label)s不能晚于今天。") % {"label": label}, f"{field}_in_future")
    if earliest is not None and value < earliest:
        refuse(
            field,
            _("%(label)s不能早于%(date)s。") % {"label": label, "date": earliest.isoformat()},
            f"{field}_too_early",
        )
    return value


def _choice(value: str, choices, *, field: str, label: str) -> str:
    if value not in choices.values:
        refuse(field, _("请选择%(label)s。") % {"label": label}, f"{field}_invalid")
    return value


def care_amount(value) -> Decimal:
    """A visit's amount as yuan with 2 places: refused when negative, not a number, finer than
    a fen (0.01) or too large; empty is 0."""
    if value is None or value == "":
        return money(0)
    if isinstance(value, float):
        value = str(value)
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        refuse("amount", _("金额须为数字，如 500 或 500.00。"), "amount_invalid")
    if not amount.is_finite():
        refuse("amount", _("金额须为数字，如 500 或 500.00。"), "amount_invalid")
    if amount < 0:
        refuse("amount", _("金额不能为负数。"), "amount_negative")
    if amount != amount.quantize(Decimal("0.01")):
        refuse("amount", _("金额最多保留两位小数（到分）。"), "amount_precision")
    if amount > MAX_AMOUNT:
        refuse("amount", _("金额过大。"), "amount_too_large")
    return money(amount)


@transaction.atomic
def hardship_register(
    *,
    member: Member,
    kind: str,
    level: str,
    description: str,
    registered_on: datetime.date,
    actor: User | None,
) -> HardshipMember:
    """登记困难党员: ``member`` (on the roll, of the actor's subtree, not already registered)."""
    member = Member.objects.select_for_update().select_related("organisation").get(pk=member.pk)
    _require_scope(actor=actor, organisation=member.organisation)
    if not member.is_on_roll or member.standing in STANDINGS_NOT_COUNTED:
        refuse(
            "member", _("「%(name)s」不在册或党籍已停止。"), "member_not_on_roll", name=member.name
        )
    if HardshipMember.objects.filter(member=member, closed_on__isnull=True).exists():
        refuse(
            "member", _("「%(name)s」已登记为困难党员。"), "hardship_already_open", name=member.name
        )
    record = HardshipMember.objects.create(
        member=member,
        kind=_choice(kind, HardshipKind, field="kind", label=_("困难类型")),
        level=_choice(level, HardshipLevel, field="level", label=_("困难程度")),
        description=required_text(
            description, field="description", label=_("困难情况"), max_length=2000
        ),
        registered_on=_day(registered_on, field="registered_on", label=_("登记日期")),
        reviewed_on=registered_on,
        created_by=actor,
    )
    audit_record(
        instance=record,
        action="wagtail.create",
        actor=actor,
        data={"member": member.pk, "level": level},
    )
    return record


def _lock(record: HardshipMember) -> HardshipMember:
    return (
        HardshipMember.objects.select_for_update(of=("self",))
        .select_related("member__organisation")
        .get(pk=record.pk)
    )


@transaction.atomic
def hardship_review(
    *,
    record: HardshipMember,
    reviewed_on: datetime.date,
    level: str,
    actor: User | None,
    note: str = "",
) -> HardshipMember:
    """复核: the record stays in force with the (possibly changed) level as of ``reviewed_on``."""
    record = _lock(record)
    _require_scope(actor=actor, organisation=record.member.organisation)
    if record.closed_on is not None:
        refuse("reviewed_on", _("该困难党员登记已解除。"), "hardship_closed")
    record.reviewed_on = _day(
        reviewed_on, field="reviewed_on", label=_("复核日期"), earliest=record.reviewed_on
    )
    record.level = _choice(level, HardshipLevel, field="level", label=_("困难程度"))
    record.review_note = (note or "").strip()[:200]
    record.save(update_fields=["reviewed_on", "level", "review_note"])
    audit_record(
        instance=record,
        action="wagtail.edit",
        actor=actor,
        data={"reviewed_on": reviewed_on.isoformat(), "level": level},
    )
    return record


@transaction.atomic
def hardship_close(
    *, record: HardshipMember, closed_on: datetime.date, reason: str, actor: User | None
) -> HardshipMember:
    """解除: the member is no longer in hardship."""
    record = _lock(record)
    _require_scope(actor=actor, organisation=record.member.organisation)
    if record.closed_on is not None:
        refuse("closed_on", _("该困难党员登记已解除。"), "hardship_closed")
    record.closed_on = _day(
        closed_on, field="closed_on", label=_("解除日期"), earliest=record.registered_on
    )
    record.close_reason = required_text(reason, field="reason", label=_("解除原因"), max_length=200)
    record.save(update_fields=["closed_on", "close_reason"])
    audit_record(
        instance=record,
        action="wagtail.edit",
        actor=actor,
        data={"closed_on": closed_on.isoformat()},
    )
    return record


@transaction.atomic
def care_visit_record(
    *,
    member: Member,
    kind: str,
    visited_on: datetime.date,
    organisation: Organisation,
    visitor: str,
    content: str,
    amount,
    actor: User | None,
) -> CareVisit:
    """Record a 帮扶 or 慰问 of ``member`` by ``organisation`` (the member's own or one above
    it, in the actor's subtree); linked to the member's 困难党员 record in force, if any."""
    member = Member.objects.select_related("organisation").get(pk=member.pk)
    _require_scope(actor=actor, organisation=member.organisation)
    _require_scope(actor=actor, organisation=organisation)
    if not member.organisation.path.startswith(organisation.path):
        refuse(
            "organisation",
            _("「%(org)s」不是「%(name)s」所在的党组织或其上级。"),
            "visit_organisation_outside",
            org=organisation.name,
            name=member.name,
        )
    visit = CareVisit.objects.create(
        member=member,
        hardship=HardshipMember.objects.filter(member=member, closed_on__isnull=True).first(),
        kind=_choice(kind, CareVisitKind, field="kind", label=_("关怀方式")),
        visited_on=_day(visited_on, field="visited_on", label=_("日期")),
        organisation=organisation,
        visitor=required_text(visitor, field="visitor", label=_("帮扶或慰问人"), max_length=100),
        content=required_text(content, field="content", label=_("帮扶或慰问内容"), max_length=2000),
        amount=care_amount(amount),
        created_by=actor,
    )
    audit_record(
        instance=visit,
        action="wagtail.create",
        actor=actor,
        data={"member": member.pk, "amount": str(visit.amount)},
    )
    return visit

"""组织关系转接: start, accept, return and revoke transfers, and record those to or from outside.

Within the system the sending organisation starts a transfer (待接收) and issues its letter
(介绍信), valid for TRANSFER_LETTER_VALID_DAYS days and stating 党费交至; the receiving organisation
accepts it within the validity (the member moves) or returns it with a reason; the sender may
revoke it while it is still 待接收. A letter not received in time expires (docs/domain.md §6).
Transfers to or from outside the system are recorded as 已接收 at once. Every state change locks
the transfer row, refuses wrong states with a stable code, and refuses actors who do not
administer the side that acts with PermissionDenied. ``actor=None`` acts as the system
(management commands and data loading), as in partybuild.services.organisations.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuild.core.dates import month_start
from partybuild.core.errors import required_text
from partybuild.models import Member, Organisation, Transfer, TransferKind, TransferStatus, User
from partybuild.models.members import MEMBER_ORGANISATION_TYPES
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.selectors.transfers import transfer_lapsed
from partybuild.services.audit import audit_record
from partybuild.services.messages import message_transfer_changed
from partybuild.signals import transfer_accepted

#: The shipped validity of a transfer letter in days (docs/domain.md §6); the setting
#: TRANSFER_LETTER_VALID_DAYS overrides it.
LETTER_VALID_DAYS = 90

#: Who knows, when a letter is issued, the month up to which a member's dues are paid: the dues
#: app registers its answer from its AppConfig.ready (the kernel never imports the app).
DuesPaidUntilSource = Callable[[Member], datetime.date | None]
_dues_paid_until_sources: list[DuesPaidUntilSource] = []


def transfer_dues_paid_until_source_register(source: DuesPaidUntilSource) -> None:
    """Register ``source(member)``: the month up to which the member's dues are paid, or None
    when it cannot tell; the first answer other than None is the letter's default 党费交至."""
    if source not in _dues_paid_until_sources:
        _dues_paid_until_sources.append(source)


def transfer_dues_paid_until_default(*, member: Member) -> datetime.date | None:
    """党费交至 for a letter issued now (docs/domain.md §6), from the member's dues records; None
    when no registered source knows."""
    for source in _dues_paid_until_sources:
        paid_until = source(member)
        if paid_until is not None:
            return month_start(paid_until)
    return None


def _dues_paid_until(*, member: Member, given: datetime.date | None) -> datetime.date | None:
    if given is not None:
        return month_start(given)
    return transfer_dues_paid_until_default(member=member)


def transfer_letter_valid_days() -> int:
    """How many days a letter is valid: TRANSFER_LETTER_VALID_DAYS, 90 by default (§6)."""
    return int(getattr(settings, "TRANSFER_LETTER_VALID_DAYS", LETTER_VALID_DAYS))


def transfer_letter_valid_until(*, issued_on: datetime.date) -> datetime.date:
    """The last day a letter issued on ``issued_on`` may be received (docs/domain.md §6). The day
    of issue is not counted (民法典 第二百零一条), so with 90 days a letter of 10 March 2026 is
    valid through 8 June 2026, its 90th day, and has expired on 9 June."""
    return issued_on + datetime.timedelta(days=transfer_letter_valid_days())


#: Fields of a member dossier that ``transfer_record_incoming`` accepts in ``member_data``.
INCOMING_MEMBER_FIELDS = (
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "native_place",
    "id_number",
    "phone",
    "home_address",
    "education",
    "degree",
    "school_major",
    "employer",
    "job_post",
    "category",
    "joined_on",
    "confirmed_on",
)


def _check_administers(*, actor: User | None, organisation: Organisation | None, message) -> None:
    if actor is None:  # the system
        return
    if organisation is None or not organisation_is_in_scope(user=actor, organisation=organisation):
        raise PermissionDenied(message)


def _lock_transfer(transfer: Transfer) -> Transfer:
    return (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("member", "from_organisation", "to_organisation")
        .get(pk=transfer.pk)
    )


def _lock_member(member: Member) -> Member:
    return (
        Member.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=member.pk)
    )


_ACTION_LABELS = {
    "accept": gettext_lazy("接收"),
    "return": gettext_lazy("退回"),
    "revoke": gettext_lazy("撤回"),
}


def _letter_expired(transfer: Transfer, *, action: str, field: str | None = None):
    error = ValidationError(
        _(
            "组织关系介绍信须在有效期内接收：该介绍信有效期至 %(until)s，已过期，转接已失效，"
            "不能再%(action)s；如仍需转接，请转出党组织重新开具介绍信。"
        ),
        code="transfer_letter_expired",
        params={
            "until": transfer.letter_valid_until.isoformat() if transfer.letter_valid_until else "",
            "action": _ACTION_LABELS[action],
        },
    )
    return ValidationError({field: error}) if field else error


def _require_pending(transfer: Transfer, *, action: str) -> None:
    if transfer.is_expired:
        raise _letter_expired(transfer, action=action)
    if transfer.status != TransferStatus.PENDING:
        raise ValidationError(
            _("该转接已是「%(status)s」状态，不能再处理。"),
            code="transfer_not_pending",
            params={"status": transfer.get_status_display()},
        )


def _mark_expired(transfer: Transfer, *, actor: User | None) -> Transfer:
    """Mark a locked, lapsed 待接收 transfer 已过期, with its audit entry and the member told."""
    transfer.status = TransferStatus.EXPIRED
    transfer.decision_reason = _("介绍信有效期至 %(until)s，逾期未接收，已失效。") % {
        "until": transfer.letter_valid_until.isoformat()
    }
    transfer.decided_by = actor
    transfer.decided_at = timezone.now()
    transfer.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    audit_record(instance=transfer, action="partybuild.transfer.expire", actor=actor)
    message_transfer_changed(transfer=transfer, event="expire")
    return transfer


def _expire_lapsed(member: Member) -> None:
    """The member's lapsed letter no longer holds the one transfer in progress: mark it."""
    lapsed = transfer_lapsed().filter(member=member).select_for_update(of=("self",))
    for transfer in lapsed.select_related("member", "from_organisation", "to_organisation"):
        _mark_expired(transfer, actor=None)


def _refuse_second_pending(member: Member) -> None:
    _expire_lapsed(member)
    if Transfer.objects.filter(member=member, status=TransferStatus.PENDING).exists():
        raise ValidationError(
            _("党员「%(name)s」已有一项待接收的组织关系转接，办结前不能再发起新的转接。"),
            code="transfer_pending_exists",
            params={"name": member.name},
        )


def _create_transfer(**fields: Any) -> Transfer:
    """Insert a transfer; the unique constraint on pending transfers backs the check above."""
    try:
        with transaction.atomic():
            return Transfer.objects.create(**fields)
    except IntegrityError:
        if fields.get("status") != TransferStatus.PENDING:
            raise
        member = fields["member"]
        raise ValidationError(
            _("党员「%(name)s」已有一项待接收的组织关系转接，办结前不能再发起新的转接。"),
            code="transfer_pending_exists",
            params={"name": member.name},
        ) from None


def _validate_target(*, to_organisation: Organisation, current: Organisation | None) -> None:
    if to_organisation.org_type not in MEMBER_ORGANISATION_TYPES:
        raise ValidationError(
            {
                "to_organisation": ValidationError(
                    _("转入党组织只能是党支部或党小组，「%(name)s」是%(type)s。"),
                    code="transfer_target_type",
                    params={
                        "name": to_organisation.name,
                        "type": to_organisation.get_org_type_display(),
                    },
                )
            }
        )
    if current is not None and to_organisation.pk == current.pk:
        raise ValidationError(
            {
                "to_organisation": ValidationError(
                    _("转入党组织不能是党员当前所在的党组织。"), code="transfer_target_same"
                )
            }
        )


def _validate_dates(*, left_on: datetime.date | None, arrived_on: datetime.date | None) -> None:
    if left_on and arrived_on and arrived_on < left_on:
        raise ValidationError(
            {
                "arrived_on": ValidationError(
                    _("转入日期不能早于转出日期（%(left_on)s）。"),
                    code="transfer_dates_order",
                    params={"left_on": left_on.isoformat()},
                )
            }
        )


@transaction.atomic
def transfer_start(
    *,
    member: Member,
    to_organisation: Organisation,
    actor: User | None,
    reason: str = "",
    letter_number: str = "",
    left_on: datetime.date | None = None,
    dues_paid_until: datetime.date | None = None,
) -> Transfer:
    """Start a transfer of ``member`` from their organisation to ``to_organisation`` (待接收).

    The letter is valid for TRANSFER_LETTER_VALID_DAYS days from today and states 党费交至:
    ``dues_paid_until`` (any day of the month) or, when None, the month computed from the
    member's dues records (docs/domain.md §6)."""
    member = _lock_member(member)
    _check_administers(
        actor=actor,
        organisation=member.organisation,
        message=_("您无权为该党员发起组织关系转接。"),
    )
    if not member.is_on_roll:
        raise ValidationError(
            _("党员「%(name)s」已不在册，不能发起系统内转接。"),
            code="member_not_on_roll",
            params={"name": member.name},
        )
    _validate_target(to_organisation=to_organisation, current=member.organisation)
    _refuse_second_pending(member)
    transfer = _create_transfer(
        member=member,
        kind=TransferKind.INTERNAL,
        status=TransferStatus.PENDING,
        from_organisation=member.organisation,
        to_organisation=to_organisation,
        reason=(reason or "").strip(),
        letter_number=(letter_number or "").strip(),
        left_on=left_on,
        letter_valid_until=transfer_letter_valid_until(issued_on=timezone.localdate()),
        dues_paid_until=_dues_paid_until(member=member, given=dues_paid_until),
        started_by=actor,
    )
    audit_record(instance=transfer, action="partybuild.transfer.start", actor=actor)
    message_transfer_changed(transfer=transfer, event="start")
    return transfer


@transaction.atomic
def transfer_accept(
    *, transfer: Transfer, actor: User | None, arrived_on: datetime.date | None = None
) -> Transfer:
    """The receiving organisation accepts: the member moves to it; both ends stay on record.

    Only within the letter's validity (docs/domain.md §6): an expired letter, or an arrival
    after its last day, is refused (``transfer_letter_expired``). The receiver then charges
    dues from the month after 党费交至 (``transfer_accepted``, partybuild/dues/transfers.py).
    """
    transfer = _lock_transfer(transfer)
    _check_administers(
        actor=actor,
        organisation=transfer.to_organisation,
        message=_("只有转入党组织的管理员可以接收该转接。"),
    )
    _require_pending(transfer, action="accept")
    arrived_on = arrived_on or timezone.localdate()
    _validate_dates(left_on=transfer.left_on, arrived_on=arrived_on)
    if transfer.letter_valid_until is not None and arrived_on > transfer.letter_valid_until:
        raise _letter_expired(transfer, action="accept", field="arrived_on")
    member = _lock_member(transfer.member)
    if member.organisation_id != transfer.from_organisation_id:
        raise ValidationError(
            _("党员「%(name)s」所在党组织已变更，该转接已失效，请转出方撤回后重新发起。"),
            code="transfer_stale",
            params={"name": member.name},
        )
    _validate_target(to_organisation=transfer.to_organisation, current=None)
    member.organisation = transfer.to_organisation
    member.save(update_fields=["organisation", "updated_at"])
    transfer.status = TransferStatus.ACCEPTED
    transfer.arrived_on = arrived_on
    transfer.decided_by = actor
    transfer.decided_at = timezone.now()
    transfer.save(update_fields=["status", "arrived_on", "decided_by", "decided_at"])
    transfer_accepted.send(sender=Transfer, transfer=transfer)
    audit_record(instance=transfer, action="partybuild.transfer.accept", actor=actor)
    message_transfer_changed(transfer=transfer, event="accept")
    return transfer


@transaction.atomic
def transfer_return(*, transfer: Transfer, actor: User | None, reason: str) -> Transfer:
    """The receiving organisation returns the transfer with a reason; the member stays put."""
    transfer = _lock_transfer(transfer)
    _check_administers(
        actor=actor,
        organisation=transfer.to_organisation,
        message=_("只有转入党组织的管理员可以退回该转接。"),
    )
    _require_pending(transfer, action="return")
    reason = required_text(
        reason, field="decision_reason", message=_("请填写退回理由。"), code="reason_required"
    )
    transfer.status = TransferStatus.RETURNED
    transfer.decision_reason = reason
    transfer.decided_by = actor
    transfer.decided_at = timezone.now()
    transfer.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    audit_record(
        instance=transfer, action="partybuild.transfer.return", actor=actor, data={"reason": reason}
    )
    message_transfer_changed(transfer=transfer, event="return")
    return transfer


@transaction.atomic
def transfer_revoke(*, transfer: Transfer, actor: User | None, reason: str = "") -> Transfer:
    """The sending organisation withdraws its transfer, only while it is still 待接收."""
    transfer = _lock_transfer(transfer)
    _check_administers(
        actor=actor,
        organisation=transfer.from_organisation,
        message=_("只有转出党组织的管理员可以撤回该转接。"),
    )
    _require_pending(transfer, action="revoke")
    transfer.status = TransferStatus.REVOKED
    transfer.decision_reason = (reason or "").strip()
    transfer.decided_by = actor
    transfer.decided_at = timezone.now()
    transfer.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    audit_record(
        instance=transfer,
        action="partybuild.transfer.revoke",
        actor=actor,
        data={"reason": transfer.decision_reason},
    )
    message_transfer_changed(transfer=transfer, event="revoke")
    return transfer


@transaction.atomic
def transfer_expire(*, transfer: Transfer, actor: User | None = None) -> Transfer:
    """Mark a 待接收 transfer whose letter has lapsed 已过期 (docs/domain.md §6); the member
    stays where they are and a new letter may be issued. Refused for any other transfer."""
    transfer = _lock_transfer(transfer)
    _check_administers(
        actor=actor,
        organisation=transfer.from_organisation,
        message=_("只有转出党组织的管理员可以办理该转接。"),
    )
    if transfer.status != TransferStatus.PENDING or not transfer.is_expired:
        raise ValidationError(
            _("只有超过介绍信有效期仍未接收的转接才能标记为已过期。"),
            code="transfer_not_lapsed",
        )
    return _mark_expired(transfer, actor=actor)


def transfers_expire_lapsed() -> int:
    """Mark every lapsed 待接收 transfer 已过期, each in its own transaction, as the system
    (``manage.py transfer_expire_letters``); how many were marked. Lists and acceptance compute
    expiry on read, so this only tidies the stored state."""
    marked = 0
    for transfer in transfer_lapsed().order_by("pk"):
        try:
            transfer_expire(transfer=transfer, actor=None)
        except ValidationError:
            continue  # decided meanwhile
        marked += 1
    return marked


@transaction.atomic
def transfer_record_outgoing(
    *,
    member: Member,
    external_organisation: str,
    letter_number: str,
    left_on: datetime.date | None,
    actor: User | None,
    dues_paid_until: datetime.date | None = None,
) -> Transfer:
    """Record a transfer to an organisation outside the system: 已接收 at once, member off roll.

    The dossier is kept (in its last organisation, marked 不在册) so that the history remains.
    The letter states 党费交至: ``dues_paid_until``, or computed from the dues records (§6).
    """
    member = _lock_member(member)
    _check_administers(
        actor=actor,
        organisation=member.organisation,
        message=_("您无权为该党员办理转出。"),
    )
    if not member.is_on_roll:
        raise ValidationError(
            _("党员「%(name)s」已不在册，不能再次转出。"),
            code="member_not_on_roll",
            params={"name": member.name},
        )
    external_organisation = required_text(
        external_organisation,
        field="external_organisation",
        message=_("请填写转入的系统外党组织名称。"),
        code="external_organisation_required",
    )
    letter_number = required_text(
        letter_number,
        field="letter_number",
        message=_("请填写介绍信编号。"),
        code="letter_number_required",
    )
    if left_on is None:
        raise ValidationError(
            {"left_on": ValidationError(_("请填写转出日期。"), code="left_on_required")}
        )
    _refuse_second_pending(member)
    transfer = _create_transfer(
        member=member,
        kind=TransferKind.OUTGOING,
        status=TransferStatus.ACCEPTED,
        from_organisation=member.organisation,
        external_organisation=external_organisation,
        letter_number=letter_number,
        left_on=left_on,
        dues_paid_until=_dues_paid_until(member=member, given=dues_paid_until),
        started_by=actor,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    member.is_on_roll = False
    member.save(update_fields=["is_on_roll", "updated_at"])
    audit_record(instance=transfer, action="partybuild.transfer.record_outgoing", actor=actor)
    message_transfer_changed(transfer=transfer, event="record_outgoing")
    return transfer


def _member_from_data(*, member_data: dict[str, Any], organisation: Organisation) -> Member:
    unknown = set(member_data) - set(INCOMING_MEMBER_FIELDS)
    if unknown:
        raise ValueError(f"not accepted for an incoming member: {sorted(unknown)}")
    data = dict(member_data)
    id_number = data.pop("id_number", "")
    member = Member(organisation=organisation, is_on_roll=True, **data)
    member.id_number = id_number or ""
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def transfer_record_incoming(
    *,
    to_organisation: Organisation,
    external_organisation: str,
    letter_number: str,
    arrived_on: datetime.date | None,
    actor: User | None,
    member: Member | None = None,
    member_data: dict[str, Any] | None = None,
    dues_paid_until: datetime.date | None = None,
) -> Transfer:
    """Record a member arriving from outside the system into ``to_organisation`` (已接收).

    Either ``member_data`` (fields of a new dossier, see INCOMING_MEMBER_FIELDS) or an existing
    ``member``: one who left the system earlier (不在册), who is put back on roll here, or one
    whose dossier was already created in ``to_organisation``. ``dues_paid_until`` is 党费交至
    as the other organisation's letter states it; the receiver charges from the month after
    (docs/domain.md §6), or from the month after arrival when it is not given.
    """
    if (member is None) == (member_data is None):
        raise ValueError("pass exactly one of member and member_data")
    _check_administers(
        actor=actor,
        organisation=to_organisation,
        message=_("您无权为该党组织办理转入。"),
    )
    _validate_target(to_organisation=to_organisation, current=None)
    external_organisation = required_text(
        external_organisation,
        field="external_organisation",
        message=_("请填写转出的系统外党组织名称。"),
        code="external_organisation_required",
    )
    letter_number = required_text(
        letter_number,
        field="letter_number",
        message=_("请填写介绍信编号。"),
        code="letter_number_required",
    )
    if arrived_on is None:
        raise ValidationError(
            {"arrived_on": ValidationError(_("请填写转入日期。"), code="arrived_on_required")}
        )
    if member is None:
        member = _member_from_data(member_data=member_data, organisation=to_organisation)
    else:
        member = _lock_member(member)
        if member.is_on_roll and member.organisation_id != to_organisation.pk:
            raise ValidationError(
                _("党员「%(name)s」仍在系统内「%(organisation)s」在册，请使用系统内转接。"),
                code="member_on_roll_elsewhere",
                params={"name": member.name, "organisation": member.organisation.name},
            )
        _refuse_second_pending(member)
        member.organisation = to_organisation
        member.is_on_roll = True
        member.save(update_fields=["organisation", "is_on_roll", "updated_at"])
    transfer = _create_transfer(
        member=member,
        kind=TransferKind.INCOMING,
        status=TransferStatus.ACCEPTED,
        to_organisation=to_organisation,
        external_organisation=external_organisation,
        letter_number=letter_number,
        arrived_on=arrived_on,
        dues_paid_until=month_start(dues_paid_until) if dues_paid_until else None,
        started_by=actor,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    audit_record(instance=transfer, action="partybuild.transfer.record_incoming", actor=actor)
    message_transfer_changed(transfer=transfer, event="record_incoming")
    return transfer

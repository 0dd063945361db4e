"""组织关系转接: start, accept, return and revoke transfers, and record those to or from outside.

Within the system the sending organisation starts a transfer (待接收); the receiving organisation
accepts it (the member moves) or returns it with a reason; the sender may revoke it while it is
still 待接收. Transfers to or from outside the system are recorded as 已接收 at once. Every state
change locks the transfer row, refuses wrong states with a stable code, and refuses actors who
do not administer the side that acts with PermissionDenied. ``actor=None`` acts as the system
(management commands and data loading), as in partybuild.services.organisations.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.core.errors import required_text
from partybuild.models import Member, Organisation, Transfer, TransferKind, TransferStatus, User
from partybuild.models.members import MEMBER_ORGANISATION_TYPES
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.services.audit import audit_record
from partybuild.services.messages import message_transfer_changed

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


def _require_pending(transfer: Transfer) -> None:
    if transfer.status != TransferStatus.PENDING:
        raise ValidationError(
            _("该转接已是「%(status)s」状态，不能再处理。"),
            code="transfer_not_pending",
            params={"status": transfer.get_status_display()},
        )


def _refuse_second_pending(member: Member) -> None:
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
) -> Transfer:
    """Start a transfer of ``member`` from their organisation to ``to_organisation`` (待接收)."""
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
        started_by=actor,
    )
    audit_record(instance=transfer, action="partybuild.transfer.start", actor=actor)
    message_transfer_changed(transfer=transfer, event="start")
    return transfer


@transaction.atomic
def transfer_accept(
    *, transfer: Transfer, actor: User | None, arrived_on: datetime.date | None = None
) -> Transfer:
    """The receiving organisation accepts: the member moves to it; both ends stay on record."""
    transfer = _lock_transfer(transfer)
    _check_administers(
        actor=actor,
        organisation=transfer.to_organisation,
        message=_("只有转入党组织的管理员可以接收该转接。"),
    )
    _require_pending(transfer)
    arrived_on = arrived_on or timezone.localdate()
    _validate_dates(left_on=transfer.left_on, arrived_on=arrived_on)
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
    _require_pending(transfer)
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
    _require_pending(transfer)
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
def transfer_record_outgoing(
    *,
    member: Member,
    external_organisation: str,
    letter_number: str,
    left_on: datetime.date | None,
    actor: User | None,
) -> Transfer:
    """Record a transfer to an organisation outside the system: 已接收 at once, member off roll.

    The dossier is kept (in its last organisation, marked 不在册) so that the history remains.
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
) -> Transfer:
    """Record a member arriving from outside the system into ``to_organisation`` (已接收).

    Either ``member_data`` (fields of a new dossier, see INCOMING_MEMBER_FIELDS) or an existing
    ``member``: one who left the system earlier (不在册), who is put back on roll here, or one
    whose dossier was already created in ``to_organisation``.
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
        started_by=actor,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    audit_record(instance=transfer, action="partybuild.transfer.record_incoming", actor=actor)
    message_transfer_changed(transfer=transfer, event="record_incoming")
    return transfer

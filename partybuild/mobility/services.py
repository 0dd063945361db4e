"""流动党员 writes (docs/domain.md §8): register an outflow, record the branch's contacts, close
the outflow on return; register an inflow and its departure.

An administrator acts on members and branches of their own subtree only (PermissionDenied
otherwise); bad input is a ValidationError naming the field, in Chinese, with a stable code. An
open outflow sets ``Member.is_mobile``, closing it clears it; the member's organisation, dues and
meetings are untouched (the home branch keeps them). ``actor=None`` acts as the system."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.core.errors import refuse, required_text
from partybuild.core.validators import normalise_phone, validate_mobile
from partybuild.mobility.models import (
    ContactWay,
    MobileContact,
    MobileInflow,
    MobileOutflow,
    OutflowReason,
)
from partybuild.models import Member, Organisation, User
from partybuild.models.members import MEMBER_ORGANISATION_TYPES, STANDINGS_NOT_COUNTED
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.services.audit import audit_record


def _require_scope(*, actor: User | None, organisation: Organisation) -> None:
    if actor is not None and not organisation_is_in_scope(user=actor, organisation=organisation):
        raise PermissionDenied(_("只能办理本人管理的党组织的流动党员。"))


def _date_not_future(value: datetime.date, *, field: str, label: str, today) -> datetime.date:
    if value is None:
        refuse(field, _("请填写%(label)s。") % {"label": label}, f"{field}_required")
    if value > today:
        refuse(field, _("%(label)s不能晚于今天。") % {"label": label}, f"{field}_in_future")
    return value


def _phone(value: str, *, field: str) -> str:
    value = normalise_phone(value or "")
    if value:
        try:
            validate_mobile(value)
        except ValidationError:
            refuse(field, _("请填写11位手机号码。"), "phone_invalid")
    return value


@transaction.atomic
def mobile_outflow_register(
    *,
    member: Member,
    destination: str,
    left_on: datetime.date,
    reason: str,
    actor: User | None,
    destination_organisation: str = "",
    destination_contact: str = "",
    reason_detail: str = "",
    contact_phone: str = "",
    certificate_number: str = "",
) -> MobileOutflow:
    """登记流出: ``member`` (on the roll, of a branch the actor administers, not already away)
    leaves for ``destination`` on ``left_on``."""
    member = Member.objects.select_for_update().select_related("organisation").get(pk=member.pk)
    _require_scope(actor=actor, organisation=member.organisation)
    today = timezone.localdate()
    if not member.is_on_roll or member.standing in STANDINGS_NOT_COUNTED:
        refuse(
            "member",
            _("「%(name)s」不在册或党籍已停止，不能登记流出。"),
            "member_not_on_roll",
            name=member.name,
        )
    if member.organisation.org_type not in MEMBER_ORGANISATION_TYPES:
        refuse("member", _("党员须编入党支部或党小组。"), "member_organisation_type")
    if MobileOutflow.objects.filter(member=member, returned_on__isnull=True).exists():
        refuse(
            "member",
            _("「%(name)s」已登记为流出党员，尚未返回。"),
            "outflow_already_open",
            name=member.name,
        )
    destination = required_text(destination, field="destination", label=_("流入地"), max_length=200)
    _date_not_future(left_on, field="left_on", label=_("外出日期"), today=today)
    if member.joined_on and left_on < member.joined_on:
        refuse("left_on", _("外出日期不能早于入党日期。"), "left_on_before_joined")
    if reason not in OutflowReason.values:
        refuse("reason", _("请选择外出原因。"), "reason_invalid")
    outflow = MobileOutflow.objects.create(
        member=member,
        destination=destination,
        destination_organisation=(destination_organisation or "").strip()[:200],
        destination_contact=(destination_contact or "").strip()[:200],
        left_on=left_on,
        reason=reason,
        reason_detail=(reason_detail or "").strip()[:200],
        contact_phone=_phone(contact_phone, field="contact_phone"),
        certificate_number=(certificate_number or "").strip()[:50],
        created_by=actor,
    )
    member.is_mobile = True
    member.save(update_fields=["is_mobile"])
    audit_record(
        instance=outflow,
        action="wagtail.create",
        actor=actor,
        data={"member": member.pk, "destination": destination},
    )
    return outflow


@transaction.atomic
def mobile_contact_record(
    *,
    outflow: MobileOutflow,
    contacted_on: datetime.date,
    way: str,
    content: str,
    actor: User | None,
) -> MobileContact:
    """Record a contact of the home branch with an outflowing member (not before the member
    left, not after the return, not in the future)."""
    outflow = (
        MobileOutflow.objects.select_for_update(of=("self",))
        .select_related("member__organisation")
        .get(pk=outflow.pk)
    )
    _require_scope(actor=actor, organisation=outflow.member.organisation)
    today = timezone.localdate()
    _date_not_future(contacted_on, field="contacted_on", label=_("联系日期"), today=today)
    if contacted_on < outflow.left_on:
        refuse(
            "contacted_on",
            _("联系日期不能早于外出日期（%(date)s）。"),
            "contact_before_leaving",
            date=outflow.left_on.isoformat(),
        )
    if outflow.returned_on is not None and contacted_on > outflow.returned_on:
        refuse(
            "contacted_on",
            _("联系日期不能晚于返回日期（%(date)s）。"),
            "contact_after_return",
            date=outflow.returned_on.isoformat(),
        )
    if way not in ContactWay.values:
        refuse("way", _("请选择联系方式。"), "way_invalid")
    content = required_text(content, field="content", label=_("联系内容"), max_length=2000)
    contact = MobileContact.objects.create(
        outflow=outflow, contacted_on=contacted_on, way=way, content=content, recorded_by=actor
    )
    audit_record(
        instance=outflow,
        action="wagtail.edit",
        actor=actor,
        data={"contact": contact.pk, "contacted_on": contacted_on.isoformat()},
    )
    return contact


@transaction.atomic
def mobile_outflow_close(
    *, outflow: MobileOutflow, returned_on: datetime.date, actor: User | None, note: str = ""
) -> MobileOutflow:
    """The member has come back (返回): close the outflow and clear ``is_mobile``."""
    outflow = (
        MobileOutflow.objects.select_for_update(of=("self",))
        .select_related("member__organisation")
        .get(pk=outflow.pk)
    )
    _require_scope(actor=actor, organisation=outflow.member.organisation)
    if outflow.returned_on is not None:
        refuse(
            "returned_on",
            _("该流出登记已于%(date)s返回。"),
            "outflow_closed",
            date=outflow.returned_on.isoformat(),
        )
    _date_not_future(
        returned_on, field="returned_on", label=_("返回日期"), today=timezone.localdate()
    )
    if returned_on < outflow.left_on:
        refuse("returned_on", _("返回日期不能早于外出日期。"), "return_before_leaving")
    outflow.returned_on = returned_on
    outflow.return_note = (note or "").strip()[:200]
    outflow.save(update_fields=["returned_on", "return_note"])
    Member.objects.filter(pk=outflow.member_id).update(is_mobile=False)
    audit_record(
        instance=outflow,
        action="wagtail.edit",
        actor=actor,
        data={"returned_on": returned_on.isoformat()},
    )
    return outflow


@transaction.atomic
def mobile_inflow_register(
    *,
    organisation: Organisation,
    name: str,
    home_organisation: str,
    certificate_number: str,
    arrived_on: datetime.date,
    actor: User | None,
    phone: str = "",
    note: str = "",
) -> MobileInflow:
    """登记流入: a member of ``home_organisation`` (outside the system), holding the 流动党员活动证
    ``certificate_number``, takes part in the life of ``organisation`` (a branch or group)."""
    _require_scope(actor=actor, organisation=organisation)
    if organisation.org_type not in MEMBER_ORGANISATION_TYPES:
        refuse("organisation", _("流入党员须编入党支部或党小组。"), "inflow_organisation_type")
    name = required_text(name, field="name", label=_("姓名"), max_length=50)
    home_organisation = required_text(
        home_organisation, field="home_organisation", label=_("原所在党组织"), max_length=200
    )
    certificate_number = required_text(
        certificate_number,
        field="certificate_number",
        label=_("流动党员活动证号"),
        max_length=50,
    )
    _date_not_future(
        arrived_on, field="arrived_on", label=_("流入日期"), today=timezone.localdate()
    )
    inflow = MobileInflow.objects.create(
        organisation=organisation,
        name=name,
        home_organisation=home_organisation,
        certificate_number=certificate_number,
        arrived_on=arrived_on,
        phone=_phone(phone, field="phone"),
        note=(note or "").strip()[:200],
        created_by=actor,
    )
    audit_record(instance=inflow, action="wagtail.create", actor=actor, data={})
    return inflow


@transaction.atomic
def mobile_inflow_close(
    *, inflow: MobileInflow, left_on: datetime.date, actor: User | None
) -> MobileInflow:
    """The inflowing member has left (离开)."""
    inflow = (
        MobileInflow.objects.select_for_update().select_related("organisation").get(pk=inflow.pk)
    )
    _require_scope(actor=actor, organisation=inflow.organisation)
    if inflow.left_on is not None:
        refuse("left_on", _("该流入党员已登记离开。"), "inflow_closed")
    _date_not_future(left_on, field="left_on", label=_("离开日期"), today=timezone.localdate())
    if left_on < inflow.arrived_on:
        refuse("left_on", _("离开日期不能早于流入日期。"), "leave_before_arrival")
    inflow.left_on = left_on
    inflow.save(update_fields=["left_on"])
    audit_record(
        instance=inflow, action="wagtail.edit", actor=actor, data={"left_on": left_on.isoformat()}
    )
    return inflow

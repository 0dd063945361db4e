"""Writes of 党代表: congresses, representatives, their 联系党员群众 activities and 提案/建议.

Rules (docs/domain.md §党代表): a representative's term is the congress's term; the member lies in
the subtree of the constituency (选举单位) that elected him; activities and proposals are recorded
by the representative himself (his own account) or by an administrator of the constituency's
subtree, only for days within the term (and not after 资格终止) and never in the future; the
handling organisation's reply is recorded by an administrator. ``actor=None`` is the system.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.core.errors import refuse, required_text
from partybuild.models import Member, Organisation, User
from partybuild.representatives.models import (
    Congress,
    ContactActivity,
    Proposal,
    ProposalStatus,
    Representative,
)
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.services.audit import audit_record


def _require_scope(*, actor: User | None, organisation: Organisation) -> None:
    if actor is not None and not organisation_is_in_scope(user=actor, organisation=organisation):
        raise PermissionDenied(_("「%(name)s」不在您的管理范围内。") % {"name": organisation.name})


def representative_may_record(*, actor: User | None, representative: Representative) -> bool:
    """Whether ``actor`` may record activities and proposals of ``representative``: himself, an
    administrator of the constituency's subtree, or the system."""
    if actor is None:
        return True
    if representative.member.user_id is not None and representative.member.user_id == actor.pk:
        return True
    return organisation_is_in_scope(user=actor, organisation=representative.constituency)


def _require_in_term(*, representative: Representative, day: datetime.date, field: str) -> None:
    """``day`` lies within the representative's term and is not in the future."""
    congress = representative.congress
    if day > timezone.localdate():
        refuse(field, _("日期不能晚于今天。"), f"{field}_in_future")
    end = min(filter(None, [congress.term_end, representative.ended_on]))
    if day < max(congress.term_start, representative.elected_on) or day > end:
        refuse(
            field,
            _("%(day)s 不在该党代表的任期内（%(start)s 至 %(end)s）。"),
            "representative_out_of_term",
            day=f"{day:%Y-%m-%d}",
            start=f"{max(congress.term_start, representative.elected_on):%Y-%m-%d}",
            end=f"{end:%Y-%m-%d}",
        )


@transaction.atomic
def congress_save(
    *,
    congress: Congress | None = None,
    organisation: Organisation,
    level: str,
    name: str,
    number: int,
    term_start: datetime.date,
    term_end: datetime.date,
    actor: User | None,
) -> Congress:
    """Create or change a congress term of ``organisation`` (in the actor's scope)."""
    _require_scope(actor=actor, organisation=organisation)
    if congress is not None and congress.pk:
        _require_scope(actor=actor, organisation=congress.organisation)
    name = required_text(name, field="name", label=_("名称"), max_length=100)
    if term_end <= term_start:
        refuse("term_end", _("任期届满日期须晚于任期开始日期。"), "congress_term_order")
    clash = Congress.objects.filter(organisation=organisation, number=number)
    if congress is not None and congress.pk:
        clash = clash.exclude(pk=congress.pk)
    if clash.exists():
        refuse(
            "number",
            _("「%(name)s」已有第%(number)s届党代表大会。"),
            "congress_number_taken",
            name=organisation.name,
            number=number,
        )
    congress = congress or Congress()
    congress.organisation = organisation
    congress.level = level
    congress.name = name
    congress.number = number
    congress.term_start = term_start
    congress.term_end = term_end
    congress.save()
    return congress


def _check_representative_dates(
    *,
    congress: Congress,
    elected_on: datetime.date,
    ended_on: datetime.date | None,
    end_reason: str,
) -> str:
    """Refuse an election outside the congress's term (or more than a year before it) and an
    early end outside the term or without its reason; the reason, stripped."""
    if not congress.term_start - datetime.timedelta(days=366) <= elected_on <= congress.term_end:
        refuse(
            "elected_on",
            _("当选日期须在%(congress)s任期届满（%(end)s）之前，且不早于任期开始前一年。"),
            "representative_elected_out_of_term",
            congress=str(congress),
            end=f"{congress.term_end:%Y-%m-%d}",
        )
    end_reason = (end_reason or "").strip()
    if ended_on is not None:
        if not max(elected_on, congress.term_start) <= ended_on <= congress.term_end:
            refuse(
                "ended_on",
                _("资格终止日期须在任期内。"),
                "representative_end_out_of_term",
            )
        end_reason = required_text(
            end_reason, field="end_reason", label=_("资格终止原因"), max_length=200
        )
    return end_reason


def _check_representative_once(
    *, representative: Representative | None, congress: Congress, member: Member
) -> None:
    """Refuse a member already a representative of the congress (another record)."""
    clash = Representative.objects.filter(congress=congress, member=member)
    if representative is not None and representative.pk:
        clash = clash.exclude(pk=representative.pk)
    if clash.exists():
        refuse(
            "member",
            _("「%(member)s」已是%(congress)s的党代表。"),
            "representative_duplicate",
            member=member.name,
            congress=str(congress),
        )


@transaction.atomic
def representative_save(
    *,
    representative: Representative | None = None,
    congress: Congress,
    member: Member,
    constituency: Organisation,
    elected_on: datetime.date,
    ended_on: datetime.date | None = None,
    end_reason: str = "",
    actor: User | None,
) -> Representative:
    """Register (or correct) a representative elected by ``constituency`` to ``congress``."""
    _require_scope(actor=actor, organisation=constituency)
    if representative is not None and representative.pk:
        _require_scope(actor=actor, organisation=representative.constituency)
    if not member.organisation.path.startswith(constituency.path):
        refuse(
            "member",
            _("党员「%(member)s」不在选举单位「%(unit)s」及其下级组织中。"),
            "representative_outside_constituency",
            member=member.name,
            unit=constituency.name,
        )
    end_reason = _check_representative_dates(
        congress=congress, elected_on=elected_on, ended_on=ended_on, end_reason=end_reason
    )
    _check_representative_once(representative=representative, congress=congress, member=member)
    representative = representative or Representative()
    representative.congress = congress
    representative.member = member
    representative.constituency = constituency
    representative.elected_on = elected_on
    representative.ended_on = ended_on
    representative.end_reason = end_reason if ended_on else ""
    representative.save()
    audit_record(instance=representative, action="partybuild.representative.save", actor=actor)
    return representative


def _require_recorder(*, actor: User | None, representative: Representative) -> None:
    if not representative_may_record(actor=actor, representative=representative):
        raise PermissionDenied(_("只有党代表本人或选举单位的管理员可以登记。"))


@transaction.atomic
def contact_activity_record(
    *,
    representative: Representative,
    date: datetime.date,
    place: str,
    content: str,
    people_reached: int,
    actor: User | None,
) -> ContactActivity:
    """Record a 联系党员群众 activity of ``representative`` on a day of his term."""
    _require_recorder(actor=actor, representative=representative)
    _require_in_term(representative=representative, day=date, field="date")
    place = required_text(place, field="place", label=_("地点"), max_length=200)
    content = required_text(content, field="content", label=_("活动内容"), max_length=2000)
    if people_reached < 1:
        refuse("people_reached", _("联系人数至少为 1。"), "people_reached_too_small")
    return ContactActivity.objects.create(
        representative=representative,
        date=date,
        place=place,
        content=content,
        people_reached=people_reached,
        recorded_by=actor,
    )


@transaction.atomic
def proposal_submit(
    *,
    representative: Representative,
    title: str,
    content: str,
    submitted_on: datetime.date,
    handling_organisation: str = "",
    actor: User | None,
) -> Proposal:
    """Record a 提案/建议 of ``representative`` submitted on a day of his term."""
    _require_recorder(actor=actor, representative=representative)
    _require_in_term(representative=representative, day=submitted_on, field="submitted_on")
    title = required_text(title, field="title", label=_("标题"), max_length=200)
    content = required_text(content, field="content", label=_("内容"), max_length=5000)
    return Proposal.objects.create(
        representative=representative,
        title=title,
        content=content,
        submitted_on=submitted_on,
        handling_organisation=(handling_organisation or "").strip()[:200],
    )


@transaction.atomic
def proposal_reply(
    *,
    proposal: Proposal,
    handling_organisation: str,
    reply: str = "",
    replied_on: datetime.date | None = None,
    actor: User | None,
) -> Proposal:
    """An administrator of the constituency's subtree records the handling organisation (办理中)
    and, once it answered, its reply and the reply's date (已答复)."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("representative__constituency")
        .get(pk=proposal.pk)
    )
    _require_scope(actor=actor, organisation=proposal.representative.constituency)
    handling_organisation = required_text(
        handling_organisation, field="handling_organisation", label=_("承办单位"), max_length=200
    )
    reply = (reply or "").strip()
    if reply and replied_on is None:
        refuse("replied_on", _("请填写答复日期。"), "replied_on_required")
    if replied_on is not None:
        if not reply:
            refuse("reply", _("请填写答复内容。"), "reply_required")
        if replied_on < proposal.submitted_on or replied_on > timezone.localdate():
            refuse(
                "replied_on",
                _("答复日期须在提交日期（%(day)s）之后且不晚于今天。"),
                "replied_on_out_of_range",
                day=f"{proposal.submitted_on:%Y-%m-%d}",
            )
    proposal.handling_organisation = handling_organisation
    proposal.reply = reply
    proposal.replied_on = replied_on
    proposal.status = ProposalStatus.ANSWERED if reply else ProposalStatus.HANDLING
    proposal.save(update_fields=["handling_organisation", "reply", "replied_on", "status"])
    audit_record(instance=proposal, action="partybuild.proposal.reply", actor=actor)
    return proposal

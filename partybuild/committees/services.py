"""Writes of 班子成员与换届 (docs/domain.md §1a).

A term of a committee is registered directly (the committee in office when the system starts, or
one appointed by the higher organisation) or results from a 换届: the organisation's
administrators submit the 请示, the higher organisation 批复 it, the election is recorded with
the votes of each candidate — elected when the votes for them exceed half of the voters present
(:func:`election_is_elected`) — and the higher organisation's 批复 of the result opens the new
term and closes the old one in one transaction. A term lasts the organisation's term of office
(``organisation_term_years``), and its dates become the organisation's ``term_start`` and
``term_end``, which the 换届提醒 read.

Refusals: outside the actor's subtree PermissionDenied; the wrong side for a 批复 (anyone but the
higher organisation) PermissionDenied; bad data a ValidationError naming the field with a stable
code. ``actor=None`` acts as the system (demo data, commands)."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from partybuild.committees.models import (
    CommitteeMember,
    CommitteePost,
    CommitteeTerm,
    ElectionCandidate,
    Reelection,
    ReelectionStatus,
    TermFormation,
)
from partybuild.committees.selectors import (
    COMMITTEE_TYPES,
    committee_term_current,
    reelection_approver_refusal,
    reelection_open,
)
from partybuild.core.dates import add_years
from partybuild.core.errors import refuse, required_text
from partybuild.models import Member, MemberCategory, MemberStanding, Organisation, User
from partybuild.models.organisations import organisation_term_years
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.services.audit import audit_record
from partybuild.uploads import upload_store_document

#: Standings that take away the right to be elected (docs/domain.md §2: 停止党籍, 开除党籍).
INELIGIBLE_STANDINGS = (MemberStanding.SUSPENDED, MemberStanding.EXPELLED)


@dataclass(frozen=True)
class Seat:
    """A member and the post they take in a term (or stand for in an election)."""

    member: Member
    post: str


@dataclass(frozen=True)
class CandidateVotes:
    """A candidate of an election, the post proposed and the votes for them."""

    member: Member
    post: str
    votes: int


def committee_term_end(*, organisation: Organisation, starts_on: datetime.date) -> datetime.date:
    """The last day of a term of ``organisation`` starting on ``starts_on``: the term of office
    (党委 5 years, 党总支 and 党支部 3, in a village or community 5 — docs/domain.md §1) less a day,
    so that 2024-01-01 gives 2026-12-31."""
    years = organisation_term_years(
        org_type=organisation.org_type,
        is_village_or_community=organisation.is_village_or_community,
    )
    if years is None:
        refuse(
            "organisation",
            _("%(type)s不设委员会，不能登记班子成员。"),
            "committee_not_applicable",
            type=organisation.get_org_type_display(),
        )
    return add_years(starts_on, years) - datetime.timedelta(days=1)


def election_is_elected(*, votes: int, voters_present: int) -> bool:
    """Whether a candidate is elected: more than half of the voters present voted for them
    (docs/domain.md §1a, 《中国共产党基层组织选举工作条例》). Exactly half is not enough."""
    return votes * 2 > voters_present


def _require_scope(*, actor: User | None, organisation: Organisation) -> None:
    if actor is not None and not organisation_is_in_scope(user=actor, organisation=organisation):
        raise PermissionDenied(_("您无权管理该党组织的班子成员。"))


def _require_approver(*, actor: User | None, organisation: Organisation) -> None:
    if actor is None:
        return
    refusal = reelection_approver_refusal(user=actor, organisation=organisation)
    if refusal is not None:
        raise PermissionDenied(refusal)


def _check_organisation(organisation: Organisation) -> None:
    if organisation.org_type not in COMMITTEE_TYPES:
        refuse(
            "organisation",
            _("%(type)s不设委员会，不能登记班子成员。"),
            "committee_not_applicable",
            type=organisation.get_org_type_display(),
        )


def _check_people(*, organisation: Organisation, seats: Sequence[Seat | CandidateVotes], field):
    """Each person once, a 正式党员 on the roll of the organisation's subtree in good standing
    (only 正式党员 may be elected: docs/domain.md §1a), with a known post."""
    seen: set[int] = set()
    for row, seat in enumerate(seats, start=1):
        member = seat.member
        if seat.post not in CommitteePost.values:
            refuse(field, _("第%(row)s行：职务不正确。"), "committee_post_invalid", row=row)
        if member.pk in seen:
            refuse(
                field,
                _("第%(row)s行：「%(name)s」重复。"),
                "committee_member_duplicate",
                row=row,
                name=member.name,
            )
        seen.add(member.pk)
        if not member.is_on_roll or not member.organisation.path.startswith(organisation.path):
            refuse(
                field,
                _("第%(row)s行：「%(name)s」不是「%(organisation)s」在册的党员。"),
                "committee_member_outside",
                row=row,
                name=member.name,
                organisation=organisation.name,
            )
        if member.category != MemberCategory.FULL or member.standing in INELIGIBLE_STANDINGS:
            refuse(
                field,
                _("第%(row)s行：「%(name)s」不是正式党员或党籍状态不正常，没有被选举权。"),
                "committee_member_ineligible",
                row=row,
                name=member.name,
            )


def _check_one_secretary(seats: Sequence[Seat], *, field: str) -> None:
    if sum(1 for seat in seats if seat.post == CommitteePost.SECRETARY) > 1:
        refuse(field, _("一届班子只能有一名书记。"), "committee_two_secretaries")


def _term_open(
    *,
    organisation: Organisation,
    starts_on: datetime.date,
    formation: str,
    seats: Sequence[Seat],
    approval_number: str,
    actor: User | None,
) -> CommitteeTerm:
    """Close the current term the day before ``starts_on`` and open the new one (the caller
    holds the transaction); the organisation's term dates follow."""
    ends_on = committee_term_end(organisation=organisation, starts_on=starts_on)
    # Lock the organisation's row: two 批复 at once must not open two current terms.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    current = committee_term_current(organisation=organisation)
    if current is not None:
        if starts_on <= current.starts_on:
            refuse(
                "starts_on",
                _("新一届任期的开始日期应晚于本届任期的开始日期（%(start)s）。"),
                "term_starts_before_current",
                start=current.starts_on.isoformat(),
            )
        current.closed_on = starts_on - datetime.timedelta(days=1)
        current.save(update_fields=["closed_on"])
    term = CommitteeTerm.objects.create(
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        formation=formation,
        approval_number=approval_number,
        created_by=actor,
    )
    CommitteeMember.objects.bulk_create(
        [
            CommitteeMember(term=term, member=seat.member, post=seat.post, formation=formation)
            for seat in seats
        ]
    )
    Organisation.objects.filter(pk=organisation.pk).update(term_start=starts_on, term_end=ends_on)
    organisation.term_start, organisation.term_end = starts_on, ends_on
    audit_record(
        instance=term,
        action="partybuild.committee.term",
        actor=actor,
        data={"closed_term": current.pk if current else None, "members": len(seats)},
    )
    return term


@transaction.atomic
def committee_term_register(
    *,
    organisation: Organisation,
    starts_on: datetime.date,
    seats: Sequence[Seat],
    actor: User | None,
    formation: str = TermFormation.ELECTED,
    approval_number: str = "",
) -> CommitteeTerm:
    """Register a term outside the 换届 workflow — the committee in office, or one appointed by
    the higher organisation — closing the current one."""
    _require_scope(actor=actor, organisation=organisation)
    _check_organisation(organisation)
    if formation not in TermFormation.values:
        refuse("formation", _("请选择产生方式。"), "term_formation_invalid")
    if not seats:
        refuse("seats", _("请至少登记一名班子成员。"), "committee_no_members")
    _check_people(organisation=organisation, seats=seats, field="seats")
    _check_one_secretary(seats, field="seats")
    if reelection_open(organisation=organisation) is not None:
        refuse(
            "organisation",
            _("「%(name)s」正在换届，新一届班子在选举结果批复后产生。"),
            "reelection_under_way",
            name=organisation.name,
        )
    return _term_open(
        organisation=organisation,
        starts_on=starts_on,
        formation=formation,
        seats=seats,
        approval_number=approval_number.strip()[:100],
        actor=actor,
    )


@transaction.atomic
def reelection_request_submit(
    *,
    organisation: Organisation,
    requested_on: datetime.date,
    request_number: str,
    actor: User | None,
    document: UploadedFile | None = None,
) -> Reelection:
    """请示: the organisation asks the higher organisation to hold its 换届 election."""
    _require_scope(actor=actor, organisation=organisation)
    _check_organisation(organisation)
    if organisation.is_root():
        refuse(
            "organisation", _("最上级党组织没有可以批复换届的上级党组织。"), "reelection_no_parent"
        )
    request_number = required_text(
        request_number, field="request_number", label=_("请示文号"), max_length=100
    )
    if reelection_open(organisation=organisation) is not None:
        refuse(
            "organisation",
            _("「%(name)s」已有正在进行的换届。"),
            "reelection_under_way",
            name=organisation.name,
        )
    stored = None
    if document is not None:
        stored = upload_store_document(
            file=document, title=_("换届请示"), user=actor, field="document"
        )
    reelection = Reelection.objects.create(
        organisation=organisation,
        previous_term=committee_term_current(organisation=organisation),
        requested_on=requested_on,
        request_number=request_number,
        request_document=stored,
        created_by=actor,
    )
    audit_record(instance=reelection, action="partybuild.reelection.request", actor=actor)
    return reelection


def _locked(reelection: Reelection, status: str, message) -> Reelection:
    locked = (
        Reelection.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=reelection.pk)
    )
    if locked.status != status:
        refuse("status", message, "reelection_wrong_step")
    return locked


@transaction.atomic
def reelection_request_approve(
    *,
    reelection: Reelection,
    approved_on: datetime.date,
    approval_number: str,
    actor: User | None,
) -> Reelection:
    """批复 of the 请示, by the higher organisation."""
    _require_approver(actor=actor, organisation=reelection.organisation)
    reelection = _locked(reelection, ReelectionStatus.REQUESTED, _("该换届请示已批复。"))
    approval_number = required_text(
        approval_number, field="approval_number", label=_("批复文号"), max_length=100
    )
    if approved_on < reelection.requested_on:
        refuse("approved_on", _("批复日期不能早于请示日期。"), "approval_before_request")
    reelection.request_approved_on = approved_on
    reelection.request_approval_number = approval_number
    reelection.status = ReelectionStatus.REQUEST_APPROVED
    reelection.save(update_fields=["request_approved_on", "request_approval_number", "status"])
    audit_record(instance=reelection, action="partybuild.reelection.request_approve", actor=actor)
    return reelection


@transaction.atomic
def reelection_election_record(
    *,
    reelection: Reelection,
    held_on: datetime.date,
    voters_present: int,
    candidates: Sequence[CandidateVotes],
    actor: User | None,
) -> Reelection:
    """选举: the election meeting's date, the voters present and each candidate's votes; who is
    elected follows from the majority rule (:func:`election_is_elected`)."""
    _require_scope(actor=actor, organisation=reelection.organisation)
    reelection = _locked(
        reelection,
        ReelectionStatus.REQUEST_APPROVED,
        _("只有请示已批复、尚未选举的换届可以登记选举结果。"),
    )
    if held_on < reelection.request_approved_on:
        refuse("held_on", _("选举日期不能早于请示的批复日期。"), "election_before_approval")
    if voters_present < 1:
        refuse("voters_present", _("请填写实到会有选举权的党员数。"), "voters_present_required")
    if not candidates:
        refuse("candidates", _("请至少登记一名候选人。"), "election_no_candidates")
    _check_people(organisation=reelection.organisation, seats=candidates, field="candidates")
    for row, candidate in enumerate(candidates, start=1):
        if candidate.votes < 0 or candidate.votes > voters_present:
            refuse(
                "candidates",
                _("第%(row)s行：「%(name)s」的得票数应在0至实到会人数（%(present)s）之间。"),
                "election_votes_invalid",
                row=row,
                name=candidate.member.name,
                present=voters_present,
            )
    elected = [
        candidate
        for candidate in candidates
        if election_is_elected(votes=candidate.votes, voters_present=voters_present)
    ]
    if not elected:
        refuse(
            "candidates",
            _("没有候选人的得票超过实到会有选举权人数的半数，无人当选，请另行选举。"),
            "election_none_elected",
        )
    _check_one_secretary(elected, field="candidates")
    ElectionCandidate.objects.bulk_create(
        [
            ElectionCandidate(
                reelection=reelection,
                member=candidate.member,
                post=candidate.post,
                votes=candidate.votes,
                elected=candidate in elected,
            )
            for candidate in candidates
        ]
    )
    reelection.election_held_on = held_on
    reelection.voters_present = voters_present
    reelection.status = ReelectionStatus.ELECTED
    reelection.save(update_fields=["election_held_on", "voters_present", "status"])
    audit_record(
        instance=reelection,
        action="partybuild.reelection.elect",
        actor=actor,
        data={"candidates": len(candidates), "elected": len(elected)},
    )
    return reelection


@transaction.atomic
def reelection_result_approve(
    *,
    reelection: Reelection,
    approved_on: datetime.date,
    approval_number: str,
    actor: User | None,
) -> CommitteeTerm:
    """批复 of the result, by the higher organisation: the elected candidates form the new term
    from the election's day, and the old term closes the day before — both or neither."""
    _require_approver(actor=actor, organisation=reelection.organisation)
    reelection = _locked(
        reelection, ReelectionStatus.ELECTED, _("只有已选举、尚未批复的换届可以批复选举结果。")
    )
    approval_number = required_text(
        approval_number, field="approval_number", label=_("批复文号"), max_length=100
    )
    if approved_on < reelection.election_held_on:
        refuse("approved_on", _("批复日期不能早于选举日期。"), "approval_before_election")
    seats = [
        Seat(member=candidate.member, post=candidate.post)
        for candidate in reelection.candidates.filter(elected=True).select_related("member")
    ]
    term = _term_open(
        organisation=reelection.organisation,
        starts_on=reelection.election_held_on,
        formation=TermFormation.ELECTED,
        seats=seats,
        approval_number=approval_number,
        actor=actor,
    )
    reelection.result_approved_on = approved_on
    reelection.result_approval_number = approval_number
    reelection.new_term = term
    reelection.status = ReelectionStatus.COMPLETED
    reelection.save(
        update_fields=["result_approved_on", "result_approval_number", "new_term", "status"]
    )
    audit_record(instance=reelection, action="partybuild.reelection.result_approve", actor=actor)
    return term

"""班子成员与换届 (docs/domain.md §1a): term lengths, the majority rule at its boundary, the
换届 steps in order and by the right side, and the new term closing the old one atomically."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partybuild.committees.models import (
    CommitteeTerm,
    ElectionCandidate,
    ReelectionStatus,
    TermFormation,
)
from partybuild.committees.selectors import committee_current_members, committee_secretary
from partybuild.committees.services import (
    CandidateVotes,
    Seat,
    committee_term_end,
    committee_term_register,
    election_is_elected,
    reelection_election_record,
    reelection_request_approve,
    reelection_request_submit,
    reelection_result_approve,
)
from partybuild.models import Organisation

pytestmark = pytest.mark.django_db
D = datetime.date


def _codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


@pytest.fixture
def people(tree, member_factory):
    return [member_factory("一支部") for _i in range(5)] + [member_factory("一小组")]


@pytest.fixture
def term(tree, people):
    return committee_term_register(
        organisation=tree["first"],
        starts_on=D(2024, 1, 1),
        seats=[Seat(people[0], "secretary"), Seat(people[1], "organisation")],
        actor=None,
    )


def test_term_lengths_follow_the_organisation_type(tree, make_org):
    assert committee_term_end(organisation=tree["first"], starts_on=D(2024, 1, 1)) == D(
        2026, 12, 31
    )
    assert committee_term_end(organisation=tree["general"], starts_on=D(2024, 3, 1)) == D(
        2027, 2, 28
    )
    assert committee_term_end(organisation=tree["organ"], starts_on=D(2022, 6, 1)) == D(2027, 5, 31)
    village = make_org("大尖村党支部", "branch", tree["town"], is_village_or_community=True)
    assert committee_term_end(organisation=village, starts_on=D(2021, 12, 28)) == D(2026, 12, 27)
    with pytest.raises(ValidationError) as error:
        committee_term_end(organisation=tree["group"], starts_on=D(2024, 1, 1))
    assert _codes(error.value) == {"committee_not_applicable"}


@pytest.mark.parametrize(
    ("votes", "present", "elected"),
    [(6, 11, True), (5, 11, False), (6, 10, True), (5, 10, False), (1, 1, True), (0, 1, False)],
)
def test_elected_only_with_more_than_half_of_the_voters_present(votes, present, elected):
    assert election_is_elected(votes=votes, voters_present=present) is elected


def test_registering_a_term_sets_the_organisation_s_term(term, tree, people):
    organisation = Organisation.objects.get(pk=tree["first"].pk)
    assert (organisation.term_start, organisation.term_end) == (D(2024, 1, 1), D(2026, 12, 31))
    assert committee_secretary(organisation=tree["first"]) == people[0]
    assert [seat.member for seat in committee_current_members(organisation=tree["first"])] == [
        people[0],
        people[1],
    ]


def test_a_term_refuses_outsiders_probationers_two_secretaries_and_a_group(
    tree, people, member_factory
):
    outsider = member_factory("二支部")
    probationer = member_factory("一支部", category="probationary", joined_on=D(2025, 7, 1))
    cases = [
        ([Seat(outsider, "secretary")], "committee_member_outside"),
        ([Seat(probationer, "member")], "committee_member_ineligible"),
        ([Seat(people[0], "secretary"), Seat(people[1], "secretary")], "committee_two_secretaries"),
        ([Seat(people[0], "secretary"), Seat(people[0], "member")], "committee_member_duplicate"),
        ([], "committee_no_members"),
    ]
    for seats, code in cases:
        with pytest.raises(ValidationError) as error:
            committee_term_register(
                organisation=tree["first"], starts_on=D(2024, 1, 1), seats=seats, actor=None
            )
        assert _codes(error.value) == {code}
    with pytest.raises(ValidationError) as error:
        committee_term_register(
            organisation=tree["group"],
            starts_on=D(2024, 1, 1),
            seats=[Seat(people[5], "member")],
            actor=None,
        )
    assert _codes(error.value) == {"committee_not_applicable"}
    assert not CommitteeTerm.objects.exists()


def test_registering_outside_the_subtree_is_refused(tree, people, make_admin):
    admin_b = make_admin("admin_b", tree["second"])
    with pytest.raises(PermissionDenied):
        committee_term_register(
            organisation=tree["first"],
            starts_on=D(2024, 1, 1),
            seats=[Seat(people[0], "secretary")],
            actor=admin_b,
        )


def _run_to_election(tree, people, admin, parent_admin, *, votes=(7, 6, 5)):
    reelection = reelection_request_submit(
        organisation=tree["first"],
        requested_on=D(2026, 10, 8),
        request_number="一支〔2026〕5号",
        actor=admin,
    )
    reelection_request_approve(
        reelection=reelection,
        approved_on=D(2026, 10, 15),
        approval_number="一总支〔2026〕12号",
        actor=parent_admin,
    )
    return reelection_election_record(
        reelection=reelection,
        held_on=D(2026, 11, 20),
        voters_present=11,
        candidates=[
            CandidateVotes(people[2], "secretary", votes[0]),
            CandidateVotes(people[3], "organisation", votes[1]),
            CandidateVotes(people[4], "publicity", votes[2]),
        ],
        actor=admin,
    )


def test_the_approved_result_opens_the_new_term_and_closes_the_old(term, tree, people, make_admin):
    admin = make_admin("admin_a", tree["first"])
    parent_admin = make_admin("admin_parent", tree["general"])
    reelection = _run_to_election(tree, people, admin, parent_admin)
    assert reelection.status == ReelectionStatus.ELECTED
    assert dict(
        ElectionCandidate.objects.filter(reelection=reelection).values_list("votes", "elected")
    ) == {7: True, 6: True, 5: False}
    new_term = reelection_result_approve(
        reelection=reelection,
        approved_on=D(2026, 11, 25),
        approval_number="一总支〔2026〕15号",
        actor=parent_admin,
    )
    term.refresh_from_db()
    assert term.closed_on == D(2026, 11, 19)
    assert new_term.closed_on is None and new_term.formation == TermFormation.ELECTED
    assert (new_term.starts_on, new_term.ends_on) == (D(2026, 11, 20), D(2029, 11, 19))
    assert committee_secretary(organisation=tree["first"]) == people[2]
    assert {seat.member for seat in committee_current_members(organisation=tree["first"])} == {
        people[2],
        people[3],
    }
    reelection.refresh_from_db()
    assert reelection.status == ReelectionStatus.COMPLETED and reelection.new_term == new_term
    assert reelection.previous_term == term
    organisation = Organisation.objects.get(pk=tree["first"].pk)
    assert organisation.term_end == D(2029, 11, 19)


def test_the_branch_itself_cannot_approve_its_own_reelection(term, tree, people, make_admin):
    admin = make_admin("admin_a", tree["first"])
    reelection = reelection_request_submit(
        organisation=tree["first"],
        requested_on=D(2026, 10, 8),
        request_number="一支〔2026〕5号",
        actor=admin,
    )
    with pytest.raises(PermissionDenied):
        reelection_request_approve(
            reelection=reelection, approved_on=D(2026, 10, 9), approval_number="x", actor=admin
        )
    reelection.refresh_from_db()
    assert reelection.status == ReelectionStatus.REQUESTED


def test_steps_in_order_and_no_one_elected_is_refused(term, tree, people, make_admin):
    admin = make_admin("admin_a", tree["first"])
    parent_admin = make_admin("admin_parent", tree["general"])
    reelection = reelection_request_submit(
        organisation=tree["first"],
        requested_on=D(2026, 10, 8),
        request_number="一支〔2026〕5号",
        actor=admin,
    )
    with pytest.raises(ValidationError) as error:
        reelection_result_approve(
            reelection=reelection, approved_on=D(2026, 11, 1), approval_number="x", actor=None
        )
    assert _codes(error.value) == {"reelection_wrong_step"}
    with pytest.raises(ValidationError) as error:
        reelection_request_submit(
            organisation=tree["first"], requested_on=D(2026, 10, 9), request_number="y", actor=None
        )
    assert _codes(error.value) == {"reelection_under_way"}
    reelection_request_approve(
        reelection=reelection,
        approved_on=D(2026, 10, 15),
        approval_number="批复",
        actor=parent_admin,
    )
    with pytest.raises(ValidationError) as error:
        reelection_election_record(
            reelection=reelection,
            held_on=D(2026, 11, 20),
            voters_present=10,
            candidates=[CandidateVotes(people[2], "secretary", 5)],
            actor=admin,
        )
    assert _codes(error.value) == {"election_none_elected"}
    with pytest.raises(ValidationError) as error:
        reelection_election_record(
            reelection=reelection,
            held_on=D(2026, 11, 20),
            voters_present=10,
            candidates=[CandidateVotes(people[2], "secretary", 11)],
            actor=admin,
        )
    assert _codes(error.value) == {"election_votes_invalid"}
    assert not ElectionCandidate.objects.exists()


def test_a_failed_approval_leaves_the_old_term_current(term, tree, people, make_admin):
    """The new term starting before the current one is refused: nothing is closed."""
    admin = make_admin("admin_a", tree["first"])
    parent_admin = make_admin("admin_parent", tree["general"])
    reelection = reelection_request_submit(
        organisation=tree["first"],
        requested_on=D(2023, 10, 8),
        request_number="一支〔2023〕5号",
        actor=admin,
    )
    reelection_request_approve(
        reelection=reelection, approved_on=D(2023, 10, 9), approval_number="批", actor=parent_admin
    )
    reelection_election_record(
        reelection=reelection,
        held_on=D(2023, 11, 20),
        voters_present=3,
        candidates=[CandidateVotes(people[2], "secretary", 3)],
        actor=admin,
    )
    with pytest.raises(ValidationError) as error:
        reelection_result_approve(
            reelection=reelection,
            approved_on=D(2023, 11, 21),
            approval_number="批",
            actor=parent_admin,
        )
    assert _codes(error.value) == {"term_starts_before_current"}
    term.refresh_from_db()
    assert term.closed_on is None
    assert CommitteeTerm.objects.count() == 1
    reelection.refresh_from_db()
    assert reelection.status == ReelectionStatus.ELECTED

"""A 预备党员 transferred during probation is educated and converted by the receiving branch
(docs/domain.md §3): once admitted, a candidate is handled by the member's current organisation,
for the services, the scope of every listing, the admin pages and the API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from partybuild.models import Member
from partybuild.recruitment.selectors import (
    candidate_list,
    candidate_scope_for_user,
    recruitment_board,
    recruitment_probation_reminders,
)
from partybuild.recruitment.services import (
    candidate_probation_cancel,
    candidate_probation_extend,
    candidate_step_record,
)
from partybuild.services.transfers import transfer_accept, transfer_start
from tests.partybuild.recruitment.support import DATES, walk

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def second_recruiter(recruiter, tree, make_admin):
    """The administrator of 二支部, with the same permissions as ``recruiter`` (一支部's)."""
    return make_admin("second_admin", tree["second"])


@pytest.fixture
def transferred(candidate, full_members, tree):
    """Admitted in 一支部 (steps 1–17), then moved to 二支部 by an accepted transfer."""
    walk(candidate, full_members, 17)
    member = Member.objects.get(candidate=candidate)
    transfer = transfer_start(member=member, to_organisation=tree["second"], actor=None)
    transfer_accept(transfer=transfer, actor=None)
    candidate.refresh_from_db()
    return candidate


def step(candidate, number, actor):
    return candidate_step_record(
        candidate=candidate, step=number, done_on=DATES[number], actor=actor
    )


def test_before_the_transfer_only_the_admitting_branch_records(
    candidate, full_members, recruiter, second_recruiter
):
    walk(candidate, full_members, 17)
    with pytest.raises(PermissionDenied):
        step(candidate, 18, second_recruiter)
    assert step(candidate, 18, recruiter).organisation.name == "一支部"


def test_the_receiving_branch_records_the_remaining_steps_and_converts(
    transferred, recruiter, second_recruiter, tree
):
    for number in range(18, 25):
        record = step(transferred, number, second_recruiter)
        assert record.organisation == tree["second"]
    member = Member.objects.get(candidate=transferred)
    assert (member.category, member.organisation, member.confirmed_on) == (
        "full",
        tree["second"],
        D(2026, 5, 10),
    )
    assert transferred.steps.get(step=17).organisation == tree["first"]


def test_the_old_branch_can_no_longer_record_extend_or_cancel(transferred, recruiter):
    with pytest.raises(PermissionDenied):
        step(transferred, 18, recruiter)
    with pytest.raises(PermissionDenied):
        candidate_probation_extend(candidate=transferred, months=6, actor=recruiter, reason="考察")
    with pytest.raises(PermissionDenied):
        candidate_probation_cancel(candidate=transferred, actor=recruiter, reason="原因")
    assert not transferred.steps.filter(step=18).exists()


def test_the_receiving_branch_extends_the_probation(transferred, second_recruiter):
    candidate_probation_extend(
        candidate=transferred, months=6, actor=second_recruiter, reason="需继续考察"
    )
    transferred.refresh_from_db()
    assert transferred.probation_extension_months == 6


def test_scope_listings_and_reminders_follow_the_member(
    transferred, recruiter, second_recruiter, tree
):
    assert not candidate_scope_for_user(user=recruiter).exists()
    assert list(candidate_scope_for_user(user=second_recruiter)) == [transferred]
    assert list(candidate_list(user=second_recruiter, organisation_id=tree["second"].pk)) == [
        transferred
    ]
    assert not candidate_list(user=second_recruiter, organisation_id=tree["first"].pk).exists()
    assert [row["organisation"] for row in recruitment_board(user=second_recruiter)] == [
        tree["second"]
    ]
    assert transferred.responsible_organisation == tree["second"]
    assert recruitment_probation_reminders(user=recruiter, today=D(2026, 5, 11)) == []
    overrun = recruitment_probation_reminders(user=second_recruiter, today=D(2026, 5, 11))
    assert [(item["candidate"], item["state"]) for item in overrun] == [(transferred, "overrun")]


def test_the_admin_timeline_moves_with_the_member(
    client, transferred, recruiter, second_recruiter, tree
):
    url = reverse("candidates:timeline", args=[transferred.pk])
    client.force_login(recruiter)
    assert client.get(url).status_code == 404
    response = client.post(url, {"action": "step", "step-done_on": "2025-06-25"})
    assert response.status_code == 404
    client.force_login(second_recruiter)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "入党时所在党支部" in html and "二支部" in html
    response = client.post(url, {"action": "step", "step-done_on": "2025-06-25"})
    assert response.status_code == 302
    assert transferred.steps.get(step=18).organisation == tree["second"]


def test_the_listing_filter_places_the_member_in_the_receiving_branch(
    admin_client, transferred, tree
):
    def listed(organisation):
        response = admin_client.get(reverse("candidates:index"), {"organisation": organisation.pk})
        return list(response.context["object_list"])

    assert listed(tree["second"]) == [transferred]
    assert listed(tree["first"]) == []

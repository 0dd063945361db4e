"""班子成员与换届 in the admin: the committees and the 书记名册 (screen, print, xlsx) of the user's
subtree only, another subtree's organisation 404, the 换届 steps through the forms with the 批复
refused to the branch itself, and a constant number of queries per listing."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from partybuild.committees.models import ReelectionStatus
from partybuild.committees.selectors import committee_secretary
from partybuild.committees.services import Seat, committee_term_register

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def committees(tree, member_factory):
    """一支部 (书记 党员1, 组织委员 党员2) and 三支部 (书记 党员3)."""
    first = [member_factory("一支部") for _i in range(4)]
    third = member_factory("三支部")
    committee_term_register(
        organisation=tree["first"],
        starts_on=D(2024, 1, 1),
        seats=[Seat(first[0], "secretary"), Seat(first[1], "organisation")],
        actor=None,
    )
    committee_term_register(
        organisation=tree["third"],
        starts_on=D(2024, 1, 1),
        seats=[Seat(third, "secretary")],
        actor=None,
    )
    return {"first": first, "third": third}


def _client(make_admin, username, organisation) -> Client:
    client = Client()
    client.force_login(make_admin(username, organisation))
    return client


def test_the_list_and_roster_show_only_the_subtree(tree, committees, make_admin):
    client = _client(make_admin, "general_admin", tree["general"])
    page = client.get(reverse("committees_index")).content.decode()
    assert 'data-organisation="一支部"' in page and 'data-organisation="二支部"' in page
    assert "三支部" not in page and committees["first"][0].name in page

    roster = client.get(reverse("committees_roster")).content.decode()
    assert f'data-secretary="{committees["first"][0].name}"' in roster
    assert committees["third"].name not in roster
    printed = client.get(reverse("committees_roster") + "?format=print").content.decode()
    assert "书记名册" in printed and committees["first"][0].name in printed
    assert committees["third"].name not in printed

    response = client.get(reverse("committees_roster") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("党组织", "组织类别", "书记")
    assert [row[2] for row in rows[1:]] == [committees["first"][0].name]


def test_another_subtree_s_committee_is_404(tree, committees, make_admin):
    client = _client(make_admin, "third_admin", tree["third"])
    assert client.get(reverse("committees_detail", args=[tree["first"].pk])).status_code == 404
    assert client.get(reverse("committees_register", args=[tree["first"].pk])).status_code == 404
    page = client.get(reverse("committees_detail", args=[tree["third"].pk])).content.decode()
    assert committees["third"].name in page


def test_a_member_without_an_organisation_role_is_refused(tree, committees, client):
    from tests.api.conftest import make_member_account

    user = make_member_account("m", tree["first"], phone="13800138009", birth=D(1990, 1, 1))
    client.force_login(user)
    assert client.get(reverse("committees_index")).status_code in (302, 403)
    assert client.get(reverse("committees_roster") + "?format=xlsx").status_code in (302, 403)


def test_listings_have_a_constant_number_of_queries(
    tree, committees, make_admin, member_factory, django_assert_max_num_queries
):
    client = _client(make_admin, "county_admin", tree["county"])
    client.get(reverse("committees_index"))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("committees_index"))
        client.get(reverse("committees_roster"))
    second = member_factory("二支部")
    committee_term_register(
        organisation=tree["second"],
        starts_on=D(2024, 1, 1),
        seats=[Seat(second, "secretary")],
        actor=None,
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("committees_index"))
        client.get(reverse("committees_roster"))


def test_the_reelection_through_the_forms(tree, committees, make_admin):
    branch = _client(make_admin, "first_admin", tree["first"])
    parent = _client(make_admin, "general_admin", tree["general"])
    pk = tree["first"].pk
    response = branch.post(
        reverse("committees_request", args=[pk]),
        {"requested_on": "2026-10-08", "request_number": "一支〔2026〕5号"},
    )
    assert response.status_code == 302
    # The branch cannot approve its own request: the page refuses it.
    response = branch.post(
        reverse("committees_request_approve", args=[pk]),
        {"approved_on": "2026-10-15", "approval_number": "x"},
    )
    assert response.status_code in (302, 403)
    detail = branch.get(reverse("committees_detail", args=[pk])).content.decode()
    assert f'data-reelection="{ReelectionStatus.REQUESTED}"' in detail
    assert (
        parent.post(
            reverse("committees_request_approve", args=[pk]),
            {"approved_on": "2026-10-15", "approval_number": "一总支〔2026〕12号"},
        ).status_code
        == 302
    )
    members = committees["first"]
    election = {
        "held_on": "2026-11-20",
        "voters_present": "4",
        "candidate_1_member": members[2].pk,
        "candidate_1_post": "secretary",
        "candidate_1_votes": "2",
    }
    response = branch.post(reverse("committees_election", args=[pk]), election)
    assert response.status_code == 200
    assert "无人当选" in response.content.decode()
    election["candidate_1_votes"] = "3"
    election |= {
        "candidate_2_member": members[3].pk,
        "candidate_2_post": "member",
        "candidate_2_votes": "4",
    }
    assert branch.post(reverse("committees_election", args=[pk]), election).status_code == 302
    assert (
        parent.post(
            reverse("committees_result_approve", args=[pk]),
            {"approved_on": "2026-11-25", "approval_number": "一总支〔2026〕15号"},
        ).status_code
        == 302
    )
    assert committee_secretary(organisation=tree["first"]) == members[2]
    detail = branch.get(reverse("committees_detail", args=[pk])).content.decode()
    assert 'data-term="current"' in detail and 'data-term="closed"' in detail


def test_roster_print_export_and_detail_have_a_constant_number_of_queries(
    tree, committees, make_admin, member_factory, django_assert_max_num_queries
):
    client = _client(make_admin, "county_admin", tree["county"])
    urls = [
        reverse("committees_roster") + "?format=print",
        reverse("committees_roster") + "?format=xlsx",
        reverse("committees_detail", args=[tree["first"].pk]),
    ]
    for url in urls:
        client.get(url)
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(40) as few:
            client.get(url)
        counts[url] = len(few.captured_queries)
    second = member_factory("二支部")
    committee_term_register(
        organisation=tree["second"],
        starts_on=D(2024, 1, 1),
        seats=[Seat(second, "secretary")],
        actor=None,
    )
    first = committees["first"]
    committee_term_register(  # a second term of 一支部 with more seats
        organisation=tree["first"],
        starts_on=D(2025, 1, 1),
        seats=[
            Seat(first[0], "secretary"),
            Seat(first[1], "organisation"),
            Seat(first[2], "publicity"),
            Seat(first[3], "member"),
        ],
        actor=None,
    )
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200, url
    rows = list(load_workbook(io.BytesIO(client.get(urls[1]).content)).active.values)
    assert len(rows) == 4  # heading, 一支部, 二支部, 三支部


def test_the_branch_api_does_not_grow_with_the_committee(
    tree, committees, member_factory, django_assert_max_num_queries
):
    from tests.api.conftest import client_for, make_member_account

    user = make_member_account("m_q", tree["first"], phone="13800138031", birth=D(1990, 2, 3))
    client = client_for(user)
    client.get("/api/app/branch/")
    with django_assert_max_num_queries(30) as few:
        client.get("/api/app/branch/")
    first = committees["first"]
    committee_term_register(
        organisation=tree["first"],
        starts_on=D(2025, 1, 1),
        seats=[
            Seat(first[0], "secretary"),
            Seat(first[1], "organisation"),
            Seat(first[2], "publicity"),
            Seat(first[3], "member"),
        ],
        actor=None,
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/app/branch/").json()["committee"]) == 4

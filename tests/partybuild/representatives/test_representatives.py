"""党代表: the term is the congress's term, the member lies in the constituency's subtree,
activities and proposals are recorded by the representative himself within his term, replies by
the constituency's administrators; lists, exports and the API are scoped."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partybuild.representatives.models import (
    CongressLevel,
    ContactActivity,
    ProposalStatus,
)
from partybuild.representatives.services import (
    congress_save,
    contact_activity_record,
    proposal_reply,
    proposal_submit,
    representative_save,
)
from tests.api.conftest import client_for, make_member_account
from tests.partybuild.statistics.test_dashboard_cache import org_admin_of

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    """Read the day when the test runs, not at import (a run may cross midnight in Shanghai)."""
    return timezone.localdate()


def _codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


@pytest.fixture
def congress(tree):
    return congress_save(
        organisation=tree["county"],
        level=CongressLevel.COUNTY,
        name="县党代表大会",
        number=15,
        term_start=today() - datetime.timedelta(days=400),
        term_end=today() + datetime.timedelta(days=1000),
        actor=None,
    )


@pytest.fixture
def rep_account(tree):
    return make_member_account(
        "rep_a", tree["first"], phone="13800138001", birth=datetime.date(1975, 5, 17)
    )


@pytest.fixture
def rep(congress, rep_account, tree):
    return representative_save(
        congress=congress,
        member=rep_account.member,
        constituency=tree["general"],
        elected_on=congress.term_start,
        actor=None,
    )


def test_member_must_lie_in_the_constituency(congress, rep_account, tree):
    with pytest.raises(ValidationError) as error:
        representative_save(
            congress=congress,
            member=rep_account.member,
            constituency=tree["town"],
            elected_on=congress.term_start,
            actor=None,
        )
    assert _codes(error.value) == {"representative_outside_constituency"}


def test_one_term_per_congress_and_admin_scope(congress, rep, rep_account, tree, make_admin):
    with pytest.raises(ValidationError) as error:
        representative_save(
            congress=congress,
            member=rep_account.member,
            constituency=tree["first"],
            elected_on=congress.term_start,
            actor=None,
        )
    assert _codes(error.value) == {"representative_duplicate"}
    outsider = make_admin("admin_town", tree["town"])
    with pytest.raises(PermissionDenied):
        representative_save(
            congress=congress,
            member=rep_account.member,
            constituency=tree["general"],
            elected_on=congress.term_start,
            actor=outsider,
        )


def test_activity_days_within_the_term(rep, rep_account, congress):
    def record(day):
        return contact_activity_record(
            representative=rep,
            date=day,
            place="社区党群服务中心",
            content="走访困难党员",
            people_reached=6,
            actor=rep_account,
        )

    record(congress.term_start)  # the first day of the term counts
    with pytest.raises(ValidationError) as error:
        record(congress.term_start - datetime.timedelta(days=1))
    assert _codes(error.value) == {"representative_out_of_term"}
    with pytest.raises(ValidationError) as error:
        record(today() + datetime.timedelta(days=1))
    assert _codes(error.value) == {"date_in_future"}

    rep.ended_on = today() - datetime.timedelta(days=10)
    rep.end_reason = "调离本县"
    rep.save()
    record(rep.ended_on)  # the last day counts
    with pytest.raises(ValidationError) as error:
        record(rep.ended_on + datetime.timedelta(days=1))
    assert _codes(error.value) == {"representative_out_of_term"}


def test_others_may_not_record_for_a_representative(rep, tree):
    other = make_member_account(
        "member_b", tree["second"], phone="13800138002", birth=datetime.date(1985, 3, 9)
    )
    with pytest.raises(PermissionDenied):
        proposal_submit(
            representative=rep, title="建议", content="内容", submitted_on=today(), actor=other
        )


def test_reply_by_constituency_admin_only(rep, rep_account, tree, make_admin):
    proposal = proposal_submit(
        representative=rep,
        title="关于加强村级活动场所建设的建议",
        content="建议统筹资金改造活动场所。",
        submitted_on=today() - datetime.timedelta(days=5),
        actor=rep_account,
    )
    with pytest.raises(PermissionDenied):
        proposal_reply(
            proposal=proposal,
            handling_organisation="县委组织部",
            actor=make_admin("t", tree["town"]),
        )
    with pytest.raises(ValidationError) as error:
        proposal_reply(
            proposal=proposal,
            handling_organisation="县委组织部",
            reply="已纳入计划",
            replied_on=proposal.submitted_on - datetime.timedelta(days=1),
            actor=None,
        )
    assert _codes(error.value) == {"replied_on_out_of_range"}
    admin = make_admin("admin_general", tree["general"])
    proposal_reply(proposal=proposal, handling_organisation="县委组织部", actor=admin)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.HANDLING
    proposal_reply(
        proposal=proposal,
        handling_organisation="县委组织部",
        reply="已纳入明年计划",
        replied_on=today(),
        actor=admin,
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ANSWERED and proposal.reply == "已纳入明年计划"


def test_api_representative_records_his_own_and_others_are_404(rep, rep_account, tree):
    client = client_for(rep_account)
    (mine,) = client.get("/api/app/representatives/mine").json()
    assert mine["id"] == rep.pk and mine["level_label"] == "县（市、区）"
    body = {"date": str(today()), "place": "村委会", "content": "座谈", "people_reached": 12}
    response = client.post(
        f"/api/app/representatives/{rep.pk}/activities", body, content_type="application/json"
    )
    assert response.status_code == 201
    assert client.get(f"/api/app/representatives/{rep.pk}/activities").json()["count"] == 1

    other = make_member_account(
        "member_b", tree["second"], phone="13800138002", birth=datetime.date(1985, 3, 9)
    )
    other_client = client_for(other)
    url = f"/api/app/representatives/{rep.pk}/activities"
    assert other_client.get(url).status_code == 404
    assert other_client.post(url, body, content_type="application/json").status_code == 404
    assert ContactActivity.objects.count() == 1
    assert client_for(None).get("/api/app/representatives/mine").status_code == 401


def test_api_constituency_lists_representatives_in_office(rep, tree):
    below = make_member_account(
        "member_b", tree["second"], phone="13800138002", birth=datetime.date(1985, 3, 9)
    )
    outside = make_member_account(
        "member_c", tree["third"], phone="13800138003", birth=datetime.date(1986, 3, 9)
    )
    names = [
        r["name"] for r in client_for(below).get("/api/app/representatives/constituency").json()
    ]
    assert names == [rep.member.name]
    assert client_for(outside).get("/api/app/representatives/constituency").json() == []
    rep.ended_on = today() - datetime.timedelta(days=1)
    rep.end_reason = "调离"
    rep.save()
    assert client_for(below).get("/api/app/representatives/constituency").json() == []


def test_admin_list_and_export_are_scoped(client, rep, tree, django_assert_max_num_queries):
    client.force_login(org_admin_of(tree["town"], "admin_town"))
    assert rep.member.name not in client.get(reverse("representatives:index")).content.decode()
    assert client.get(reverse("representatives:edit", args=[rep.pk])).status_code == 404
    response = client.get(reverse("representatives:export"))
    sheet = load_workbook(io.BytesIO(response.content))["党代表"]
    assert sheet.max_row == 1  # headings only

    client.force_login(org_admin_of(tree["general"], "admin_general"))
    with django_assert_max_num_queries(40):
        html = client.get(reverse("representatives:index")).content.decode()
    assert rep.member.name in html
    sheet = load_workbook(io.BytesIO(client.get(reverse("representatives:export")).content))[
        "党代表"
    ]
    assert sheet.cell(2, 1).value == rep.member.name


def test_admin_creates_a_representative_through_the_form(client, congress, tree, member_factory):
    member = member_factory("二支部")
    client.force_login(org_admin_of(tree["general"], "admin_general"))
    response = client.post(
        reverse("representatives:add"),
        {
            "congress": congress.pk,
            "member": member.pk,
            "constituency": tree["first"].pk,
            "elected_on": str(congress.term_start),
        },
    )
    assert response.status_code == 200  # refused: 二支部's member is not in 一支部
    assert "不在选举单位" in response.content.decode()
    response = client.post(
        reverse("representatives:add"),
        {
            "congress": congress.pk,
            "member": member.pk,
            "constituency": tree["general"].pk,
            "elected_on": str(congress.term_start),
        },
    )
    assert response.status_code == 302
    assert member.representative_terms.get().constituency == tree["general"]


# --- query counts of every list and export, scope of activities and proposals ------------------


def _activity_and_proposal(rep, actor, n: int = 1) -> None:
    for index in range(n):
        contact_activity_record(
            representative=rep,
            date=today() - datetime.timedelta(days=index + 1),
            place="村委会",
            content="座谈",
            people_reached=12,
            actor=actor,
        )
        proposal_submit(
            representative=rep,
            title=f"关于加强村级活动场所建设的建议{index}",
            content="建议统筹资金改造活动场所。",
            submitted_on=today() - datetime.timedelta(days=index + 1),
            actor=actor,
        )


def _more_representatives(congress, tree, member_factory, n: int) -> None:
    for _index in range(n):
        rep = representative_save(
            congress=congress,
            member=member_factory("二支部"),
            constituency=tree["general"],
            elected_on=congress.term_start,
            actor=None,
        )
        _activity_and_proposal(rep, None)


@pytest.mark.parametrize(
    "url_name",
    [
        "representatives:index",
        "representatives:export",
        "congresses:index",
        "representative_activities:index",
        "representative_proposals:index",
    ],
)
def test_admin_lists_and_export_do_not_grow_with_the_rows(
    client,
    rep,
    rep_account,
    congress,
    tree,
    member_factory,
    url_name,
    django_assert_max_num_queries,
):
    _activity_and_proposal(rep, rep_account)
    client.force_login(org_admin_of(tree["county"], "admin_county"))
    url = reverse(url_name)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    _more_representatives(congress, tree, member_factory, 5)
    for number in range(2, 5):
        congress_save(
            organisation=tree["town"],
            level=CongressLevel.TOWNSHIP,
            name="乡镇党代表大会",
            number=number,
            term_start=today() - datetime.timedelta(days=400),
            term_end=today() + datetime.timedelta(days=1000),
            actor=None,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("kind", ["activities", "proposals"])
def test_api_lists_do_not_grow_with_the_page(rep, rep_account, kind, django_assert_max_num_queries):
    client = client_for(rep_account)
    url = f"/api/app/representatives/{rep.pk}/{kind}"
    _activity_and_proposal(rep, rep_account)
    client.get(f"{url}?limit=1")
    with django_assert_max_num_queries(20) as few:
        client.get(f"{url}?limit=1")
    _activity_and_proposal(rep, rep_account, 5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(f"{url}?limit=6").json()["items"]) == 6


def test_api_constituency_does_not_grow_with_the_representatives(
    rep, congress, tree, member_factory, django_assert_max_num_queries
):
    below = make_member_account(
        "member_b", tree["second"], phone="13800138002", birth=datetime.date(1985, 3, 9)
    )
    client = client_for(below)
    url = "/api/app/representatives/constituency"
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    _more_representatives(congress, tree, member_factory, 4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url).json()) == 5


def test_admin_activities_and_proposals_of_another_subtree_are_404(client, rep, rep_account, tree):
    _activity_and_proposal(rep, rep_account)
    activity, proposal = rep.activities.get(), rep.proposals.get()
    client.force_login(org_admin_of(tree["town"], "admin_town"))
    for name in ["representative_activities", "representative_proposals"]:
        assert rep.member.name not in client.get(reverse(f"{name}:index")).content.decode()
    assert (
        client.get(reverse("representative_activities:detail", args=[activity.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("representative_proposals:detail", args=[proposal.pk])).status_code
        == 404
    )
    reply = reverse("representative_proposals:reply", args=[proposal.pk])
    assert client.post(reply, {"handling_organisation": "县委组织部"}).status_code == 404
    proposal.refresh_from_db()
    assert proposal.handling_organisation == ""
    client.force_login(org_admin_of(tree["general"], "admin_general"))
    assert (
        client.get(reverse("representative_proposals:detail", args=[proposal.pk])).status_code
        == 200
    )


def test_admin_congress_of_another_subtree_is_404(client, congress, tree):
    client.force_login(org_admin_of(tree["town"], "admin_town"))
    assert "县党代表大会" not in client.get(reverse("congresses:index")).content.decode()
    assert client.get(reverse("congresses:edit", args=[congress.pk])).status_code == 404
    client.force_login(org_admin_of(tree["county"], "admin_county"))
    assert "县党代表大会" in client.get(reverse("congresses:index")).content.decode()
    assert client.get(reverse("congresses:edit", args=[congress.pk])).status_code == 200

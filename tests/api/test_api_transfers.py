"""组织关系转接 in the app API: starting a transfer, each decision by the right side only, wrong
states, filters and scope.

Besides the roles of the matrix: admin_b administers 二支部 only, admin_c 三支部 only (outside
一总支, so a transfer between 一支部 and 二支部 does not concern them at all).
"""

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from partybuild.models import Member, Transfer
from tests.api.factories import pending_transfer

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(roles, tree, api_admin):
    """The roles plus the administrators of 二支部 and of 三支部."""
    return {
        **roles,
        "admin_b": api_admin("admin_b", tree["second"]),
        "admin_c": api_admin("admin_c", tree["third"]),
    }


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def start(client, **body):
    return post(client, "/api/app/transfers/", body)


def test_an_administrator_starts_a_transfer_of_their_member(admins, tree, api_client):
    member = admins["member_a"].member
    response = start(
        api_client(admins["admin_a"]),
        member_id=member.pk,
        to_organisation_id=tree["second"].pk,
        reason="工作调动",
        letter_number="组转字〔2026〕12号",
        left_on="2026-11-20",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["status_label"], body["kind_label"]) == (
        "pending",
        "待接收",
        "系统内转接",
    )
    assert body["from_end"] == {"organisation_id": tree["first"].pk, "name": "一支部"}
    assert body["to_end"] == {"organisation_id": tree["second"].pk, "name": "二支部"}
    assert (body["letter_number"], body["left_on"]) == ("组转字〔2026〕12号", "2026-11-20")
    assert ModelLogEntry.objects.filter(action="partybuild.transfer.start").count() == 1
    assert Member.objects.get(pk=member.pk).organisation == tree["first"]
    listed = api_client(admins["admin_b"]).get("/api/app/transfers/?direction=incoming")
    assert [t["id"] for t in listed.json()["items"]] == [body["id"]]


def test_starting_refuses_members_outside_the_subtree_by_field(admins, tree, api_client):
    response = start(
        api_client(admins["admin_a"]),
        member_id=admins["member_b"].member.pk,
        to_organisation_id=tree["third"].pk,
    )
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["member_id"]
    missing = start(
        api_client(admins["admin_a"]), member_id=999999, to_organisation_id=tree["third"].pk
    )
    assert missing.json() == response.json()
    assert not Transfer.objects.exists()


@pytest.mark.parametrize(
    "target, code",
    [("general", "transfer_target_type"), ("first", "transfer_target_same"), (None, "not_found")],
)
def test_starting_refuses_a_wrong_receiving_organisation(target, code, admins, tree, api_client):
    response = start(
        api_client(admins["admin_a"]),
        member_id=admins["member_a"].member.pk,
        to_organisation_id=tree[target].pk if target else 999999,
    )
    assert response.status_code == 422
    assert response.json()["code"] == code
    assert list(response.json()["fields"]) == ["to_organisation_id"]


def test_a_second_pending_transfer_is_refused_with_a_stable_code(admins, tree, api_client):
    pending_transfer(admins["member_a"].member, tree["second"])
    response = start(
        api_client(admins["admin_a"]),
        member_id=admins["member_a"].member.pk,
        to_organisation_id=tree["third"].pk,
    )
    assert response.status_code == 422 and response.json()["code"] == "transfer_pending_exists"


def test_invalid_bodies_name_their_fields(admins, tree, api_client):
    response = start(api_client(admins["admin_a"]), member_id="x", left_on="20-11-2026")
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"member_id", "to_organisation_id", "left_on"}


def test_members_cannot_start_transfers(admins, tree, api_client):
    response = start(
        api_client(admins["member_a"]),
        member_id=admins["member_a"].member.pk,
        to_organisation_id=tree["second"].pk,
    )
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_the_receiving_side_accepts_and_the_member_moves(admins, tree, api_client):
    transfer = pending_transfer(admins["member_a"].member, tree["second"])
    url = f"/api/app/transfers/{transfer.pk}/accept"
    sending = post(api_client(admins["admin_a"]), url)
    assert sending.status_code == 403 and sending.json()["code"] == "forbidden"
    assert post(api_client(admins["admin_c"]), url).status_code == 404
    accepted = post(api_client(admins["admin_b"]), url, {"arrived_on": "2026-11-25"})
    assert accepted.status_code == 200
    assert (accepted.json()["status"], accepted.json()["arrived_on"]) == ("accepted", "2026-11-25")
    assert Member.objects.get(pk=admins["member_a"].member.pk).organisation == tree["second"]


def test_accepting_without_a_body_takes_today(admins, tree, api_client):
    transfer = pending_transfer(admins["member_a"].member, tree["second"])
    response = api_client(admins["admin_b"]).post(
        f"/api/app/transfers/{transfer.pk}/accept", content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["arrived_on"] == timezone.localdate().isoformat()


def test_the_receiving_side_returns_with_a_reason(admins, tree, api_client):
    transfer = pending_transfer(admins["member_a"].member, tree["second"])
    url = f"/api/app/transfers/{transfer.pk}/return"
    client = api_client(admins["admin_b"])
    missing = post(client, url)
    assert missing.status_code == 422 and list(missing.json()["fields"]) == ["reason"]
    blank = post(client, url, {"reason": "  "})
    assert blank.status_code == 422 and blank.json()["code"] == "reason_required"
    assert blank.json()["fields"] == {"reason": ["请填写退回理由。"]}
    sending = post(api_client(admins["admin_a"]), url, {"reason": "材料不全"})
    assert sending.status_code == 403
    returned = post(client, url, {"reason": "材料不全"})
    assert returned.status_code == 200
    assert (returned.json()["status"], returned.json()["decision_reason"]) == (
        "returned",
        "材料不全",
    )
    assert Member.objects.get(pk=admins["member_a"].member.pk).organisation == tree["first"]


def test_the_sending_side_revokes(admins, tree, api_client):
    transfer = pending_transfer(admins["member_a"].member, tree["second"])
    url = f"/api/app/transfers/{transfer.pk}/revoke"
    assert post(api_client(admins["admin_b"]), url).status_code == 403
    assert post(api_client(admins["admin_c"]), url).status_code == 404
    revoked = post(api_client(admins["admin_a"]), url, {"reason": "发错了"})
    assert revoked.status_code == 200 and revoked.json()["status_label"] == "已撤回"
    assert ModelLogEntry.objects.filter(action="partybuild.transfer.revoke").count() == 1


@pytest.mark.parametrize(
    "action, role, body",
    [
        ("accept", "admin_b", {}),
        ("return", "admin_b", {"reason": "材料不全"}),
        ("revoke", "admin_a", {}),
    ],
)
def test_a_decided_transfer_is_refused_with_a_stable_code(
    action, role, body, admins, tree, api_client
):
    transfer = pending_transfer(admins["member_a"].member, tree["second"])
    post(api_client(admins["admin_a"]), f"/api/app/transfers/{transfer.pk}/revoke")
    response = post(api_client(admins[role]), f"/api/app/transfers/{transfer.pk}/{action}", body)
    assert response.status_code == 422
    assert response.json()["code"] == "transfer_not_pending"
    assert "已撤回" in response.json()["message"]


def test_a_transfer_outside_the_subtree_is_not_found_like_a_missing_one(admins, tree, api_client):
    transfer = pending_transfer(admins["member_a"].member, tree["second"])
    client = api_client(admins["admin_c"])
    outside = client.get(f"/api/app/transfers/{transfer.pk}")
    assert outside.status_code == 404
    assert outside.json() == client.get("/api/app/transfers/999999").json()
    assert client.get("/api/app/transfers/").json()["count"] == 0
    assert api_client(admins["admin_b"]).get(f"/api/app/transfers/{transfer.pk}").status_code == 200
    assert api_client(admins["member_a"]).get("/api/app/transfers/").status_code == 403


def test_filters_by_direction_status_and_kind(admins, tree, api_client):
    out_pending = pending_transfer(admins["member_a"].member, tree["second"])
    in_pending = pending_transfer(admins["member_b"].member, tree["first"])
    post(api_client(admins["admin_a"]), f"/api/app/transfers/{in_pending.pk}/accept")
    client = api_client(admins["admin_a"])

    def ids(query):
        return [t["id"] for t in client.get(f"/api/app/transfers/?{query}").json()["items"]]

    assert ids("direction=outgoing") == [out_pending.pk]
    assert ids("direction=incoming") == [in_pending.pk]
    assert ids("direction=incoming&status=pending") == []
    assert ids("status=accepted") == [in_pending.pk]
    assert ids("kind=internal") == [in_pending.pk, out_pending.pk]
    assert ids("kind=outgoing") == []
    assert client.get("/api/app/transfers/?direction=sideways").status_code == 422


def test_an_administrator_without_the_transfer_register_is_refused(tree, make_admin, api_client):
    """Scope alone is not enough: the operations ask for the register's permission."""
    scoped_only = make_admin("scoped_only", tree["second"])
    response = api_client(scoped_only).get("/api/app/transfers/")
    assert response.status_code == 403

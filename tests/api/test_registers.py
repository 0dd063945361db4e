"""Registers in the app API for administrators: organisations, members, transfers, change
requests — scope, filters, masking, decisions and query counts."""

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import ModelLogEntry

from partybuild.models import Member, MemberChangeRequest, Organisation, Transfer
from tests.api.factories import change_request_of, member_in, pending_transfer

pytestmark = pytest.mark.django_db


def names(response):
    return [item["name"] for item in response.json()["items"]]


def test_organisation_tree_is_the_subtree(roles, api_client):
    body = api_client(roles["admin_parent"]).get("/api/app/orgs/").json()
    assert [(o["name"], o["depth"]) for o in body["items"]] == [
        ("一总支", 3),
        ("一支部", 4),
        ("一小组", 5),
        ("二支部", 4),
    ]
    first = body["items"][1]
    assert first["parent_id"] == body["items"][0]["id"] and first["member_count"] == 1
    assert names(api_client(roles["admin_a"]).get("/api/app/orgs/")) == ["一支部", "一小组"]


def test_member_list_is_scoped_masked_and_filtered(roles, tree, api_client):
    member_in(tree["second"], "lihua", "13800138011")
    parent = api_client(roles["admin_parent"])
    listed = parent.get("/api/app/members/").json()
    assert listed["count"] == 3
    assert all("****" in item["phone"] for item in listed["items"])
    assert names(parent.get(f"/api/app/members/?organisation={tree['first'].pk}")) == [
        "党员member_a"
    ]
    assert names(parent.get("/api/app/members/?q=dymember_b")) == []
    assert names(parent.get("/api/app/members/?q=member_b")) == ["党员member_b"]
    assert names(api_client(roles["admin_a"]).get("/api/app/members/")) == ["党员member_a"]
    outside = api_client(roles["admin_a"]).get(
        f"/api/app/members/?organisation={tree['second'].pk}"
    )
    assert outside.json()["count"] == 0


def test_member_detail_reveals_only_with_permission_and_audits(roles, api_client):
    member = roles["member_a"].member
    masked = api_client(roles["admin_a"]).get(f"/api/app/members/{member.pk}").json()
    assert masked["id_number"] != member.id_number and "*" in masked["id_number"]
    roles["admin_a"].user_permissions.add(Permission.objects.get(codename="view_full_identity"))
    admin = type(roles["admin_a"]).objects.get(pk=roles["admin_a"].pk)
    full = api_client(admin).get(f"/api/app/members/{member.pk}").json()
    assert full["id_number"] == member.id_number and full["phone"] == member.phone
    assert ModelLogEntry.objects.filter(action="partybuild.identity_reveal").count() == 1


def test_transfer_through_the_api(roles, tree, api_client):
    member = roles["member_a"].member
    started = api_client(roles["admin_a"]).post(
        "/api/app/transfers/",
        {"member_id": member.pk, "to_organisation_id": tree["second"].pk, "reason": "工作调动"},
        content_type="application/json",
    )
    assert started.status_code == 201 and started.json()["status"] == "pending"
    transfer_id = started.json()["id"]
    again = api_client(roles["admin_a"]).post(
        "/api/app/transfers/",
        {"member_id": member.pk, "to_organisation_id": tree["third"].pk},
        content_type="application/json",
    )
    assert again.status_code == 422 and again.json()["code"] == "transfer_pending_exists"
    wrong_side = api_client(roles["admin_a"]).post(
        f"/api/app/transfers/{transfer_id}/accept", {}, content_type="application/json"
    )
    assert wrong_side.status_code == 403
    accepted = api_client(roles["admin_parent"]).post(
        f"/api/app/transfers/{transfer_id}/accept", {}, content_type="application/json"
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert Member.objects.get(pk=member.pk).organisation == tree["second"]
    twice = api_client(roles["admin_parent"]).post(
        f"/api/app/transfers/{transfer_id}/revoke", {}, content_type="application/json"
    )
    assert twice.status_code == 422 and twice.json()["code"] == "transfer_not_pending"


def test_return_needs_a_reason(roles, tree, api_client):
    transfer = pending_transfer(roles["member_a"].member, tree["second"])
    client = api_client(roles["admin_parent"])
    url = f"/api/app/transfers/{transfer.pk}/return"
    empty = client.post(url, {"reason": " "}, content_type="application/json")
    assert empty.status_code == 422 and "decision_reason" in empty.json()["fields"]
    assert (
        client.post(url, {"reason": "材料不全"}, content_type="application/json").status_code == 200
    )
    assert Transfer.objects.get(pk=transfer.pk).status == "returned"


def test_transfer_filters(roles, tree, api_client):
    pending_transfer(roles["member_a"].member, tree["second"])
    pending_transfer(roles["member_b"].member, tree["first"])
    client = api_client(roles["admin_a"])
    incoming = client.get("/api/app/transfers/?direction=incoming").json()["items"]
    outgoing = client.get("/api/app/transfers/?direction=outgoing").json()["items"]
    assert [t["member_name"] for t in incoming] == ["党员member_b"]
    assert [t["member_name"] for t in outgoing] == ["党员member_a"]


def test_change_request_decisions(roles, api_client):
    first = change_request_of(roles["member_a"], phone="13922223333")
    second = change_request_of(roles["member_b"])
    listed = api_client(roles["admin_a"]).get("/api/app/change-requests/").json()
    assert [item["id"] for item in listed["items"]] == [first.pk]
    assert listed["items"][0]["changes"][0]["requested"] == "139****3333"
    approve = api_client(roles["admin_a"]).post(f"/api/app/change-requests/{first.pk}/approve")
    assert approve.status_code == 200
    assert Member.objects.get(pk=roles["member_a"].member.pk).phone == "13922223333"
    reject = api_client(roles["admin_parent"]).post(
        f"/api/app/change-requests/{second.pk}/reject",
        {"reason": "请携带证明材料"},
        content_type="application/json",
    )
    assert reject.json()["decision_reason"] == "请携带证明材料"
    assert MemberChangeRequest.objects.get(pk=second.pk).status == "rejected"


@pytest.mark.parametrize(
    "url",
    ["/api/app/orgs/", "/api/app/members/", "/api/app/transfers/", "/api/app/change-requests/"],
)
def test_register_lists_use_the_same_queries_for_any_page_size(
    url, roles, tree, api_client, make_org, django_assert_max_num_queries
):
    for number in range(31):
        branch = make_org(f"支部{number}", "branch", tree["general"])
        account = member_in(branch, f"m{number}", f"1390000{number:04d}").user
        change_request_of(account)
        pending_transfer(account.member, tree["first"])
    assert Organisation.objects.count() > 31
    client = api_client(roles["admin_parent"])
    with django_assert_max_num_queries(12) as small:
        client.get(url + "?limit=1")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get(url + "?limit=100").json()["items"]) >= 31

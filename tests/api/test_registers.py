"""档案修改申请 decisions in the app API, and the query counts of every register list.

Organisations, members and transfers have their own files (test_api_orgs.py,
test_api_members.py, test_api_transfers.py).
"""

import pytest
from wagtail.models import ModelLogEntry

from partybuild.models import Member, MemberChangeRequest, Organisation
from partybuild.services.change_requests import change_request_reject
from tests.api.factories import change_request_of, member_in, pending_transfer
from tests.conftest import assign_role

pytestmark = pytest.mark.django_db


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_requests_are_scoped_pending_first_and_masked(roles, api_client):
    decided = change_request_of(roles["member_a"], phone="13911112222")
    change_request_reject(request=decided, actor=roles["admin_parent"], reason="号码有误")
    pending = change_request_of(roles["member_a"], phone="13922223333")
    other = change_request_of(roles["member_b"])
    response = api_client(roles["admin_a"]).get("/api/app/change-requests/")
    items = response.json()["items"]
    assert [item["id"] for item in items] == [pending.pk, decided.pk]
    change = items[0]["changes"][0]
    assert (change["label"], change["before"], change["requested"]) == (
        "手机号码",
        "138****8001",
        "139****3333",
    )
    assert "13922223333" not in response.content.decode()
    parent = api_client(roles["admin_parent"]).get("/api/app/change-requests/?status=pending")
    assert {item["id"] for item in parent.json()["items"]} == {pending.pk, other.pk}


def test_non_administrators_see_no_requests(roles, api_client):
    response = api_client(roles["member_a"]).get("/api/app/change-requests/")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_approving_applies_the_change_once(roles, api_client):
    request = change_request_of(roles["member_a"], phone="13922223333")
    url = f"/api/app/change-requests/{request.pk}/approve"
    approved = post(api_client(roles["admin_a"]), url)
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["status_label"]) == ("approved", "已通过")
    assert approved.json()["changes"][0]["before"] == "138****8001"
    assert Member.objects.get(pk=roles["member_a"].member.pk).phone == "13922223333"
    assert ModelLogEntry.objects.filter(action="partybuild.change_request.approve").exists()
    again = post(api_client(roles["admin_parent"]), url)
    assert again.status_code == 422 and again.json()["code"] == "change_request_not_pending"


def test_rejecting_needs_a_reason_and_leaves_the_dossier(roles, api_client):
    request = change_request_of(roles["member_b"], phone="13922223333")
    url = f"/api/app/change-requests/{request.pk}/reject"
    client = api_client(roles["admin_parent"])
    missing = post(client, url)
    assert missing.status_code == 422 and list(missing.json()["fields"]) == ["reason"]
    blank = post(client, url, {"reason": " "})
    assert blank.status_code == 422 and blank.json()["code"] == "reason_required"
    assert list(blank.json()["fields"]) == ["reason"]
    rejected = post(client, url, {"reason": "请携带证明材料"})
    assert rejected.status_code == 200
    assert rejected.json()["decision_reason"] == "请携带证明材料"
    assert MemberChangeRequest.objects.get(pk=request.pk).status == "rejected"
    assert Member.objects.get(pk=roles["member_b"].member.pk).phone == "13800138002"


@pytest.mark.parametrize("action", ["", "/approve", "/reject"])
def test_a_request_outside_the_subtree_is_not_found_like_a_missing_one(action, roles, api_client):
    request = change_request_of(roles["member_b"])
    client = api_client(roles["admin_a"])
    method = client.get if action == "" else lambda url: post(client, url, {"reason": "不同意"})
    outside = method(f"/api/app/change-requests/{request.pk}{action}")
    missing = method(f"/api/app/change-requests/999999{action}")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    assert MemberChangeRequest.objects.get(pk=request.pk).status == "pending"


def test_an_administrator_cannot_decide_their_own_request(roles, tree, api_client):
    secretary = member_in(tree["first"], "secretary", "13800138050").user
    assign_role(secretary, "org_admin", tree["first"])
    request = change_request_of(secretary, phone="13922224444")
    url = f"/api/app/change-requests/{request.pk}/approve"
    own = post(api_client(secretary), url)
    assert own.status_code == 403 and "本人" in own.json()["message"]
    assert post(api_client(roles["admin_parent"]), url).status_code == 200


def test_register_lists_use_the_same_queries_for_any_page_size(
    roles, tree, api_client, make_org, django_assert_max_num_queries
):
    """Every register list, on one set of 31 branches with a member, a change request and a
    pending transfer each: one item to a page and all of them take the same queries."""
    for number in range(31):
        branch = make_org(f"支部{number}", "branch", tree["general"])
        account = member_in(branch, f"m{number}", f"1390000{number:04d}").user
        change_request_of(account)
        pending_transfer(account.member, tree["first"])
    assert Organisation.objects.count() > 31
    client = api_client(roles["admin_parent"])
    for url in [
        "/api/app/orgs/",
        "/api/app/orgs/transfer-targets",
        "/api/app/members/",
        "/api/app/transfers/",
        "/api/app/change-requests/",
    ]:
        with django_assert_max_num_queries(12) as small:
            client.get(url + "?limit=1")
        with django_assert_max_num_queries(len(small.captured_queries)):
            assert len(client.get(url + "?limit=100").json()["items"]) >= 31, url


@pytest.mark.parametrize("url", ["/api/app/members/", "/api/app/change-requests/"])
def test_an_administrator_without_the_member_register_is_refused(url, tree, make_admin, api_client):
    """Scope alone is not enough: the operations ask for the register's permission."""
    scoped_only = make_admin("scoped_only", tree["first"])
    assert api_client(scoped_only).get(url).status_code == 403

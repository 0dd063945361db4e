"""党组织 in the app API: an administrator's tree, an organisation's details, and the
organisations a member may be transferred to."""

import datetime

import pytest

from partybuild.models import Member
from tests.api.factories import member_in

pytestmark = pytest.mark.django_db


def rows(response):
    return [(item["name"], item["level"], item["parent_id"]) for item in response.json()["items"]]


def test_the_tree_is_the_administrators_subtree_in_tree_order(roles, tree, api_client):
    member_in(tree["group"], "zu", "13800138021")
    body = api_client(roles["admin_parent"]).get("/api/app/orgs/").json()
    general, first = tree["general"].pk, tree["first"].pk
    assert [(o["name"], o["level"], o["parent_id"]) for o in body["items"]] == [
        ("一总支", 0, None),
        ("一支部", 1, general),
        ("一小组", 2, first),
        ("二支部", 1, general),
    ]
    assert body["count"] == 4
    counts = {o["name"]: (o["member_count"], o["subtree_member_count"]) for o in body["items"]}
    assert counts == {"一总支": (0, 3), "一支部": (1, 2), "一小组": (1, 1), "二支部": (1, 1)}
    assert body["items"][0]["org_type_label"] == "党总支" and body["items"][0]["depth"] == 3


def test_a_branch_administrator_sees_only_their_branch_and_not_its_parent(roles, tree, api_client):
    response = api_client(roles["admin_a"]).get("/api/app/orgs/")
    assert rows(response) == [("一支部", 0, None), ("一小组", 1, tree["first"].pk)]
    assert str(tree["general"].pk) not in {str(i["parent_id"]) for i in response.json()["items"]}


def test_the_superuser_sees_the_whole_tree(roles, api_client):
    names = [
        o["name"] for o in api_client(roles["superuser"]).get("/api/app/orgs/").json()["items"]
    ]
    assert names == [
        "县委",
        "机关党委",
        "一总支",
        "一支部",
        "一小组",
        "二支部",
        "乡镇党委",
        "三支部",
    ]


def test_members_off_the_roll_are_not_counted(roles, tree, api_client):
    Member.objects.filter(pk=roles["member_b"].member.pk).update(is_on_roll=False)
    items = api_client(roles["admin_parent"]).get("/api/app/orgs/").json()["items"]
    assert {o["name"]: o["member_count"] for o in items}["二支部"] == 0


@pytest.mark.parametrize("role, status", [("member_a", 403), ("anonymous", 401)])
def test_non_administrators_get_no_tree(role, status, roles, api_client):
    response = api_client(roles[role]).get("/api/app/orgs/")
    assert response.status_code == status
    assert response.json()["code"] == ("forbidden" if status == 403 else "not_authenticated")


def test_details_show_leader_masked_contact_term_and_children(roles, tree, api_client):
    first = tree["first"]
    first.leader_name = "王书记"
    first.contact_phone = "13912345678"
    first.founded_on = datetime.date(2015, 7, 1)
    first.term_start = datetime.date(2024, 7, 1)
    first.term_end = datetime.date(2027, 7, 1)
    first.save()
    response = api_client(roles["admin_parent"]).get(f"/api/app/orgs/{first.pk}")
    body = response.json()
    assert body["leader_name"] == "王书记"
    assert body["contact_phone"] == "139****5678" and "13912345678" not in response.content.decode()
    assert (body["term_start"], body["term_end"]) == ("2024-07-01", "2027-07-01")
    assert body["parent"] == {"id": tree["general"].pk, "name": "一总支"}
    assert [child["name"] for child in body["children"]] == ["一小组"]
    assert body["member_count"] == 1 and body["unit_party_status_label"] == "与上级党组织相同"
    assert body["is_village_or_community"] is False


def test_a_landline_contact_is_shown_and_the_top_has_no_parent(roles, tree, api_client):
    first = tree["first"]
    first.contact_phone = "010-88887777"
    first.save()
    body = api_client(roles["admin_a"]).get(f"/api/app/orgs/{first.pk}").json()
    assert body["contact_phone"] == "010-88887777"
    assert body["parent"] is None and body["parent_id"] is None


def test_an_organisation_outside_the_subtree_is_not_found_like_a_missing_one(
    roles, tree, api_client
):
    client = api_client(roles["admin_a"])
    outside = client.get(f"/api/app/orgs/{tree['second'].pk}")
    missing = client.get("/api/app/orgs/999999")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    assert client.get(f"/api/app/orgs/{10**30}").status_code == 422
    assert api_client(roles["member_a"]).get(f"/api/app/orgs/{tree['first'].pk}").status_code == 403


def test_transfer_targets_are_the_branches_and_groups_of_the_whole_system(roles, tree, api_client):
    client = api_client(roles["admin_a"])
    body = client.get("/api/app/orgs/transfer-targets").json()
    assert [(o["name"], o["parent_name"]) for o in body["items"]] == [
        ("一支部", "一总支"),
        ("一小组", "一支部"),
        ("二支部", "一总支"),
        ("三支部", "乡镇党委"),
    ]
    searched = client.get("/api/app/orgs/transfer-targets?q=三").json()["items"]
    assert [o["id"] for o in searched] == [tree["third"].pk]
    by_code = client.get(f"/api/app/orgs/transfer-targets?q={tree['second'].code}").json()
    assert [o["name"] for o in by_code["items"]] == ["二支部"]
    assert api_client(roles["member_a"]).get("/api/app/orgs/transfer-targets").status_code == 403

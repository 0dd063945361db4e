"""党员 in the app API: an administrator's members, the admin's filters and search, masking, and
the audited reveal of full identity numbers."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import ModelLogEntry

from partybuild.models import DemocraticEvaluation, Member, User
from tests.api.factories import member_in

pytestmark = pytest.mark.django_db

REVEAL = "partybuild.identity_reveal"


def names(response):
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def with_permission(user: User) -> User:
    """``user`` holding 「查看完整身份信息」 (fetched again, so permissions are not cached)."""
    user.user_permissions.add(Permission.objects.get(codename="view_full_identity"))
    return User.objects.get(pk=user.pk)


def renamed(member: Member, name: str, **fields) -> Member:
    member.name = name
    for field, value in fields.items():
        setattr(member, field, value)
    member.save()
    return member


def test_each_administrator_lists_the_members_of_their_subtree(roles, tree, api_client):
    member_in(tree["third"], "town", "13800138031")
    assert names(api_client(roles["admin_a"]).get("/api/app/members/")) == ["党员member_a"]
    assert names(api_client(roles["admin_parent"]).get("/api/app/members/")) == [
        "党员member_a",
        "党员member_b",
    ]
    assert api_client(roles["superuser"]).get("/api/app/members/").json()["count"] == 3


@pytest.mark.parametrize("role, status", [("member_a", 403), ("anonymous", 401)])
def test_non_administrators_cannot_list_members(role, status, roles, api_client):
    assert api_client(roles[role]).get("/api/app/members/").status_code == status


def test_the_list_masks_phone_numbers_even_for_the_superuser(roles, api_client):
    response = api_client(roles["superuser"]).get("/api/app/members/")
    phones = [item["phone"] for item in response.json()["items"]]
    assert phones == ["138****8001", "138****8002"]
    assert "13800138001" not in response.content.decode()


def test_the_organisation_filter_takes_the_subtree(roles, tree, api_client):
    member_in(tree["group"], "zu", "13800138021")
    client = api_client(roles["admin_parent"])
    assert names(client.get(f"/api/app/members/?organisation={tree['first'].pk}")) == [
        "党员member_a",
        "党员zu",
    ]
    assert names(client.get(f"/api/app/members/?organisation={tree['group'].pk}")) == ["党员zu"]


def test_an_organisation_outside_the_subtree_filters_to_nothing(roles, tree, api_client):
    client = api_client(roles["admin_a"])
    assert names(client.get(f"/api/app/members/?organisation={tree['second'].pk}")) == []
    assert names(client.get("/api/app/members/?organisation=999999")) == []


def test_the_admin_filters(roles, tree, api_client):
    a, b = roles["member_a"].member, roles["member_b"].member
    c = member_in(tree["second"], "c", "13800138033")
    Member.objects.filter(pk=a.pk).update(
        category="probationary", confirmed_on=None, education="bachelor", is_lost_contact=True
    )
    Member.objects.filter(pk=b.pk).update(
        standing="retained", gender="female", is_abroad=True, joined_on=datetime.date(1999, 6, 1)
    )
    Member.objects.filter(pk=c.pk).update(is_mobile=True, is_on_roll=False)
    client = api_client(roles["admin_parent"])
    expected = {
        "category=probationary": ["党员member_a"],
        "category=full": ["党员c", "党员member_b"],
        "standing=retained": ["党员member_b"],
        "gender=female": ["党员member_b"],
        "education=bachelor": ["党员member_a"],
        "joined_year=1999": ["党员member_b"],
        "on_roll=false": ["党员c"],
        "lost_contact=true": ["党员member_a"],
        "abroad=true": ["党员member_b"],
        "mobile=true": ["党员c"],
        "mobile=false&on_roll=true": ["党员member_a", "党员member_b"],
    }
    got = {query: names(client.get(f"/api/app/members/?{query}")) for query in expected}
    assert got == expected


def test_unknown_filter_values_are_refused(roles, api_client):
    client = api_client(roles["admin_parent"])
    response = client.get("/api/app/members/?standing=unknown")
    assert response.status_code == 422 and "standing" in response.json()["fields"]
    assert client.get("/api/app/members/?joined_year=1800").status_code == 422


def test_search_by_name_or_pinyin_initials(roles, tree, api_client):
    renamed(roles["member_a"].member, "黄主才")
    renamed(roles["member_b"].member, "张三")
    client = api_client(roles["admin_parent"])
    assert names(client.get("/api/app/members/?q=hzc")) == ["黄主才"]
    assert names(client.get("/api/app/members/?q=HZ")) == ["黄主才"]
    assert names(client.get("/api/app/members/?q=张")) == ["张三"]
    assert names(client.get("/api/app/members/?q=王")) == []


def test_a_dossier_is_masked_and_no_reveal_is_recorded(roles, api_client):
    member = roles["member_a"].member
    DemocraticEvaluation.objects.create(member=member, year=2025, grade="excellent")
    response = api_client(roles["admin_a"]).get(f"/api/app/members/{member.pk}")
    body = response.json()
    assert body["id_number"] == member.id_number[:3] + "*" * 11 + member.id_number[-4:]
    assert body["phone"] == "138****8001"
    assert member.id_number not in response.content.decode()
    assert [e["year"] for e in body["evaluations"]] == [2025]
    assert not ModelLogEntry.objects.filter(action=REVEAL).exists()


def test_with_the_permission_a_dossier_is_full_and_the_reveal_is_audited(roles, api_client):
    member = roles["member_a"].member
    admin = with_permission(roles["admin_a"])
    body = api_client(admin).get(f"/api/app/members/{member.pk}").json()
    assert (body["id_number"], body["phone"]) == (member.id_number, "13800138001")
    entry = ModelLogEntry.objects.get(action=REVEAL)
    assert (entry.user_id, entry.object_id, entry.data) == (
        admin.pk,
        str(member.pk),
        {"context": "api"},
    )


def test_the_permission_does_not_widen_the_scope(roles, api_client):
    admin = with_permission(roles["admin_a"])
    outside = api_client(admin).get(f"/api/app/members/{roles['member_b'].member.pk}")
    assert outside.status_code == 404
    assert not ModelLogEntry.objects.filter(action=REVEAL).exists()


def test_a_member_outside_the_subtree_is_not_found_like_a_missing_one(roles, api_client):
    client = api_client(roles["admin_a"])
    outside = client.get(f"/api/app/members/{roles['member_b'].member.pk}")
    missing = client.get("/api/app/members/999999")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    own = api_client(roles["member_a"]).get(f"/api/app/members/{roles['member_a'].member.pk}")
    assert own.status_code == 403 and own.json()["code"] == "forbidden"

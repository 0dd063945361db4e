"""查看范围 of 制度建设/事务公开, enforced on the portal, in search and in the v2 API."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(tree, publish_disclosure):
    return {
        "public": publish_disclosure(tree["first"], "公开公示 PUBLICDOC"),
        "subtree": publish_disclosure(
            tree["general"], "总支内部公示 SUBTREEDOC", visibility="subtree"
        ),
        "members": publish_disclosure(
            tree["first"], "党员可见公示 MEMBERSDOC", visibility="members"
        ),
    }


def titles(response) -> str:
    return response.content.decode()


def test_anonymous_visitor_sees_only_public_pages(client, pages):
    assert client.get(pages["public"].url).status_code == 200
    for key in ("subtree", "members"):
        response = client.get(pages[key].url)
        assert response.status_code == 302
        assert response.url.startswith("/login/?next=")
    listing = titles(client.get("/disclosures/"))
    assert "PUBLICDOC" in listing
    assert "SUBTREEDOC" not in listing and "MEMBERSDOC" not in listing
    home = titles(client.get("/"))
    assert "PUBLICDOC" in home and "SUBTREEDOC" not in home


def test_member_inside_the_subtree_sees_subtree_pages(client, pages, tree, make_member):
    client.force_login(make_member("in_subtree", tree["group"]))  # 一小组 is under 一总支
    assert client.get(pages["subtree"].url).status_code == 200
    assert client.get(pages["members"].url).status_code == 200
    listing = titles(client.get("/disclosures/"))
    assert "SUBTREEDOC" in listing and "MEMBERSDOC" in listing


def test_member_outside_the_subtree_does_not(client, pages, tree, make_member):
    client.force_login(make_member("outsider", tree["third"]))
    assert client.get(pages["subtree"].url).status_code == 403
    assert client.get(pages["members"].url).status_code == 200
    assert "SUBTREEDOC" not in titles(client.get("/disclosures/"))


def test_administrator_above_the_organisation_sees_it(client, pages, tree, make_admin):
    client.force_login(make_admin("county_admin", tree["organ"]))
    assert client.get(pages["subtree"].url).status_code == 200
    client.force_login(make_admin("town_admin", tree["town"]))
    assert client.get(pages["subtree"].url).status_code == 403


def test_search_results_respect_visibility(client, pages, tree, make_member):
    assert "PUBLICDOC" in titles(client.get("/search/", {"q": "PUBLICDOC"}))
    assert "总支内部公示" not in titles(client.get("/search/", {"q": "SUBTREEDOC"}))
    client.force_login(make_member("in_subtree", tree["first"]))
    assert "总支内部公示" in titles(client.get("/search/", {"q": "SUBTREEDOC"}))


def test_v2_api_never_returns_restricted_pages(client, pages):
    listing = client.get("/api/v2/pages/", {"type": "content.DisclosurePage", "fields": "*"})
    assert listing.status_code == 200
    found = {item["title"] for item in listing.json()["items"]}
    assert "公开公示 PUBLICDOC" in found
    assert not any("SUBTREEDOC" in t or "MEMBERSDOC" in t for t in found)
    assert client.get(f"/api/v2/pages/{pages['subtree'].pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{pages['public'].pk}/").status_code == 200
    searched = client.get("/api/v2/pages/", {"search": "SUBTREEDOC"}).json()["items"]
    assert searched == []


def test_member_logs_in_on_the_portal_and_reads_a_members_page(client, pages, tree, make_member):
    make_member("portal_member", tree["third"])
    response = client.post(
        "/login/",
        {
            "username": "portal_member",
            "password": "correct-horse-battery",
            "next": pages["members"].url,
        },
    )
    assert response.status_code == 302
    assert client.get(pages["members"].url).status_code == 200
    failed = client.post("/login/", {"username": "portal_member", "password": "wrong"})
    assert "用户名或密码不正确" in failed.content.decode()

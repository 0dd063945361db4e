"""One member workspace (issue 20, item 4): with the member app built, each /me/ page it covers
redirects to the app's matching screen (an id in the path is kept), so old links keep working;
without a build the portal pages stay. Forms still post to the portal. A notice read on the
portal or in the app is one receipt (content.receipts.notice_receipt_record)."""

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from content.models import NoticeReceipt
from partybuild.memberservices.models import Suggestion
from partysite import portal_urls
from tests.api.conftest import client_for
from tests.api.factories import publish_notice

pytestmark = pytest.mark.django_db

#: Portal address → the app's address it now opens.
REDIRECTS = {
    "/me/": "/app/me",
    "/me/password/": "/app/password",
    "/me/recruitment/": "/app/me/recruitment",
    "/me/meetings/": "/app/me/meetings",
    "/me/meetings/12/answer/": "/app/me/meetings/12",
    "/me/suggestions/": "/app/suggestions",
    "/me/letters/": "/app/letters",
    "/me/board/": "/app/board",
    "/me/wishes/": "/app/wishes",
    "/me/wishes/mine/": "/app/wishes",
    "/me/wishes/7/claim/": "/app/wishes/7",
    "/me/experiences/": "/app/experiences",
    "/me/points/": "/app/me/points",
}


@pytest.fixture
def app_built(settings, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>App</title>", encoding="utf-8")
    settings.APP_DIST_DIR = tmp_path


@pytest.fixture
def no_app_build(settings, tmp_path):
    settings.APP_DIST_DIR = tmp_path / "missing"


@pytest.fixture
def member_client(roles):
    client = Client()
    client.force_login(roles["member_a"])
    return client


def test_every_redirected_page_is_a_portal_page_and_every_portal_page_is_decided():
    names = {
        pattern.name
        for pattern in get_resolver("partysite.portal_urls").url_patterns
        if pattern.name
    }
    assert set(portal_urls.APP_ROUTES) <= names
    # The pages the app does not cover stay on the portal: two-factor sign-in and enrolment.
    assert all(name.startswith("twofactor_") for name in names - set(portal_urls.APP_ROUTES))
    assert {reverse(f"portal:{name}", kwargs=_kwargs(name)) for name in portal_urls.APP_ROUTES} == (
        set(REDIRECTS)
    )


def _kwargs(name: str) -> dict:
    return {"meeting_answer": {"pk": 12}, "wish_claim": {"pk": 7}}.get(name, {})


@pytest.mark.usefixtures("app_built")
@pytest.mark.parametrize("user", ["anonymous", "member_a"])
def test_with_the_app_built_each_page_redirects_there(roles, user):
    client = Client()
    if roles[user] is not None:
        client.force_login(roles[user])
    for portal, app in REDIRECTS.items():
        response = client.get(portal)
        assert (response.status_code, response["Location"]) == (302, app), portal
        assert client.head(portal)["Location"] == app, portal


@pytest.mark.usefixtures("app_built")
def test_the_redirect_leads_to_the_app(member_client):
    response = member_client.get("/me/meetings/12/answer/", follow=True)
    assert response.redirect_chain == [("/app/me/meetings/12", 302)]
    assert response.status_code == 200
    assert "<title>App</title>" in response.content.decode()


@pytest.mark.usefixtures("no_app_build")
def test_without_a_build_the_portal_pages_stay(member_client):
    response = member_client.get("/me/suggestions/")
    assert response.status_code == 200
    assert "意见建议" in response.content.decode()
    assert member_client.get("/me/").status_code == 200


@pytest.mark.usefixtures("app_built")
def test_the_portal_forms_still_post(member_client, roles):
    response = member_client.post("/me/suggestions/", {"title": "增设书架", "content": "缺书架"})
    assert (response.status_code, response["Location"]) == (302, "/me/suggestions/")
    assert Suggestion.objects.get().title == "增设书架"
    assert member_client.get(response["Location"])["Location"] == "/app/suggestions"


@pytest.mark.usefixtures("app_built")
def test_a_forced_password_change_stays_on_the_portal(roles):
    user = roles["member_a"]
    user.password_change_required = True
    user.save(update_fields=["password_change_required"])
    client = Client()
    client.force_login(user)
    # The middleware holds the session on the portal's 修改密码, which must not send it away.
    assert client.get("/me/")["Location"] == "/me/password/"
    assert client.get("/me/password/").status_code == 200


@pytest.mark.usefixtures("app_built")
def test_two_factor_pages_stay_on_the_portal(member_client):
    response = member_client.get(reverse("portal:twofactor_manage"))
    assert not response.get("Location", "").startswith("/app/")


# --- one read receipt -----------------------------------------------------------------------


def _receipts(notice):
    return list(NoticeReceipt.objects.filter(notice=notice).values_list("member__user", flat=True))


def test_reading_on_the_portal_is_read_in_the_app(roles, member_client):
    notice = publish_notice("全体党员通知")
    assert member_client.get(notice.url).status_code == 200
    assert _receipts(notice) == [roles["member_a"].pk]
    app = client_for(roles["member_a"])
    listed = app.get("/api/app/notices/").json()["items"]
    assert [(item["title"], item["is_read"]) for item in listed] == [("全体党员通知", True)]
    assert app.get(f"/api/app/notices/{notice.pk}").status_code == 200
    assert _receipts(notice) == [roles["member_a"].pk]


def test_reading_in_the_app_is_read_on_the_portal(roles, member_client):
    notice = publish_notice("全体党员通知")
    app = client_for(roles["member_a"])
    assert app.get(f"/api/app/notices/{notice.pk}").json()["is_read"] is True
    assert _receipts(notice) == [roles["member_a"].pk]
    member_client.get(notice.url)
    assert NoticeReceipt.objects.filter(notice=notice).count() == 1
    assert app.get("/api/app/notices/?unread=true").json()["count"] == 0

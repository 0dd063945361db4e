"""HTTP headers of every response (issue 18, item 7): a Content-Security-Policy on HTML pages
(portal strict, the Wagtail admin with its listed exceptions) and ``Cache-Control: no-store`` on
what an authenticated request receives."""

from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client

from partysite.middleware import PrivateNoStoreMiddleware
from tests.api.conftest import client_for
from tests.conftest import PASSWORD
from tests.portal_pages import portal_pages  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


def test_the_portal_home_has_a_strict_policy(client):
    response = client.get("/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_the_portal_login_page_and_404_have_the_policy(client):
    assert "'unsafe-inline'" not in client.get("/login/")["Content-Security-Policy"]
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert directives(missing)["script-src"] == ["'self'"]


def test_the_admin_allows_only_what_wagtail_needs(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_the_admin_login_page_has_the_admin_policy(client):
    assert directives(client.get("/admin/login/"))["frame-ancestors"] == ["'self'"]


def test_json_responses_carry_no_policy(client):
    assert "Content-Security-Policy" not in client.get("/api/v2/pages/")


def test_no_template_of_ours_has_an_inline_script():
    offenders = [
        str(path)
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for line in path.read_text().splitlines()
        if "<script" in line and "src=" not in line and 'type="application/json"' not in line
    ]
    assert offenders == []


def test_an_api_response_to_a_token_is_not_stored(roles):
    member = roles["member_a"].member
    response = client_for(roles["admin_parent"]).get(f"/api/app/members/{member.pk}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_an_api_error_to_a_token_is_not_stored_either(roles):
    response = client_for(roles["admin_parent"]).get("/api/app/members/999999")
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


def test_the_token_issued_to_an_anonymous_request_is_not_stored(roles):
    response = Client().post(
        "/api/app/auth/token",
        {"username": "member_a", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert "token" in response.json()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.usefixtures("portal_pages")
def test_a_members_portal_page_is_not_stored(roles):
    client = Client()
    assert client.login(username="member_a", password=PASSWORD)
    response = client.get("/me/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_public_responses_stay_cacheable(client):
    assert "no-store" not in client.get("/api/v2/pages/").get("Cache-Control", "")
    home = client.get("/")
    assert "no-store" not in home.get("Cache-Control", "")


def test_a_views_own_cache_control_is_kept(roles, rf):
    def cached_view(request):
        response = HttpResponse("ok")
        response["Cache-Control"] = "private, max-age=60"
        return response

    request = rf.get("/me/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "x"
    request.user = roles["member_a"]
    response = PrivateNoStoreMiddleware(cached_view)(request)
    assert response["Cache-Control"] == "private, max-age=60"

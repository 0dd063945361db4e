"""The Content-Security-Policy leaves the admin and the portal working in a real browser (issue
18, item 7): no CSP violation is reported while loading the admin home, a page editor with its
StreamField, a chooser modal and the portal's home page."""

import pytest
from django.urls import reverse

from content.models import NewsIndexPage
from partybuild.models import User
from tests.browser.network import wait_until_idle
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def root(db):
    return User.objects.create_superuser(
        username="root", password=PASSWORD, email="root@example.com"
    )


def csp_violations(page) -> list[str]:
    return [message for message in page.console if "Content Security Policy" in message]


@pytest.fixture
def watched(page):
    """``page`` recording console messages (Chromium reports each CSP violation there)."""
    page.console = []
    page.on("console", lambda message: page.console.append(message.text))
    return page


def sign_in(page, live_server) -> None:
    page.goto(f"{live_server.url}{reverse('wagtailadmin_login')}")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def test_the_admin_home_page_editor_streamfield_and_chooser_raise_no_violation(
    root, watched, live_server
):
    page = watched
    news = NewsIndexPage.objects.first()
    sign_in(page, live_server)
    wait_until_idle(page)
    assert csp_violations(page) == []

    page.goto(f"{live_server.url}/admin/pages/add/content/newspage/{news.pk}/")
    wait_until_idle(page)
    page.locator("[data-streamfield-stream-container] button, .c-sf-add-button").first.click()
    page.get_by_role("option", name="图片").first.click()
    page.locator("button[data-chooser-action-choose], .chooser__choose-button").first.click()
    modal = page.locator(".modal .modal-content").first
    modal.wait_for(state="visible", timeout=10000)
    assert "选择" in modal.inner_text()
    wait_until_idle(page)
    assert csp_violations(page) == [], page.console
    assert page.errors == []


@pytest.mark.parametrize("path", ["/", "/login/", "/search/?q=党建"])
def test_the_portals_pages_raise_no_violation(watched, live_server, path):
    page = watched
    page.goto(f"{live_server.url}{path}")
    wait_until_idle(page)
    assert csp_violations(page) == []
    assert page.errors == []

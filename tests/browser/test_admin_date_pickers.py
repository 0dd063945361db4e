"""The date pickers of our own admin forms work in a real browser (issue 14, item 6): the page
raises no ``initDateChooser is not defined`` and focusing a date field opens the calendar."""

import pytest
from django.urls import reverse

from partybuild.models import User
from tests.browser.network import wait_until_idle
from tests.conftest import PASSWORD

# serialized_rollback: the flush after a transactional test removes what migrations made (the
# root collection, wagtailadmin.access_admin); reloading it keeps later tests whole.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}{reverse('wagtailadmin_login')}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


@pytest.fixture
def root(db):
    return User.objects.create_superuser(
        username="root", password=PASSWORD, email="root@example.com"
    )


# The database fixtures come before ``page``, so their writes happen before the browser starts.
def test_the_new_meeting_form_opens_a_calendar_on_its_start_time(tree, root, page, live_server):
    sign_in(page, live_server, "root")
    page.goto(f"{live_server.url}{reverse('meetings:create')}")
    wait_until_idle(page)
    assert not [error for error in page.errors if "init" in error], page.errors
    page.click("input[name=starts_at]")
    calendar = page.locator(".xdsoft_datetimepicker").first
    calendar.wait_for(state="visible", timeout=5000)
    assert calendar.is_visible()

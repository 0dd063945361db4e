"""The one member portal on a 390 px phone (issue 15, item 6): the behaviour that inline
handlers used to carry still works from static/js/portal.js, and no page scrolls sideways."""

import datetime

import pytest
from django.urls import reverse

from content.models import IntegrityIndexPage, IntegrityPage
from partybuild.memberservices.services.wishes import wish_publish
from partybuild.models import User
from partybuild.orglife.services.meetings import meeting_publish
from tests.conftest import PASSWORD
from tests.partybuild.memberservices.test_wishes import new_wish
from tests.partybuild.orglife.test_meetings import draft_meeting
from tests.portal_pages import portal_pages  # noqa: F401 (fixture)

# serialized_rollback: see test_admin_date_pickers.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.fixture
def integrity_years(db):
    index = IntegrityIndexPage.objects.get()
    for year in (2018, 2026):
        article = IntegrityPage(
            title=f"{year}年廉政", slug=f"i{year}", date=datetime.date(year, 3, 7)
        )
        index.add_child(instance=article)
        article.save_revision().publish()


@pytest.fixture
def member(tree, member_factory):
    """A member of 一支部 with an account, a published meeting and a wish to claim."""
    person = member_factory("一支部")
    person.user = User.objects.create_user(username="phone", password=PASSWORD, name=person.name)
    person.save(update_fields=["user"])
    meeting_publish(meeting=draft_meeting(tree["first"]), actor=None)
    wish_publish(wish=new_wish(tree["second"], title="一套《三国演义》连环画"), actor=None)
    return person


# The database fixtures come before ``page``, so their writes happen before the browser starts.
def test_choosing_a_year_filters_the_section_on_a_phone(integrity_years, page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/integrity/")
    assert page.locator("text=2026年廉政").count() == 1
    assert scroll_width(page) <= PHONE["width"]
    with page.expect_navigation():
        page.select_option("select[name=year]", "2018")
    assert page.url.endswith("/integrity/?year=2018")
    assert page.locator("text=2018年廉政").count() == 1
    assert page.locator("text=2026年廉政").count() == 0
    assert scroll_width(page) <= PHONE["width"]
    assert not page.errors, page.errors


@pytest.mark.usefixtures("portal_pages")
def test_member_pages_fit_a_phone(member, page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{reverse('login')}")
    page.fill("input[name=username]", "phone")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    for name in ["me", "meetings", "wishes", "experiences", "letters", "recruitment"]:
        page.goto(f"{live_server.url}{reverse(f'portal:{name}')}")
        assert page.locator("header.site-header").count() == 1, name
        assert scroll_width(page) <= PHONE["width"], name
    assert not page.errors, page.errors


def test_the_roster_print_button_opens_the_print_dialog(tree, superuser, page, live_server):
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    page.goto(f"{live_server.url}{reverse('wagtailadmin_login')}")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}{reverse('members:roster')}")
    page.click("[data-roster-print]")
    assert page.evaluate("window.printed") == 1
    assert not page.errors, page.errors

"""The member list's organisation filter through the organisation chooser in a real browser: open
the filter drawer, choose an organisation in the modal (searching by name), and the list narrows
to its members; after a reload the chooser still shows the organisation and the list stays
narrowed."""

import pytest
from django.urls import reverse

from partybuild.models import Member, User
from tests.browser.test_admin_date_pickers import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def root(db):
    return User.objects.create_superuser(
        username="root", password=PASSWORD, email="root@example.com"
    )


@pytest.fixture
def people(tree):
    return {
        "a": Member.objects.create(name="黄主才", organisation=tree["first"], gender="male"),
        "c": Member.objects.create(name="张三", organisation=tree["third"], gender="male"),
    }


def test_choosing_an_organisation_narrows_the_member_list(tree, root, people, page, live_server):
    sign_in(page, live_server, "root")
    page.goto(f"{live_server.url}{reverse('members:index')}")
    results = page.locator("#listing-results")
    assert "黄主才" in results.inner_text() and "张三" in results.inner_text()

    page.click("#filters-drilldown .w-slim-header-action-button")
    page.click("button[aria-controls='drilldown-id_organisation']")
    page.click("#id_organisation-chooser .chooser__choose-button")
    search = page.locator(".modal #id_q")
    search.wait_for(state="visible", timeout=10000)
    search.fill("三支部")
    choices = page.locator(".modal a[data-chooser-modal-choice]")
    expect(choices).to_have_count(1, timeout=10000)  # the search has answered
    expect(choices).to_have_text("乡镇党委 › 三支部")
    choices.click()

    page.wait_for_function(
        "() => !document.querySelector('#listing-results').innerText.includes('黄主才')",
        timeout=10000,
    )
    assert "张三" in results.inner_text()
    assert f"organisation={tree['third'].pk}" in page.url

    page.reload()
    assert "黄主才" not in results.inner_text() and "张三" in results.inner_text()
    title = page.locator("#id_organisation-chooser .chooser__title")
    assert title.text_content().strip() == "乡镇党委 › 三支部"
    assert not page.errors, page.errors

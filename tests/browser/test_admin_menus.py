"""Every admin menu item opens without a JavaScript error in a real browser (issue 19): the
superuser's sidebar (main menu, submenus, account menu), each address loaded in Chromium."""

import pytest

from partybuild.models import User
from tests.browser.network import wait_until_idle
from tests.conftest import PASSWORD
from tests.partybuild.demo.test_admin_chinese import _menu_addresses

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def root(db, tree):
    return User.objects.create_superuser(
        username="root", password=PASSWORD, email="root@example.com"
    )


def test_every_menu_item_opens_without_a_script_error(root, page, live_server):
    console_errors: list[str] = []
    page.on(
        "console",
        lambda message: console_errors.append(message.text) if message.type == "error" else None,
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    addresses = _menu_addresses(page.content())
    assert len(addresses) > 15
    failures = {}
    for address in addresses:
        console_errors.clear()
        page.errors.clear()
        response = page.goto(f"{live_server.url}{address}")
        wait_until_idle(page)
        problems = [*page.errors, *console_errors]
        if response.status >= 400 or problems:
            failures[address] = (response.status, problems)
    assert failures == {}

"""The README's moderation walk in a real browser, as the demo's people (issue 19): the editor
submits a 事务公开 page, the branch secretary sends it back with a reason, the editor reads the
reason on the page's editor and submits again, the secretary and the 党委审核员 approve with the
same words, and the page is live on the portal. No JavaScript error on the way."""

import io
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page

from partybuild.demo.data import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "2026年第四季度党费收缴情况公示"
REASON = "请补充收缴明细表。"


@pytest.fixture
def demo(db, settings):
    """The demo with its accounts, as ``make run`` loads it (accounts only under DEBUG)."""
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


def sign_in(browser_page, live_server, username: str) -> None:
    browser_page.context.clear_cookies()
    browser_page.goto(f"{live_server.url}/admin/login/")
    browser_page.fill("input[name=username]", username)
    browser_page.fill("input[name=password]", DEMO_PASSWORD)
    browser_page.click("button[type=submit]")
    browser_page.wait_for_url(f"{live_server.url}/admin/")


def choose_action(browser_page, name) -> None:
    """Open the editor's action menu (the arrow beside 保存草稿) and choose ``name``."""
    browser_page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    browser_page.get_by_role("button", name=name).click()


def test_the_readme_moderation_walk(demo, page, live_server):
    folder = Page.objects.get(
        title="UI部支部委员会", content_type__model="organisationdisclosureindexpage"
    )
    listing = f"{live_server.url}/admin/pages/{folder.pk}/"  # where each decision returns
    sign_in(page, live_server, "ui_editor")
    page.goto(f"{live_server.url}/admin/pages/add/content/disclosurepage/{folder.pk}/")
    page.fill("#id_title", TITLE)
    page.press("#id_title", "Tab")  # moving on fills the slug from the title, as for a person
    choose_action(page, "提交给两级审核")
    page.wait_for_url(listing)
    article = Page.objects.get(title=TITLE)
    assert not article.live

    sign_in(page, live_server, "ui_secretary")
    assert TITLE in page.locator("#awaiting-review-section").inner_text()
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    choose_action(page, "退回修改")
    modal = page.locator(".modal .modal-content").first
    modal.wait_for(state="visible")
    modal.locator("textarea").fill(REASON)
    modal.locator("button[type=submit]").first.click()
    page.wait_for_url(listing)

    sign_in(page, live_server, "ui_editor")
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    warning = page.locator(".messages li.warning").first.inner_text()
    assert "本页已被退回修改（支部审核" in warning and "请补充收缴明细表" in warning
    choose_action(page, re.compile("提交"))
    page.wait_for_url(listing)

    sign_in(page, live_server, "ui_secretary")
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    choose_action(page, re.compile(r"^审核通过$"))
    page.wait_for_url(listing)
    article.refresh_from_db()
    assert not article.live

    sign_in(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    choose_action(page, re.compile(r"^审核通过并发布$"))
    page.wait_for_url(listing)
    article.refresh_from_db()
    assert article.live

    page.goto(f"{live_server.url}{article.url}")
    assert TITLE in page.content()
    assert page.errors == []

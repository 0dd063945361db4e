"""The member app offline in Chromium at phone size, at the service worker's level (the screens
that show notices are tested with them): a notice the member fetched is answered offline from
the saved copy, marked ``X-Offline-Copy: 1``, to the same token only; the app's shell opens
offline and 离线 lists what can be read; a new release is offered with 有新版本可用 and
立即更新 reloads into it; the 添加到主屏幕 hint closes for good."""

import re
import shutil

import pytest
from django.conf import settings as django_settings

from partybuild.models import User
from tests.api.factories import publish_notice
from tests.browser.app import PHONE, app_sign_in, assert_fits, needs_app_build, shot
from tests.conftest import PASSWORD

pytestmark = [needs_app_build, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

#: GET with the member's token from localStorage (as api/client.ts sends it), or another token:
#: the status, whether it is the saved copy, the title; "failed" when the fetch fails.
FETCH = """async ([url, token]) => {
  const saved = JSON.parse(localStorage.getItem("dangjian.session"));
  const authorization = "Bearer " + (token ?? saved.token);
  try {
    const response = await fetch(url, {headers: {Authorization: authorization}});
    const {title} = await response.json();
    return {status: response.status, copy: response.headers.get("X-Offline-Copy"), title};
  } catch {
    return "failed";
  }
}"""

#: The browser's offer to install, as Chrome sends it (headless Chromium never does).
OFFER_INSTALL = """() => {
  const event = new Event("beforeinstallprompt", {cancelable: true});
  event.prompt = async () => undefined;
  event.userChoice = Promise.resolve({outcome: "dismissed"});
  window.dispatchEvent(event);
}"""


@pytest.fixture
def member(tree, member_factory):
    person = member_factory("一支部")
    person.user = User.objects.create_user(
        username="appoffline", password=PASSWORD, name=person.name
    )
    person.save(update_fields=["user"])
    return person


def controlled_by_the_worker(page) -> None:
    """Wait for the worker to be active, then reload so that it controls the page."""
    # ``ready`` never settles when the worker fails to install (a precached file missing): poll
    # for an active worker for 30 s, so such a build fails the test instead of hanging it.
    page.evaluate(
        """async () => {
          for (let attempt = 0; attempt < 150; attempt++) {
            const registration = await navigator.serviceWorker.getRegistration("/app/");
            if (registration && registration.active) return true;
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
          throw new Error("the service worker did not become active in 30 s");
        }"""
    )
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def assert_no_errors_but_offline(page) -> None:
    """No uncaught exception; the console's errors are the requests that failed offline (the
    browser's, and the worker's network error where it has no copy)."""
    assert not page.errors, page.errors
    unexpected = [
        text
        for text in page.console_errors
        if not re.search(r"net::ERR_(INTERNET_DISCONNECTED|FAILED)", text)
        and not re.match(r"Failed to load resource: the server responded with a status of 4", text)
    ]
    assert not unexpected, unexpected


def test_opened_notice_is_readable_offline(member, page, live_server):
    notice = publish_notice("关于开展主题党日活动的通知")
    page.set_viewport_size(PHONE)
    app_sign_in(page, live_server.url, "appoffline", PASSWORD)
    controlled_by_the_worker(page)

    page.evaluate(OFFER_INSTALL)
    page.get_by_text("添加到主屏幕，打开更方便").wait_for()
    shot(page, "offline-1-install-hint")
    assert_fits(page)
    page.get_by_role("button", name="不再提示").click()
    page.reload()
    page.evaluate(OFFER_INSTALL)
    page.wait_for_timeout(300)
    assert page.get_by_text("添加到主屏幕，打开更方便").count() == 0

    url = f"/api/app/notices/{notice.pk}"
    online = page.evaluate(FETCH, [url, None])
    assert online == {"status": 200, "copy": None, "title": "关于开展主题党日活动的通知"}
    assert page.evaluate(FETCH, ["/api/app/messages/", None])["status"] == 200

    page.context.set_offline(True)
    page.reload()
    page.get_by_text("当前离线").wait_for()
    shot(page, "offline-2-shell-offline")
    assert_fits(page)

    assert page.evaluate(FETCH, [url, None]) == {
        "status": 200,
        "copy": "1",
        "title": "关于开展主题党日活动的通知",
    }
    assert page.evaluate(FETCH, [url, "another-token"]) == "failed", "another token's copy"
    assert page.evaluate(FETCH, ["/api/app/messages/", None]) == "failed", "network only"

    page.get_by_text("当前离线").click()
    page.wait_for_url("**/app/offline")
    page.get_by_text("当前没有网络连接").wait_for()
    page.get_by_text("关于开展主题党日活动的通知").wait_for()
    shot(page, "offline-3-saved")
    assert_fits(page)

    page.goto(f"{live_server.url}/app/me/meetings/3")
    page.get_by_text("当前离线").wait_for()
    page.context.set_offline(False)
    assert_no_errors_but_offline(page)


def test_new_release_is_offered(member, page, live_server, settings, tmp_path):
    # Django serves /app/ and /app/sw.js from a copy of the build, which the test changes.
    release = tmp_path / "dist"
    shutil.copytree(django_settings.APP_DIST_DIR, release)
    settings.APP_DIST_DIR = release
    page.set_viewport_size(PHONE)
    app_sign_in(page, live_server.url, "appoffline", PASSWORD)
    controlled_by_the_worker(page)
    first = page.evaluate("navigator.serviceWorker.controller.scriptURL")
    page.wait_for_timeout(500)
    assert page.get_by_text("有新版本可用").count() == 0

    worker = release / "sw.js"
    worker.write_text(worker.read_text(encoding="utf-8") + "\n// the next release\n", "utf-8")
    page.reload()
    page.get_by_text("有新版本可用").wait_for()
    shot(page, "offline-4-update")
    assert_fits(page)

    with page.expect_navigation():
        page.get_by_role("button", name="立即更新").click()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == first
    assert page.evaluate(
        "navigator.serviceWorker.getRegistration().then((r) => r.waiting === null)"
    )
    page.wait_for_timeout(500)
    assert page.get_by_text("有新版本可用").count() == 0
    assert_no_errors_but_offline(page)

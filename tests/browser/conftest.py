"""Browser tests: Debian's Chromium driven by Playwright (never a downloaded browser).

`.ci/run` installs the ``chromium`` package; where it is missing the tests are skipped with the
reason, so a developer machine without it still runs the rest of the suite — but not in CI
(``CI`` set), where a missing browser fails them.

Playwright's sync API runs an event loop in the test's thread while it is active. Django's
per-context database connections then differ from the one the test case set up, so the browser
is started only after the database fixtures (``live_server``) and stopped before their teardown:
the flush and the reload of the serialized data happen outside the loop.
"""

import os
import shutil

import pytest

from tests.browser.network import track_requests

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page(live_server, monkeypatch):
    if not os.path.exists(CHROMIUM):
        reason = "Debian chromium is not installed (`apt-get install chromium`)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    playwright_sync = pytest.importorskip("playwright.sync_api")
    # The ORM calls the test makes while the loop runs would otherwise be refused.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_sync.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page = context.new_page()
        track_requests(page)
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.console_errors = []
        page.on(
            "console",
            lambda message: message.type == "error" and page.console_errors.append(message.text),
        )
        yield page
        context.close()
        browser.close()

"""Browser tests: Debian's Chromium driven by Playwright (never a downloaded browser).

`.ci/run` installs the ``chromium`` package; where it is missing the tests are skipped with the
reason, so a developer machine without it still runs the rest of the suite — but not in CI
(``CI`` set), where a missing browser fails them.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        reason = "Debian chromium is not installed (`apt-get install chromium`)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    playwright_sync = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs its own event loop; Django's async-safety check would refuse
    # the ORM calls the tests make in the same thread.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_sync.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()

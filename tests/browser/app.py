"""Helpers of the member app's browser tests (tests/browser/test_app_*.py): the two screen sizes
of the issue, signing in through the app's own 登录 screen, the no-sideways-scrolling check and
screenshots kept as CI artefacts in tests/artifacts/ (ignored by git)."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

ARTIFACTS = Path(settings.BASE_DIR) / "tests" / "artifacts"

#: A browser test of the app needs its build; CI always has one (`make test` builds it first).
needs_app_build = pytest.mark.skipif(
    not (settings.APP_DIST_DIR / "index.html").is_file() and not os.environ.get("CI"),
    reason="the member app is not built (make app)",
)

#: Elements wider than the viewport (tag, class, width), the sideways scrolling a phone shows.
_WIDER_THAN_VIEWPORT = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && (box.right > width + 1 || box.left < -1)) {
      const style = getComputedStyle(element);
      if (style.position === "fixed" && box.left >= -1) continue;
      let hidden = false;
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        const overflow = getComputedStyle(parent).overflowX;
        if (overflow === "hidden" || overflow === "auto" || overflow === "scroll") {
          const outer = parent.getBoundingClientRect();
          if (outer.right <= width + 1 && outer.left >= -1) { hidden = true; break; }
        }
      }
      if (!hidden) {
        const name = `${element.tagName.toLowerCase()}.${element.className}`;
        wide.push(`${name} ${Math.round(box.left)}–${Math.round(box.right)}`);
      }
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 10)};
}"""


def assert_fits(page) -> None:
    """Nothing on the screen is wider than the viewport, and the page does not scroll sideways."""
    result = page.evaluate(_WIDER_THAN_VIEWPORT)
    assert result["scrollWidth"] <= result["width"], result
    assert not result["wide"], result


def shot(page, name: str) -> None:
    """A screenshot of the current screen, tests/artifacts/<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{re.sub(r'[^0-9A-Za-z_.-]+', '-', name)}.png"))


def app_sign_in(page, base_url: str, username: str, password: str, next_path: str = "") -> None:
    """Sign in through the app's 登录 screen and wait for the screen it leads to."""
    query = f"?next={next_path}" if next_path else ""
    page.goto(f"{base_url}/app/login{query}")
    page.get_by_placeholder("账号或手机号码").fill(username)
    page.get_by_placeholder("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/app/(?!login)"))


def assert_no_errors(page) -> None:
    """No uncaught exception and nothing logged as an error in the console, but for the API's
    4xx answers that the flows provoke on purpose (a wrong password, an expired session), which
    Chromium logs as failed resources and the app shows as messages."""
    assert not page.errors, page.errors
    unexpected = [
        text
        for text in page.console_errors
        if not re.match(
            r"Failed to load resource: the server responded with a status of 4\d\d", text
        )
    ]
    assert not unexpected, unexpected

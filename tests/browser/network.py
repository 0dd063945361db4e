"""Waiting for a page's network to settle, and saying what kept it busy when it does not.

Playwright's ``networkidle`` now and then never came although nothing was in flight (CI on
2026-12-03: 30 s on 微心愿's list, with every request of the page answered). The ``page``
fixture records the requests sent and not yet answered; :func:`wait_until_idle` waits, after the
page's ``load``, until none has been in flight for half a second — what ``networkidle`` means —
from those records, and on a timeout fails with the requests still in flight and the stacks of
every thread of the test process (the live server's included).
"""

import faulthandler
import sys
import time

#: How long nothing may be in flight for the network to count as idle (as ``networkidle``).
QUIET_SECONDS = 0.5


def track_requests(page) -> None:
    """Record on ``page.in_flight`` the requests sent and not yet answered (or failed)."""
    page.in_flight = {}

    def sent(request):
        page.in_flight[request] = (time.monotonic(), request.method, request.url)

    def ended(request):
        page.in_flight.pop(request, None)

    page.on("request", sent)
    page.on("requestfinished", ended)
    page.on("requestfailed", ended)


def wait_until_idle(page, *, timeout_seconds: float = 30) -> None:
    """Wait for the page's ``load``, then until no request has been in flight for
    ``QUIET_SECONDS``; fail with what was still in flight after ``timeout_seconds``."""
    page.wait_for_load_state("load", timeout=timeout_seconds * 1000)
    deadline = time.monotonic() + timeout_seconds
    quiet_since = None
    while True:
        page.wait_for_timeout(100)  # lets Playwright deliver the request events meanwhile
        now = time.monotonic()
        if page.in_flight:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        elif now - quiet_since >= QUIET_SECONDS:
            return
        if now > deadline:
            break
    pending = [
        f"{method} {url} ({now - started:.1f} s)"
        for started, method, url in page.in_flight.values()
    ]
    print(f"在途请求 {pending}; 各线程堆栈:", file=sys.stderr, flush=True)
    faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
    raise AssertionError(f"{page.url} 的网络 {timeout_seconds:.0f} 秒未静止; 在途请求: {pending}")

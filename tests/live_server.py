"""The live server of the browser tests answers one request at a time on SQLite.

With the in-memory SQLite test database, Django gives every thread of the live server the test's
own connection (``connections_override``): one ``sqlite3`` connection, and one Django transaction
state, for all of them. Chromium opens several connections at once (the page, its scripts, the
app's API calls, a screen's polling), and the threaded server ran their requests together on that
one connection; now and then a request waited inside SQLite for good and the test timed out at
``networkidle`` (two CI runs on 2026-12-03: the admin page editor, and a run stopped after 20
minutes). Here each request, its response included, holds a lock while the application serves
it, so only one thread uses the connection at a time. On PostgreSQL (no shared connection) nothing
changes.
"""

import threading

from django.test.testcases import LiveServerThread

_ONE_AT_A_TIME = threading.Lock()


def _serialised(handler_class):
    class Serialised(handler_class):
        """``handler_class``, serving under the lock and reading the whole response in it."""

        def __call__(self, environ, start_response):
            with _ONE_AT_A_TIME:
                response = super().__call__(environ, start_response)
                try:
                    body = b"".join(response)
                finally:
                    if hasattr(response, "close"):
                        response.close()  # request_finished, as the server would send it
            return [body]

    return Serialised


_thread_init = LiveServerThread.__init__


def _init(self, host, static_handler, connections_override=None, port=0):
    if connections_override:
        static_handler = _serialised(static_handler)
    _thread_init(self, host, static_handler, connections_override=connections_override, port=port)


def live_server_serialise() -> None:
    """Make the live servers started from now on serve one request at a time when they share
    the test's database connection."""
    LiveServerThread.__init__ = _init

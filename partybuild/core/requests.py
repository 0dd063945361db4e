"""The request being served, for code that records who did something from where but is called
without the request (a service, a model signal): set by :class:`CurrentRequestMiddleware`,
which also runs the callbacks registered with :func:`on_request_end` once the view is done."""

import logging
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)
_CALLBACKS = "_request_end_callbacks"
logger = logging.getLogger(__name__)


def current_request() -> HttpRequest | None:
    """The request this thread or task is serving; None outside a request (a command, a job)."""
    return _current_request.get()


def on_request_end(callback: Callable[[], object]) -> bool:
    """Run ``callback`` when the request being served is done, after the view and whatever
    transaction it ran in have ended (committed or rolled back). Returns False, and registers
    nothing, outside a request.

    This is how a record of something refused survives the rollback of the refusal: a service
    that raises inside ``transaction.atomic`` cannot write anything that lasts before it raises.
    """
    request = current_request()
    if request is None:
        return False
    request.__dict__.setdefault(_CALLBACKS, []).append(callback)
    return True


def _run_request_end_callbacks(request: HttpRequest) -> None:
    for callback in request.__dict__.pop(_CALLBACKS, []):
        try:
            callback()
        except Exception:
            logger.exception("A callback at the end of %s failed.", request.path)


class CurrentRequestMiddleware:
    """Makes the request available to :func:`current_request` while it is served, then runs its
    :func:`on_request_end` callbacks."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            try:
                _run_request_end_callbacks(request)
            finally:
                _current_request.reset(token)

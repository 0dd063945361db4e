"""The request being served, for code that records who did something from where but is called
without the request (a service, a model signal): set by :class:`CurrentRequestMiddleware`."""

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)


def current_request() -> HttpRequest | None:
    """The request this thread or task is serving; None outside a request (a command, a job)."""
    return _current_request.get()


class CurrentRequestMiddleware:
    """Makes the request available to :func:`current_request` while it is served."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)

"""The error contract of /api/app/: ``{"code", "message", "fields"}`` for every failure.

``code`` is stable for programs, ``message`` is Chinese for people, ``fields`` maps an input field
to its messages. Service errors (Django ValidationError / PermissionDenied) and request parsing
errors are translated here, so routers only raise and never build error bodies.

Nothing under /api/app/ answers otherwise: a body that is not a JSON object is 400
``body_not_object``, a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` 413 ``request_too_large``, a
database busy past its timeout 503 ``database_busy`` with ``Retry-After``, and any unexpected
exception is logged and answered 500 ``server_error``. What Django answers before or around the
API (an unknown path, a refused method, a bad Host header) is rewritten into the same shape by
``partysite.middleware.AppApiErrorMiddleware``.
"""

import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, OperationalError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.http.multipartparser import MultiPartParserError
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from pydantic import ValidationError as PydanticValidationError

#: Where unexpected exceptions are logged: Django's own logger of failed requests, so the same
#: handlers (console, mail to ADMINS) report them.
request_logger = logging.getLogger("django.request")

#: Seconds a client is asked to wait after a 503 ``database_busy``.
DATABASE_BUSY_RETRY_AFTER = 5

#: A stable code for each status Django or a middleware may answer with by itself.
STATUS_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "not_allowed",
    413: "request_too_large",
    429: "throttled",
    500: "server_error",
    503: "service_unavailable",
}


class ErrorOut(Schema):
    """An error response."""

    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ApiError(Exception):
    """Raise from a router to answer with an error of the contract."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        fields: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = str(message)
        self.fields = fields or {}
        self.headers = headers or {}


class BodyNotObject(ValueError):
    """A JSON body whose top level is not an object (``[null, null]``, ``42``, ``"x"``)."""


class ObjectJSONParser(Parser):
    """Every body of the app API is a JSON object: anything else is refused rather than read as
    an empty object (which would make ``[null, null]`` a valid, empty update)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise BodyNotObject(type(data).__name__)
        return data


def status_message(status: int) -> str:
    """The Chinese message of an error status answered without a more specific one."""
    messages = {
        400: _("请求格式不正确。"),
        401: _("请先登录。"),
        403: _("您无权执行此操作。"),
        404: _(NOT_FOUND_MESSAGE),
        405: _("不支持该请求方法。"),
        413: _("请求体过大。"),
        429: _("请求过于频繁，请稍后再试。"),
        503: _("服务暂时不可用，请稍后再试。"),
    }
    return str(messages.get(status, _("服务器内部错误，请稍后再试。")))


def plain_error_response(
    *, status: int, code: str | None = None, message: str | None = None
) -> JsonResponse:
    """The contract's body outside the API's own handlers (middleware, the catch-all path)."""
    return JsonResponse(
        {
            "code": code or STATUS_CODES.get(status, "error"),
            "message": str(message or status_message(status)),
            "fields": {},
        },
        status=status,
    )


def database_is_busy(exc: BaseException) -> bool:
    """SQLite's ``database is locked`` (or ``… table is locked``) after the busy timeout ran out:
    the request may succeed if retried, unlike any other OperationalError."""
    return isinstance(exc, OperationalError) and "is locked" in str(exc)


#: Status codes an operation may document, with their meaning.
ERROR_STATUSES = (400, 401, 403, 404, 409, 422, 429)


def error_responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error part of an operation's ``response=`` mapping: 400 (a body that is not JSON),
    401 and 422 are always possible."""
    return {status: ErrorOut for status in sorted({400, 401, 422, *statuses})}


NOT_FOUND_MESSAGE = "未找到该对象，或您无权查看。"

#: Pydantic error types → Chinese messages (the rest say 「格式不正确。」).
_PYDANTIC_MESSAGES = {
    "missing": "此项为必填项。",
    "int_parsing": "请输入整数。",
    "int_type": "请输入整数。",
    "int_from_float": "请输入整数。",
    "float_parsing": "请输入数字。",
    "decimal_parsing": "请输入数字。",
    "bool_parsing": "请输入 true 或 false。",
    "string_type": "请输入文本。",
    "string_too_long": "内容过长。",
    "string_too_short": "内容过短。",
    "greater_than_equal": "数值过小。",
    "greater_than": "数值过小。",
    "less_than_equal": "数值过大。",
    "less_than": "数值过大。",
    "date_parsing": "日期格式应为 YYYY-MM-DD。",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD。",
    "datetime_parsing": "时间格式不正确。",
    "enum": "不是可选的值。",
    "literal_error": "不是可选的值。",
    "json_invalid": "请求体不是有效的 JSON。",
    "model_attributes_type": "应为 JSON 对象。",
    "dict_type": "应为 JSON 对象。",
    "list_type": "应为列表。",
    "extra_forbidden": "不接受该字段。",
}

_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file", "payload"}


def _field_name(loc: tuple | list) -> str:
    """``("body", "payload", "phone")`` → ``"phone"``: the body parameter's name is dropped."""
    loc = list(loc)
    if len(loc) > 2 and loc[0] == "body":
        loc = loc[2:]
    parts = [str(part) for part in loc if str(part) not in _LOCATIONS]
    return ".".join(parts) or "__all__"


def _pydantic_fields(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        message = _PYDANTIC_MESSAGES.get(error.get("type", ""), "格式不正确。")
        fields.setdefault(_field_name(error.get("loc", ())), []).append(message)
    return fields


def _django_fields(exc: DjangoValidationError) -> tuple[str, dict[str, list[str]]]:
    """The first stable code and the per-field messages of a Django ValidationError."""
    if hasattr(exc, "error_dict"):
        fields = {
            ("__all__" if field == "__all__" else field): [
                str(message) for error in errors for message in error.messages
            ]
            for field, errors in exc.error_dict.items()
        }
        codes = [error.code for errors in exc.error_dict.values() for error in errors]
    else:
        fields = {"__all__": [str(message) for message in exc.messages]}
        codes = [error.code for error in exc.error_list]
    return next((code for code in codes if code), "invalid"), fields


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    *,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    response = api.create_response(
        request,
        {"code": code, "message": str(message), "fields": fields or {}},
        status=status,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def install_error_handlers(api: NinjaAPI) -> None:
    """Answer every failure of ``api`` with the contract's JSON body."""

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return error_response(
            api,
            request,
            status=exc.status,
            code=exc.code,
            message=exc.message,
            fields=exc.fields,
            headers=exc.headers,
        )

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request, exc):
        return error_response(
            api, request, status=401, code="not_authenticated", message=_("请先登录。")
        )

    @api.exception_handler(Throttled)
    def throttled(request, exc: Throttled):
        headers = {"Retry-After": str(int(exc.wait))} if exc.wait else {}
        return error_response(
            api,
            request,
            status=429,
            code="throttled",
            message=_("请求过于频繁，请稍后再试。"),
            headers=headers,
        )

    @api.exception_handler(NinjaValidationError)
    def invalid_request(request, exc: NinjaValidationError):
        fields = _pydantic_fields(exc.errors)
        return error_response(
            api,
            request,
            status=422,
            code="invalid_input",
            message=_("提交的内容有误，请检查后重试。"),
            fields=fields,
        )

    @api.exception_handler(PydanticValidationError)
    def invalid_data(request, exc: PydanticValidationError):
        return error_response(
            api,
            request,
            status=422,
            code="invalid_input",
            message=_("提交的内容有误，请检查后重试。"),
            fields=_pydantic_fields(exc.errors()),
        )

    @api.exception_handler(DjangoValidationError)
    def invalid_by_rule(request, exc: DjangoValidationError):
        code, fields = _django_fields(exc)
        first = next(iter(message for messages in fields.values() for message in messages), "")
        return error_response(
            api,
            request,
            status=422,
            code=code,
            message=first or _("提交的内容有误，请检查后重试。"),
            fields={field: messages for field, messages in fields.items() if field != "__all__"},
        )

    @api.exception_handler(DataError)
    @api.exception_handler(UnicodeError)
    def unstorable(request, exc):
        """Text the database cannot hold (a NUL byte, a lone surrogate) is bad input, not a 500."""
        return error_response(
            api,
            request,
            status=422,
            code="invalid_characters",
            message=_("提交的内容含有无法保存的字符（如空字符）。"),
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc: PermissionDenied):
        return error_response(
            api,
            request,
            status=403,
            code=getattr(exc, "code", None) or "forbidden",  # a subclass may name its own
            message=str(exc) or _("您无权执行此操作。"),
        )

    @api.exception_handler(Http404)
    @api.exception_handler(ObjectDoesNotExist)
    def not_found(request, exc):
        return error_response(
            api, request, status=404, code="not_found", message=_(NOT_FOUND_MESSAGE)
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        code = STATUS_CODES.get(exc.status_code, "error")
        message = str(exc.message)
        if exc.status_code == 400:
            cause = exc.__cause__
            if isinstance(cause, BodyNotObject):
                code, message = "body_not_object", _("请求体应为 JSON 对象。")
            elif isinstance(cause, MultiPartParserError):
                message = _("请求体不是有效的 multipart 表单（缺少 boundary 或格式不正确）。")
            else:
                message = _("请求体不是有效的 JSON。")
        return error_response(api, request, status=exc.status_code, code=code, message=message)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return error_response(
            api,
            request,
            status=413,
            code="request_too_large",
            message=_("请求体过大，不能超过 %(limit)d KB。")
            % {"limit": (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) // 1024},
        )

    @api.exception_handler(MultiPartParserError)
    def bad_multipart(request, exc):
        return error_response(
            api,
            request,
            status=400,
            code="bad_request",
            message=_("请求体不是有效的 multipart 表单（缺少 boundary 或格式不正确）。"),
        )

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request, exc):
        request_logger.warning("Suspicious request to %s: %s", request.path, exc)
        return error_response(
            api, request, status=400, code="bad_request", message=status_message(400)
        )

    @api.exception_handler(Exception)
    def unexpected(request, exc: Exception):
        """A busy SQLite database is 503 with Retry-After; anything else is logged as Django
        logs a failed request and answered 500, never an HTML page."""
        if database_is_busy(exc):
            request_logger.warning("Database busy on %s: %s", request.path, exc)
            return error_response(
                api,
                request,
                status=503,
                code="database_busy",
                message=_("系统繁忙，请稍后再试。"),
                headers={"Retry-After": str(DATABASE_BUSY_RETRY_AFTER)},
            )
        request_logger.error(
            "Internal Server Error: %s", request.path, exc_info=exc, extra={"status_code": 500}
        )
        return error_response(
            api, request, status=500, code="server_error", message=status_message(500)
        )


@csrf_exempt
def app_api_not_found(request: HttpRequest) -> HttpResponse:
    """Any other address under /api/app/: 404 in the contract's shape (rather than the portal's
    HTML page), whatever the method: the API takes no CSRF token, so neither does this. Without
    its trailing slash an operation's address redirects as Django's APPEND_SLASH would, since
    this catch-all makes every address under /api/app/ resolve."""
    path = request.path_info
    if settings.APPEND_SLASH and not path.endswith("/") and request.method in ("GET", "HEAD"):
        try:
            match = resolve(path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not app_api_not_found:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return plain_error_response(status=404)

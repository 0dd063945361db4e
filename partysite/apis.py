"""Assembly of the two APIs.

- ``content_api``: the public Wagtail v2 content API (read-only, anonymous, cacheable).
- ``app_api``: the mobile app's own API (/api/app/, django-ninja, bearer tokens), with the
  routers of the kernel (partybuild.api: auth, me, messages, organisations, members, transfers,
  change requests), of each register's app (``partybuild.<app>.api``) and of content.api
  (notices, pages, home, tasks). Errors, pagination, types and bearer tokens are shared by all of
  them from ``partysite.api`` (``errors``, ``pagination``, ``types``, ``security``). Its OpenAPI
  schema is /api/app/openapi.json; docs at /api/app/docs unless ``APP_API_DOCS`` is off.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from wagtail.api.v2.router import WagtailAPIRouter

from content.api import (
    ContentDocumentsAPIViewSet,
    ContentImagesAPIViewSet,
    PublicPagesAPIViewSet,
)
from content.api import home as content_home
from content.api import notices as content_notices
from content.api import pages as content_pages
from content.api import tasks as content_tasks
from content.comments import api as content_comments
from partybuild.api import (
    auth,
    change_requests,
    me,
    member_logins,
    members,
    messages,
    organisations,
    transfers,
)
from partybuild.care import api as care
from partybuild.committees import api as committees
from partybuild.core.errors import RateLimited
from partybuild.dues import api as dues
from partybuild.learning import api as learning
from partybuild.memberservices.api import board, experiences, letters, suggestions, wishes
from partybuild.mobility import api as mobility
from partybuild.orglife import api as meetings
from partybuild.recruitment import api as recruitment
from partybuild.representatives import api as representatives
from partybuild.supervision import api as supervision
from partysite.api.errors import ObjectJSONParser, error_response, install_error_handlers
from partysite.api.security import AppTokenAuth

content_api = WagtailAPIRouter("wagtailapi")
content_api.register_endpoint("pages", PublicPagesAPIViewSet)
content_api.register_endpoint("images", ContentImagesAPIViewSet)
content_api.register_endpoint("documents", ContentDocumentsAPIViewSet)


class LocalTimeJSONEncoder(NinjaJSONEncoder):
    """Times in Asia/Shanghai (``2026-11-29T10:20:19+08:00``) rather than UTC, so the app shows
    the time people expect without converting."""

    def default(self, o):
        if isinstance(o, datetime.datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
        return super().default(o)


class LocalTimeJSONRenderer(JSONRenderer):
    """The app API's JSON renderer (see LocalTimeJSONEncoder)."""

    encoder_class = LocalTimeJSONEncoder


class AppAPI(NinjaAPI):
    """The app API; an operation's id is its view function's name (``notice_list``)."""

    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__


app_api = AppAPI(
    title="智慧党建 App API",
    version="1.0",
    description="移动端接口：登录、首页、我的、消息、任务、通知公告回执、受限内容与管理范围内的登记数据。",
    urls_namespace="app_api",
    auth=AppTokenAuth(),
    docs_url="/docs" if settings.APP_API_DOCS else None,
    renderer=LocalTimeJSONRenderer(),
    parser=ObjectJSONParser(),
)
install_error_handlers(app_api)


@app_api.exception_handler(RateLimited)
def rate_limited(request, exc: RateLimited):
    """A service's rate limit (partybuild.services.ratelimit): 429 with ``Retry-After``."""
    return error_response(
        app_api,
        request,
        status=429,
        code=exc.code,
        message=exc.message,
        headers={"Retry-After": str(exc.seconds)},
    )


app_api.add_router("/auth/", auth.router)
app_api.add_router("/me/", me.router)
app_api.add_router("/me/", dues.me_router)
app_api.add_router("/messages/", messages.router)
app_api.add_router("/orgs/", organisations.router)
app_api.add_router("/members/", members.router)
app_api.add_router("/member-logins/", member_logins.router)
app_api.add_router("/transfers/", transfers.router)
app_api.add_router("/change-requests/", change_requests.router)
app_api.add_router("/dues/", dues.router)
app_api.add_router("/recruitment/", recruitment.router)
app_api.add_router("/supervision/", supervision.router)
app_api.add_router("/meetings/", meetings.router)
app_api.add_router("/wishes/", wishes.router)
app_api.add_router("/experiences/", experiences.router)
app_api.add_router("/points/", experiences.points_router)
app_api.add_router("/notices/", content_notices.router)
app_api.add_router("/content/", content_pages.router)
app_api.add_router("/home/", content_home.router)
app_api.add_router("/tasks/", content_tasks.router)
app_api.add_router("/suggestions/", suggestions.router)
app_api.add_router("/letters/", letters.router)
app_api.add_router("/board/", board.router)
app_api.add_router("/representatives/", representatives.router)
app_api.add_router("/comments/", content_comments.router)
app_api.add_router("/branch/", committees.router)
app_api.add_router("/mobility/", mobility.router)
app_api.add_router("/care/", care.router)
app_api.add_router("/learning/", learning.router)

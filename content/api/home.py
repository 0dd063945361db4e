"""App API: 首页 — the app's home screen in one response."""

import datetime

from ninja import Router, Schema

from content.models import (
    DisclosurePage,
    DynamicIndexPage,
    DynamicPage,
    ExemplarIndexPage,
    ExemplarPage,
    NoticeIndexPage,
    VideoIndexPage,
    VideoPage,
)
from content.receipts import notice_list_for_member, notice_unread_count
from content.visibility import visible_pages
from partybuild.selectors.messages import message_unread_count
from partybuild.tasks import task_counts_for_user
from partysite.api.errors import error_responses

router = Router(tags=["首页"])

#: Items per module of the home screen.
HOME_ITEMS = 5


class HomeItem(Schema):
    id: int
    title: str
    date: datetime.date
    summary: str
    is_read: bool | None = None


class HomeModule(Schema):
    section_id: int | None
    items: list[HomeItem]


class HomeOut(Schema):
    notices: HomeModule
    unread_notice_count: int
    dynamics: HomeModule
    disclosures: HomeModule
    exemplars: HomeModule
    videos: HomeModule
    unread_message_count: int
    pending_task_count: int


def _item(page, *, with_read: bool = False) -> dict:
    data = {"id": page.pk, "title": page.title, "date": page.date, "summary": page.summary}
    if with_read:
        data["is_read"] = bool(page.is_read)
    return data


def _section_id(model) -> int | None:
    return model.objects.live().values_list("pk", flat=True).first()


def _latest(queryset) -> list:
    return list(queryset.order_by("-date", "-pk")[:HOME_ITEMS])


@router.get(
    "", response={200: HomeOut, **error_responses()}, summary="首页：各模块最新内容与未读数"
)
def home_detail(request):
    user = request.user
    return {
        "notices": {
            "section_id": _section_id(NoticeIndexPage),
            "items": [
                _item(page, with_read=True)
                for page in notice_list_for_member(user=user)[:HOME_ITEMS]
            ],
        },
        "unread_notice_count": notice_unread_count(user=user),
        "dynamics": {
            "section_id": _section_id(DynamicIndexPage),
            "items": [_item(p) for p in _latest(DynamicPage.objects.live().public())],
        },
        "disclosures": {
            "section_id": None,
            "items": [
                _item(p) for p in _latest(visible_pages(DisclosurePage.objects.live(), user=user))
            ],
        },
        "exemplars": {
            "section_id": _section_id(ExemplarIndexPage),
            "items": [_item(p) for p in _latest(ExemplarPage.objects.live().public())],
        },
        "videos": {
            "section_id": _section_id(VideoIndexPage),
            "items": [_item(p) for p in _latest(VideoPage.objects.live().public())],
        },
        "unread_message_count": message_unread_count(user=user),
        "pending_task_count": sum(task_counts_for_user(user=user).values()),
    }

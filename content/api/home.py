"""App API: 首页 — the app's home screen in one response: the carousel of featured news and
dynamics with their pictures, the latest of each module (with thumbnails where the section has
pictures), my unread counts, and which of the member modules apply to me."""

import datetime

from django.contrib.contenttypes.models import ContentType
from ninja import Router, Schema
from pydantic import Field
from wagtail.models import Page

from content.api.media import (
    FEATURED_RENDITION,
    PORTRAIT_RENDITION,
    THUMBNAIL_RENDITION,
    first_image_id,
    images_by_id,
    rendition_url,
)
from content.models import (
    DisclosurePage,
    DynamicIndexPage,
    DynamicPage,
    ExemplarIndexPage,
    ExemplarPage,
    NewsIndexPage,
    NewsPage,
    NoticeIndexPage,
    VideoIndexPage,
    VideoPage,
)
from content.receipts import notice_list_for_member, notice_unread_count
from content.visibility import visible_pages
from partybuild.member_modules import member_modules_for_user
from partybuild.selectors.members import member_for_user
from partybuild.selectors.messages import message_unread_count
from partybuild.tasks import task_counts_for_user
from partysite.api.errors import error_responses

router = Router(tags=["首页"])

#: Items per module of the home screen.
HOME_ITEMS = 5
#: Items of the carousel, and how many of the newest news and dynamics are looked at for them.
FEATURED_ITEMS = 5
FEATURED_PER_TYPE = 3
FEATURED_CANDIDATES = 10


#: The 发展党员 statuses in which the candidate follows their own process (申请人 to 预备党员).
class HomeItem(Schema):
    id: int
    title: str
    date: datetime.date
    summary: str
    is_read: bool | None = None
    image_url: str | None = Field(
        None,
        description="缩略图地址（党建动态、重要新闻、本地影视为 480×270，党员风采为 300×400）；"
        "没有图片时为空",
    )


class HomeModule(Schema):
    section_id: int | None
    items: list[HomeItem]


class HomeFeatured(Schema):
    """An item of the carousel: a 重要新闻 or 党建动态 with a picture."""

    id: int
    type: str = Field(description="news：重要新闻；dynamic：党建动态")
    type_label: str
    title: str
    date: datetime.date
    summary: str
    image_url: str = Field(description="图片地址（750×400 裁切）")


class HomeModules(Schema):
    """Which member modules apply to the caller (the app shows only these entries)."""

    dues: bool = Field(description="党费：有党员档案")
    meetings: bool = Field(description="三会一课：有党员档案")
    recruitment: bool = Field(description="发展党员：本人是培养中的入党申请人或预备党员")
    wishes: bool = Field(description="微心愿：有党员档案")
    experiences: bool = Field(description="微心得：有党员档案")
    suggestions: bool = Field(description="意见建议：在册党员")
    letters: bool = Field(description="书记信箱：在册党员，且管理部门已设置书记信箱接收邮箱")
    board: bool = Field(description="留言板：在册党员")
    learning: bool = Field(False, description="学习教育：在册党员")


class HomeOut(Schema):
    notices: HomeModule
    unread_notice_count: int
    dynamics: HomeModule
    disclosures: HomeModule
    exemplars: HomeModule
    videos: HomeModule
    unread_message_count: int
    pending_task_count: int
    news: HomeModule
    featured: list[HomeFeatured] = Field(description="轮播：最新的有图片的重要新闻和党建动态")
    modules: HomeModules


def _item(page, *, with_read: bool = False, image_url: str | None = None) -> dict:
    data = {
        "id": page.pk,
        "title": page.title,
        "date": page.date,
        "summary": page.summary,
        "image_url": image_url,
    }
    if with_read:
        data["is_read"] = bool(page.is_read)
    return data


def _section_ids(*models) -> dict:
    """The id of the live section page of each of ``models`` (None when there is none; the
    first in the tree should there be more), in one query."""
    content_types = ContentType.objects.get_for_models(*models)
    by_type = {content_types[model].pk: model for model in models}
    found = dict(
        Page.objects.live()
        .filter(content_type__in=by_type)
        .order_by("-path")
        .values_list("content_type", "pk")
    )
    return {model: found.get(content_type) for content_type, model in by_type.items()}


def _latest(queryset, count: int = HOME_ITEMS) -> list:
    return list(queryset.order_by("-date", "-pk")[:count])


def _featured(news: list, dynamics: list, images: dict) -> list[dict]:
    """The carousel: of each of news and dynamics, the newest that have a picture (at most
    ``FEATURED_PER_TYPE`` each, so that one busy section does not hide the other), newest
    first."""
    chosen = []
    for pages, kind, label in ((news, "news", "重要新闻"), (dynamics, "dynamic", "党建动态")):
        with_picture = []
        for page in pages:
            url = rendition_url(images.get(first_image_id(page)), FEATURED_RENDITION)
            if url is not None:
                with_picture.append((page, kind, label, url))
            if len(with_picture) == FEATURED_PER_TYPE:
                break
        chosen += with_picture
    chosen.sort(key=lambda row: (row[0].date, row[0].pk), reverse=True)
    return [
        {
            "id": page.pk,
            "type": kind,
            "type_label": label,
            "title": page.title,
            "date": page.date,
            "summary": page.summary,
            "image_url": url,
        }
        for page, kind, label, url in chosen[:FEATURED_ITEMS]
    ]


def home_modules(*, user) -> dict:
    """Which member modules apply to ``user`` (see HomeModules)."""
    member = member_for_user(user=user)
    on_roll = member is not None and member.is_on_roll
    registered = member_modules_for_user(user=user, member=member)
    return {
        "dues": member is not None,
        "meetings": member is not None,
        "recruitment": registered.get("recruitment", False),
        "wishes": member is not None,
        "experiences": member is not None,
        "suggestions": on_roll,
        "letters": registered.get("letters", False),
        "board": on_roll,
        "learning": registered.get("learning", False),
    }


@router.get(
    "", response={200: HomeOut, **error_responses()}, summary="首页：各模块最新内容与未读数"
)
def home_detail(request):
    user = request.user
    # One look at the view restrictions for every list, and one query for the sections' ids.
    private = Page.objects.private_q()
    news = _latest(NewsPage.objects.live().exclude(private), FEATURED_CANDIDATES)
    dynamics = _latest(DynamicPage.objects.live().exclude(private), FEATURED_CANDIDATES)
    exemplars = _latest(ExemplarPage.objects.live().exclude(private))
    videos = _latest(VideoPage.objects.live().exclude(private))
    sections = _section_ids(
        NoticeIndexPage, DynamicIndexPage, ExemplarIndexPage, VideoIndexPage, NewsIndexPage
    )
    landscape = {page.pk: first_image_id(page) for page in [*news, *dynamics]}
    images = images_by_id(
        [
            *landscape.values(),
            *(page.photo_id for page in exemplars),
            *(page.cover_id for page in videos),
        ],
        FEATURED_RENDITION,
        THUMBNAIL_RENDITION,
        PORTRAIT_RENDITION,
    )

    def thumbnail(page) -> str | None:
        return rendition_url(images.get(landscape.get(page.pk)), THUMBNAIL_RENDITION)

    return {
        "notices": {
            "section_id": sections[NoticeIndexPage],
            "items": [
                _item(page, with_read=True)
                for page in notice_list_for_member(user=user)[:HOME_ITEMS]
            ],
        },
        "unread_notice_count": notice_unread_count(user=user),
        "dynamics": {
            "section_id": sections[DynamicIndexPage],
            "items": [_item(p, image_url=thumbnail(p)) for p in dynamics[:HOME_ITEMS]],
        },
        "disclosures": {
            "section_id": None,
            "items": [
                _item(p) for p in _latest(visible_pages(DisclosurePage.objects.live(), user=user))
            ],
        },
        "exemplars": {
            "section_id": sections[ExemplarIndexPage],
            "items": [
                _item(p, image_url=rendition_url(images.get(p.photo_id), PORTRAIT_RENDITION))
                for p in exemplars
            ],
        },
        "videos": {
            "section_id": sections[VideoIndexPage],
            "items": [
                _item(p, image_url=rendition_url(images.get(p.cover_id), THUMBNAIL_RENDITION))
                for p in videos
            ],
        },
        "unread_message_count": message_unread_count(user=user),
        "pending_task_count": sum(task_counts_for_user(user=user).values()),
        "news": {
            "section_id": sections[NewsIndexPage],
            "items": [_item(p, image_url=thumbnail(p)) for p in news[:HOME_ITEMS]],
        },
        "featured": _featured(news, dynamics, images),
        "modules": home_modules(user=user),
    }

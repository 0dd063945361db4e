"""The member app's 首页 in Chromium: a member signs in and sees the carousel with its picture
and the unread notice; opening the notice records the read receipt and the home's unread mark
and count drop; an article opens with its picture. At phone size, and once at desktop size;
nothing wider than the screen, no console errors."""

import datetime

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from django.urls import re_path
from django.views.static import serve
from wagtail.images.models import Image

from content.models import DynamicIndexPage, DynamicPage, NoticeReceipt
from partybuild.models import User
from partysite.urls import urlpatterns as site_urlpatterns
from tests.api.factories import publish_notice
from tests.browser.app import (
    DESKTOP,
    PHONE,
    app_sign_in,
    assert_fits,
    assert_no_errors,
    needs_app_build,
    shot,
)
from tests.conftest import PASSWORD

# The site's addresses and its uploaded files (served by the web server in production, by
# Django only with DEBUG), so that the pictures load.
urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]

pytestmark = [
    needs_app_build,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls(__name__),
]


@pytest.fixture
def member(tree, member_factory):
    person = member_factory("一支部")
    person.user = User.objects.create_user(username="apphome", password=PASSWORD, name="李红")
    person.save(update_fields=["user"])
    return person


@pytest.fixture
def content(tmp_path):
    from PIL import Image as PILImage

    path = tmp_path / "activity.png"
    PILImage.new("RGB", (1200, 675), (190, 40, 40)).save(path)
    with path.open("rb") as handle:
        picture = Image.objects.create(
            title="活动现场", file=ImageFile(handle, name="activity.png")
        )
    dynamic = DynamicPage(
        title="一支部开展主题党日活动",
        date=datetime.date(2026, 11, 20),
        summary="一支部组织党员重温入党誓词。",
        body=[("paragraph", "<p>全体党员重温入党誓词。</p>")],
        gallery=[("image", {"image": picture, "caption": "重温入党誓词"})],
    )
    DynamicIndexPage.objects.first().add_child(instance=dynamic)
    dynamic.save_revision().publish()
    notice = publish_notice("关于召开专题组织生活会的通知")
    return {"dynamic": dynamic, "notice": notice}


def loaded(locator) -> bool:
    return locator.evaluate("image => image.complete && image.naturalWidth > 0")


def test_member_reads_the_notice_and_an_article_on_a_phone(member, content, page, live_server):
    page.set_viewport_size(PHONE)
    app_sign_in(page, live_server.url, "apphome", PASSWORD)
    page.wait_for_url(f"{live_server.url}/app/")

    carousel = page.locator(".carousel-item img").first
    carousel.wait_for()
    page.wait_for_function("img => img.complete", arg=carousel.element_handle())
    assert loaded(carousel)
    assert page.locator(".carousel-title").first.inner_text() == "一支部开展主题党日活动"
    unread = page.locator(".notice-row[data-unread]")
    assert unread.count() == 1
    assert "关于召开专题组织生活会的通知" in unread.inner_text()
    assert page.get_by_test_id("unread-notice-count").inner_text() == "1 条未读"
    badge = page.locator(".van-tabbar .van-badge")
    badge.wait_for()
    assert badge.inner_text() == "1"
    assert page.locator(".entry-text", has_text="发展党员").count() == 0
    shot(page, "app-home-390-home")
    assert_fits(page)

    unread.click()
    page.wait_for_url(f"**/app/notices/{content['notice'].pk}")
    page.get_by_test_id("notice-read").wait_for()
    assert page.locator("h1").inner_text() == "关于召开专题组织生活会的通知"
    assert NoticeReceipt.objects.filter(notice=content["notice"], member=member).exists()
    shot(page, "app-home-390-notice")
    assert_fits(page)

    page.get_by_text("返回").click()
    page.wait_for_url(f"{live_server.url}/app/")
    page.locator(".notice-row").first.wait_for()
    assert page.locator(".notice-row[data-unread]").count() == 0
    assert page.get_by_test_id("unread-notice-count").count() == 0
    badge.wait_for(state="detached")
    shot(page, "app-home-390-home-read")

    page.locator(".carousel-item").first.click()
    page.wait_for_url(f"**/app/articles/{content['dynamic'].pk}")
    picture = page.locator(".gallery-item img").first
    picture.wait_for()
    page.wait_for_function("img => img.complete", arg=picture.element_handle())
    assert loaded(picture)
    assert page.get_by_text("重温入党誓词", exact=True).count() == 1
    assert page.get_by_test_id("offline-copy").count() == 0
    shot(page, "app-home-390-article")
    assert_fits(page)
    assert_no_errors(page)


def test_home_and_article_at_desktop_size(member, content, page, live_server):
    page.set_viewport_size(DESKTOP)
    app_sign_in(page, live_server.url, "apphome", PASSWORD)
    page.locator(".carousel-item img").first.wait_for()
    page.locator(".notice-row").first.wait_for()
    shot(page, "app-home-1366-home")
    assert_fits(page)
    page.goto(f"{live_server.url}/app/articles/{content['dynamic'].pk}")
    page.locator(".gallery-item img").first.wait_for()
    shot(page, "app-home-1366-article")
    assert_fits(page)
    assert_no_errors(page)

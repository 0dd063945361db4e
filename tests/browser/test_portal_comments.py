"""评论 on a 党建动态 in a real browser on a 390 px phone: a member signs in on the portal, reads
the approved comment and the editor's reply, posts a comment and reads that it waits for
moderation; nothing scrolls sideways and the portal's Content-Security-Policy holds.

``SCREENSHOT_DIR`` set: the phone's screen after posting is saved there as
``portal_comment_390.png``."""

import datetime
import os
from pathlib import Path

import pytest

from content.comments.models import Comment, CommentStatus
from content.comments.services import comment_create, comment_reply
from content.models import DynamicPage, OrganisationDynamicIndexPage
from partybuild.models import User
from tests.api.conftest import make_member_account
from tests.conftest import PASSWORD

# serialized_rollback: see test_admin_date_pickers.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def dynamic(tree, superuser):
    """A 党建动态 of 一支部 with an approved comment and the branch's reply."""
    page = DynamicPage(
        title="一支部开展“七一”主题党日活动",
        slug="theme-day",
        summary="支部组织党员重温入党誓词，参观革命历史纪念馆。",
    )
    OrganisationDynamicIndexPage.objects.get(organisation=tree["first"]).add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    reader = make_member_account(
        "reader", tree["second"], phone="13800138002", birth=datetime.date(1985, 3, 9)
    )
    comment = comment_create(user=reader, page=page, text="活动很有意义，值得我们支部学习。")
    comment_reply(comment=comment, reply="谢谢！欢迎二支部的同志一起参加。", actor=superuser)
    return page


@pytest.fixture
def member(tree):
    user = make_member_account(
        "phone", tree["first"], phone="13800138001", birth=datetime.date(1980, 5, 17)
    )
    User.objects.filter(pk=user.pk).update(name="张红")
    return user


def test_a_member_posts_a_comment_on_a_phone(dynamic, member, page, live_server):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{dynamic.url}")
    assert page.locator("#comments").get_by_text("活动很有意义").count() == 1
    with page.expect_navigation():
        page.locator("#comments a", has_text="登录").click()
    page.fill("input[name=username]", "phone")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url.endswith(f"{dynamic.url}#comments")

    page.fill("#comments textarea[name=text]", "学习了！我们支部下周也组织一次。")
    with page.expect_navigation():
        page.click("#comments button[type=submit]")
    notice = page.locator("#comments .messages")
    assert "评论已提交，审核通过后显示" in notice.inner_text()
    mine = page.locator("#comments .comment.is-pending")
    assert "学习了！我们支部下周也组织一次。" in mine.inner_text()
    assert "待审核" in mine.inner_text()
    assert Comment.objects.get(author=member).status == CommentStatus.PENDING

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not page.errors, page.errors
    assert not page.console_errors, page.console_errors
    assert not [text for text in console if "Content Security Policy" in text]
    if os.environ.get("SCREENSHOT_DIR"):
        page.locator("#comments").scroll_into_view_if_needed()
        page.screenshot(path=str(Path(os.environ["SCREENSHOT_DIR"]) / "portal_comment_390.png"))

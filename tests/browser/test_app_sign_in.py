"""The member app's 登录 in Chromium at phone and desktop size: a member signs in, lands where
they were going, sees the tab bar with the unread badge, and signs in again after the session
expires; no console errors, nothing wider than the screen."""

import pytest
from wagtail.models import APIToken

from partybuild.models import Message, User
from tests.browser.app import (
    DESKTOP,
    PHONE,
    assert_fits,
    assert_no_errors,
    needs_app_build,
    shot,
)
from tests.conftest import PASSWORD

pytestmark = [needs_app_build, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def member(tree, member_factory):
    person = member_factory("一支部")
    person.user = User.objects.create_user(username="applogin", password=PASSWORD, name=person.name)
    person.save(update_fields=["user"])
    for number in range(3):
        Message.objects.create(recipient=person.user, title=f"第{number + 1}条消息", body="内容")
    return person


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_member_signs_in_and_returns_after_expiry(member, page, live_server, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/app/messages")
    page.wait_for_url("**/app/login?next=/messages")
    shot(page, f"sign-in-{viewport['width']}-login")
    assert_fits(page)

    page.get_by_placeholder("账号或手机号码").fill("applogin")
    page.get_by_placeholder("密码", exact=True).fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    page.get_by_text("账号或密码不正确").first.wait_for()

    page.get_by_placeholder("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/app/messages")
    page.get_by_text("第3条消息").wait_for()
    assert page.locator(".van-tabbar .van-badge").inner_text() == "3"
    shot(page, f"sign-in-{viewport['width']}-messages")
    assert_fits(page)

    APIToken.objects.all().delete()
    page.goto(f"{live_server.url}/app/me")
    page.wait_for_url("**/app/login?next=/me**")
    page.get_by_text("登录已过期").wait_for()
    page.get_by_placeholder("账号或手机号码").fill("applogin")
    page.get_by_placeholder("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/app/me")
    assert_no_errors(page)


def test_secretary_has_the_supervision_tab_and_a_member_not(
    member, make_admin, tree, page, live_server
):
    make_admin("appsecretary", tree["first"])
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/app/login")
    page.get_by_placeholder("账号或手机号码").fill("appsecretary")
    page.get_by_placeholder("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/app/")
    tabs = page.locator(".van-tabbar-item__text")
    tabs.first.wait_for()
    assert tabs.all_inner_texts() == ["首页", "消息", "督查", "我的"]
    shot(page, "sign-in-secretary-tabs")
    assert_fits(page)

    page.evaluate("localStorage.clear()")
    page.goto(f"{live_server.url}/app/login")
    page.get_by_placeholder("账号或手机号码").fill("applogin")
    page.get_by_placeholder("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/app/")
    page.locator(".van-tabbar-item").first.wait_for()
    assert page.locator(".van-tabbar-item__text").all_inner_texts() == ["首页", "消息", "我的"]
    assert_no_errors(page)

"""The member app's services in Chromium at phone size (390×844): a member writes a 微心得 with a
photo (it waits as 待审核 in 我的, the photo stored and shown through the token-checked file
view), sends a 意见建议 — anonymously where 便民服务设置 allow it, which then keeps no trace in
我的 — and claims a 微心愿; nothing wider than the screen, no console errors."""

import io

import pytest
from PIL import Image as PillowImage

from partybuild.memberservices.models import MicroExperience, Suggestion
from partybuild.models import User
from tests.browser.app import (
    PHONE,
    app_sign_in,
    assert_fits,
    assert_no_errors,
    needs_app_build,
    shot,
)
from tests.conftest import PASSWORD
from tests.partybuild.memberservices.test_suggestions import set_service_settings
from tests.partybuild.memberservices.test_wishes_api import make_wish

pytestmark = [needs_app_build, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def member(tree, member_factory):
    person = member_factory("一支部")
    person.user = User.objects.create_user(
        username="svcmember", password=PASSWORD, name=person.name
    )
    person.save(update_fields=["user"])
    return person


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "学习笔记.png"
    buffer = io.BytesIO()
    PillowImage.new("RGB", (64, 48), (200, 22, 29)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_member_posts_an_experience_with_a_photo(member, photo, page, live_server):
    page.set_viewport_size(PHONE)
    app_sign_in(page, live_server.url, "svcmember", PASSWORD, next_path="/experiences/new")
    page.wait_for_url("**/app/experiences/new")

    page.get_by_role("button", name="提交审核").click()
    page.get_by_text("请填写标题").wait_for()
    shot(page, "services-experience-required")

    page.get_by_placeholder("一句话概括您的心得").fill("学习党章的体会")
    page.get_by_placeholder("写下您的学习体会、工作感悟……").fill("逐条学习党章，对照检查自身不足。")
    page.locator(".photo-field input[type=file]").set_input_files(str(photo))
    page.locator(".photo-field .van-uploader__preview-image").wait_for()
    shot(page, "services-experience-form")
    assert_fits(page)

    page.get_by_role("button", name="提交审核").click()
    page.wait_for_url("**/app/experiences?tab=mine")
    card = page.locator(".svc-card", has_text="学习党章的体会")
    card.get_by_text("待审核").wait_for()
    # The photo comes through /files/ with the member's token, shown from memory.
    card.locator("img[src^='blob:']").wait_for()
    shot(page, "services-experience-mine")
    assert_fits(page)

    experience = MicroExperience.objects.get(title="学习党章的体会")
    assert experience.status == "pending"
    assert experience.author == member
    assert experience.image is not None and experience.image.kind == "image"
    assert experience.image.size > 0
    assert experience.attachment is None
    assert_no_errors(page)


def test_member_sends_a_suggestion_and_claims_a_wish(member, tree, page, live_server):
    set_service_settings(suggestions_anonymous_allowed=False)
    wish = make_wish(tree["first"], title="一台助听器")
    page.set_viewport_size(PHONE)
    app_sign_in(page, live_server.url, "svcmember", PASSWORD, next_path="/suggestions")
    page.wait_for_url("**/app/suggestions")
    page.get_by_text("您还没有提交过意见建议").wait_for()

    # Without the setting there is no anonymous switch.
    page.get_by_role("button", name="提意见建议").click()
    page.get_by_placeholder("简要说明您的意见建议").wait_for()
    assert page.get_by_text("匿名提交").count() == 0
    page.get_by_placeholder("简要说明您的意见建议").fill("建议增加线上学习资料")
    page.get_by_placeholder("请具体描述问题和建议").fill("希望定期推送学习资料，方便外出党员学习。")
    page.get_by_role("button", name="提交", exact=True).click()
    page.locator(".svc-card", has_text="建议增加线上学习资料").get_by_text("待处理").wait_for()
    shot(page, "services-suggestion-named")
    assert_fits(page)

    set_service_settings(suggestions_anonymous_allowed=True)
    page.reload()
    page.get_by_role("button", name="提意见建议").click()
    page.get_by_placeholder("简要说明您的意见建议").fill("食堂用餐时间")
    page.get_by_placeholder("请具体描述问题和建议").fill("建议延长午餐时间。")
    page.get_by_role("switch", name="匿名提交").click()
    page.get_by_text("提交后不会出现在「我的意见建议」中").wait_for()
    page.locator(".van-switch--on").wait_for()
    page.wait_for_timeout(300)
    shot(page, "services-suggestion-anonymous")
    assert_fits(page)
    page.get_by_role("button", name="匿名提交").click()
    page.get_by_text("已匿名提交").wait_for()

    anonymous = Suggestion.objects.get(title="食堂用餐时间")
    assert anonymous.is_anonymous and anonymous.submitter is None
    named = Suggestion.objects.get(title="建议增加线上学习资料")
    assert not named.is_anonymous and named.submitter == member.user
    page.reload()
    page.locator(".svc-card", has_text="建议增加线上学习资料").wait_for()
    assert page.get_by_text("食堂用餐时间").count() == 0

    page.goto(f"{live_server.url}/app/wishes")
    page.get_by_text("一台助听器").click()
    page.wait_for_url(f"**/app/wishes/{wish.pk}")
    page.get_by_text("139****5678").wait_for()
    shot(page, "services-wish-detail")
    assert_fits(page)
    page.get_by_role("button", name="认领这个心愿").click()
    page.get_by_role("button", name="确定认领").click()
    page.get_by_role("button", name="登记完成情况").wait_for()
    page.get_by_text("杭州市西湖区").wait_for()
    page.locator(".van-dialog").wait_for(state="hidden")
    page.locator(".van-toast").wait_for(state="hidden")
    shot(page, "services-wish-claimed")
    assert_fits(page)
    wish.refresh_from_db()
    assert wish.status == "claimed" and wish.claimed_by == member

    page.goto(f"{live_server.url}/app/wishes?tab=mine")
    page.locator(".svc-card", has_text="一台助听器").get_by_text("待登记完成情况").wait_for()
    shot(page, "services-wish-mine")
    assert_fits(page)
    assert_no_errors(page)

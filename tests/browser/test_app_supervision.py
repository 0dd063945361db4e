"""党建督查 in the member app on a 390 px phone: a branch secretary answers a supervision task
with a photo taken by the phone's camera (the file input of the camera uploader), and the
issuing side returns it with a comment, after being told that 退回 needs one."""

import datetime
import io

import pytest
from PIL import Image

from partybuild.supervision.models import AssignmentStatus, InspectionAssignment
from partybuild.supervision.services import inspection_task_create, inspection_task_issue
from tests.browser.app import (
    PHONE,
    app_sign_in,
    assert_fits,
    assert_no_errors,
    needs_app_build,
    shot,
)
from tests.conftest import PASSWORD

pytestmark = [needs_app_build, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def assignment(tree, make_admin):
    """A task of 一总支 issued to 一支部 and 二支部; the secretaries of 一支部 and 一总支."""
    make_admin("branch_secretary", tree["first"])
    make_admin("general_secretary", tree["general"])
    task = inspection_task_create(
        issuer=tree["general"],
        subject="第三季度“三会一课”落实情况督查",
        requirements="请上传支部党员大会的会议记录及签到表照片。",
        deadline=datetime.date.today() + datetime.timedelta(days=10),
        actor=None,
    )
    inspection_task_issue(task=task, targets=[tree["first"], tree["second"]], actor=None)
    return InspectionAssignment.objects.get(task=task, organisation=tree["first"])


def _photo() -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 22, 29)).save(buffer, format="PNG")
    return {"name": "签到表.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


# The database fixtures come before ``page``, so their writes happen before the browser starts.
def test_branch_responds_with_a_photo_and_the_issuer_returns_it(assignment, page, live_server):
    page.set_viewport_size(PHONE)
    app_sign_in(page, live_server.url, "branch_secretary", PASSWORD, "/supervision")
    page.get_by_text("第三季度“三会一课”落实情况督查").wait_for()
    assert page.locator(".van-tabbar").get_by_text("督查").is_visible()
    shot(page, "supervision-390-todo")
    assert_fits(page)

    page.get_by_text("第三季度“三会一课”落实情况督查").click()
    page.wait_for_url(f"**/app/supervision/assignments/{assignment.pk}")
    page.get_by_text("请上传支部党员大会的会议记录及签到表照片。").wait_for()

    # Without text the form says so next to the field and sends nothing.
    page.get_by_role("button", name="提交反馈").click()
    page.get_by_text("请填写反馈内容。").wait_for()

    page.locator("textarea[name=response]").fill("已召开支部党员大会，签到表见照片。")
    camera = page.locator('.van-uploader input[type=file][capture="environment"]')
    camera.set_input_files(_photo())
    page.locator(".van-uploader__preview-image").first.wait_for()
    shot(page, "supervision-390-response")
    assert_fits(page)
    page.get_by_role("button", name="提交反馈").click()
    page.locator(".van-tag", has_text="已反馈").first.wait_for()
    page.locator(".photos img").first.wait_for()  # the photo, fetched with the token

    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.SUBMITTED
    assert assignment.response == "已召开支部党员大会，签到表见照片。"
    (attachment,) = assignment.attachments.select_related("document")
    assert attachment.document.original_name == "签到表.png"
    assert attachment.document.size > 0
    assert page.locator("textarea[name=response]").count() == 0
    shot(page, "supervision-390-submitted")
    assert_fits(page)
    assert_no_errors(page)

    # The issuing side: 退回 needs a comment, then the branch is asked to answer again.
    page.evaluate("localStorage.clear()")
    app_sign_in(
        page,
        live_server.url,
        "general_secretary",
        PASSWORD,
        f"/supervision/assignments/{assignment.pk}",
    )
    page.get_by_text("已召开支部党员大会，签到表见照片。").wait_for()
    page.get_by_role("button", name="退回").click()
    page.get_by_text("退回时请填写审核意见。").wait_for()
    page.locator("textarea[name=comment]").fill("签到表照片不清楚，请重新拍摄。")
    page.get_by_role("button", name="退回").click()
    page.get_by_role("button", name="确认").click()
    page.locator(".van-tag", has_text="已退回").first.wait_for()
    page.locator(".review-comment", has_text="签到表照片不清楚，请重新拍摄。").wait_for()
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.RETURNED
    assert assignment.review_comment == "签到表照片不清楚，请重新拍摄。"
    assert page.get_by_role("button", name="通过").count() == 0
    shot(page, "supervision-390-returned")
    assert_fits(page)

    page.goto(f"{live_server.url}/app/supervision/tasks")
    page.get_by_text("共 2 个支部 · 待反馈 2").wait_for()
    assert_fits(page)
    assert_no_errors(page)

"""The member app's 我的 in Chromium at phone size: a member opens 我的, reads their dossier with
the ID and mobile numbers masked, signs up for a published meeting and checks in with its code
(a wrong code first), asks for leave from another with a reason, and signs out; the attendance
rows say so, nothing is wider than the screen and the console stays clean."""

import datetime

import pytest
from django.utils import timezone

from partybuild.committees.services import Seat, committee_term_register
from partybuild.core.validators import id_number_check_character
from partybuild.models import User
from partybuild.orglife.models import MeetingAttendee
from partybuild.orglife.services.meetings import meeting_create, meeting_publish
from tests.browser.app import (
    PHONE,
    app_sign_in,
    assert_fits,
    assert_no_errors,
    needs_app_build,
    shot,
)
from tests.browser.layout import lines_of
from tests.conftest import PASSWORD

pytestmark = [needs_app_build, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ID_FIRST17 = "43082219800101123"
ID_NUMBER = ID_FIRST17 + id_number_check_character(ID_FIRST17)
PHONE_NUMBER = "13912345678"


def _published(organisation, *, topic: str, starts_in: datetime.timedelta):
    start = timezone.now() + starts_in
    meeting = meeting_create(
        organisation=organisation,
        actor=None,
        kind="theme_day",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="党员活动室",
        topic=topic,
    )
    return meeting_publish(meeting=meeting, actor=None)


@pytest.fixture
def member(tree, member_factory):
    person = member_factory("一支部", id_number=ID_NUMBER, phone=PHONE_NUMBER)
    person.user = User.objects.create_user(username="applogin", password=PASSWORD, name=person.name)
    person.save(update_fields=["user"])
    return person


def test_member_reads_dossier_signs_up_checks_in_and_asks_leave(member, tree, page, live_server):
    soon, later = datetime.timedelta(minutes=10), datetime.timedelta(days=3)
    now_meeting = _published(tree["first"], topic="主题党日：重温入党誓词", starts_in=soon)
    later_meeting = _published(tree["first"], topic="专题学习会", starts_in=later)
    page.set_viewport_size(PHONE)
    app_sign_in(page, live_server.url, "applogin", PASSWORD, next_path="/me")

    page.get_by_text("一支部").first.wait_for()
    page.get_by_text("正式党员").first.wait_for()
    shot(page, "mine-390-me")
    assert_fits(page)

    page.get_by_text("我的档案").click()
    page.wait_for_url("**/app/me/dossier")
    page.get_by_text("公民身份号码").wait_for()
    text = page.locator("body").inner_text()
    assert ID_NUMBER not in text and PHONE_NUMBER not in text
    assert f"{ID_NUMBER[:3]}{'*' * 11}{ID_NUMBER[-4:]}" in text
    assert "139****5678" in text
    shot(page, "mine-390-dossier")
    assert_fits(page)

    page.goto(f"{live_server.url}/app/me/meetings")
    page.get_by_text("专题学习会").wait_for()
    shot(page, "mine-390-meetings")
    assert_fits(page)
    page.get_by_text("主题党日：重温入党誓词").click()
    page.wait_for_url(f"**/app/me/meetings/{now_meeting.pk}")
    page.get_by_role("button", name="报名参加").click()
    page.locator(".van-tag", has_text="已报名").wait_for()
    wrong = "000000" if now_meeting.check_in_code != "000000" else "111111"
    page.get_by_placeholder("请输入签到码").fill(wrong)
    page.get_by_role("button", name="签到", exact=True).click()
    page.get_by_text("签到码不正确").wait_for()
    shot(page, "mine-390-meeting-wrong-code")
    assert_fits(page)
    page.get_by_placeholder("请输入签到码").fill(now_meeting.check_in_code)
    page.get_by_role("button", name="签到", exact=True).click()
    page.get_by_text("您已签到").wait_for()
    shot(page, "mine-390-meeting-checked-in")
    assert_fits(page)
    attendee = MeetingAttendee.objects.get(meeting=now_meeting, member=member)
    assert attendee.response == "signed_up"
    assert attendee.attended and attendee.checked_in_at is not None
    assert attendee.checked_in_by_id is None  # checked in by the member, with the code

    page.goto(f"{live_server.url}/app/me/meetings/{later_meeting.pk}")
    page.get_by_role("button", name="请假").click()
    dialog = page.locator(".van-dialog")
    dialog.get_by_role("button", name="提交").click()
    dialog.get_by_text("请填写请假事由").wait_for()
    dialog.get_by_placeholder("请填写请假事由（必填）").fill("外出培训")
    shot(page, "mine-390-meeting-leave")
    dialog.get_by_role("button", name="提交").click()
    dialog.wait_for(state="hidden")
    page.get_by_text("外出培训").wait_for()
    shot(page, "mine-390-meeting-on-leave")
    assert_fits(page)
    leave = MeetingAttendee.objects.get(meeting=later_meeting, member=member)
    assert (leave.response, leave.leave_reason, leave.attended) == ("leave", "外出培训", False)

    page.goto(f"{live_server.url}/app/me")
    page.get_by_role("button", name="退出登录").click()
    page.locator(".van-dialog").get_by_role("button", name="退出").click()
    page.wait_for_url("**/app/login")
    assert page.evaluate("() => localStorage.getItem('dangjian.session')") is None
    assert_no_errors(page)


def test_member_sees_their_branch_and_its_committee(
    member, tree, member_factory, page, live_server
):
    """我的支部 at 390 px: the branch, its term with each date whole on its line (2027-04-⏎03 was
    broken inside the date), the committee's names and posts and nothing personal about them."""
    secretary = member_factory("一支部", phone="13800001111")
    committee_term_register(
        organisation=tree["first"],
        starts_on=datetime.date(2024, 4, 4),
        seats=[Seat(secretary, "secretary"), Seat(member, "organisation")],
        actor=None,
    )
    page.set_viewport_size(PHONE)
    app_sign_in(page, live_server.url, "applogin", PASSWORD, next_path="/me/branch")
    page.get_by_text("班子成员").wait_for()
    text = page.locator("body").inner_text()
    assert "一支部" in text and "2024-04-04" in text and "2027-04-03" in text
    assert secretary.name in text and "书记" in text and "组织委员" in text
    assert "13800001111" not in text and "1111" not in text
    assert lines_of(page, "2024-04-04") == lines_of(page, "2027-04-03") == 1
    shot(page, "mine-390-branch")
    assert_fits(page)
    assert_no_errors(page)

"""Portal 我的会议: a member sees only their meetings, signs up, asks for leave (reason
required) and checks in with the code; another member's meeting is 404."""

import pytest
from django.test import Client
from django.urls import reverse

from partybuild.orglife.models import MeetingAttendee
from partybuild.orglife.services.meetings import meeting_publish
from tests.partybuild.orglife.test_meetings import draft_meeting, with_account
from tests.portal_pages import portal_pages  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal_pages")]


def test_member_answers_on_the_portal(tree, member_factory):
    a = member_factory("一支部")
    other = member_factory("二支部")
    user = with_account(a)
    with_account(other)
    mine = meeting_publish(meeting=draft_meeting(tree["first"]), actor=None)
    theirs = meeting_publish(meeting=draft_meeting(tree["second"]), actor=None)
    client = Client()
    client.force_login(user)

    page = client.get(reverse("portal:meetings")).content.decode()
    assert f'data-meeting="{mine.pk}"' in page and f'data-meeting="{theirs.pk}"' not in page
    answer = reverse("portal:meeting_answer", args=[mine.pk])
    response = client.post(answer, {"action": "leave", "leave_reason": ""}, follow=True)
    assert "请假请填写事由" in response.content.decode()
    client.post(answer, {"action": "leave", "leave_reason": "出差"})
    attendee = MeetingAttendee.objects.get(meeting=mine, member=a)
    assert (attendee.response, attendee.leave_reason) == ("leave", "出差")
    response = client.post(answer, {"action": "check_in", "code": mine.check_in_code}, follow=True)
    assert "不在签到时间内" in response.content.decode()
    other_answer = reverse("portal:meeting_answer", args=[theirs.pk])
    assert client.post(other_answer, {"action": "signed_up"}).status_code == 404

"""Wrong check-in codes are limited per member and meeting: after five within 15 minutes the
sixth attempt is refused even with the right code — 429 with Retry-After in the app API, a
Chinese message on the portal — and other members and meetings are not affected (issue 18
item 6)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from partybuild.models import RateLimitHit
from partybuild.orglife.models import MeetingAttendee
from partybuild.signals import security_event
from tests.api.conftest import client_for
from tests.partybuild.clock import clock_mover
from tests.partybuild.orglife.test_meetings_api import published
from tests.portal_pages import portal_pages  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def check_in(client, meeting, code):
    return client.post(
        f"/api/app/meetings/{meeting.pk}/check-in", {"code": code}, "application/json"
    )


def wrong_code(meeting) -> str:
    return "000000" if meeting.check_in_code != "000000" else "111111"


def test_the_sixth_attempt_is_refused_even_when_right(tree, roles):
    meeting = published(tree["first"])
    client = client_for(roles["member_a"])
    seen = []

    def receiver(sender, **kwargs):
        seen.append(kwargs)

    security_event.connect(receiver, dispatch_uid="test_check_in_limit")
    try:
        for _ in range(5):
            assert check_in(client, meeting, wrong_code(meeting)).status_code == 422
        response = check_in(client, meeting, meeting.check_in_code)
    finally:
        security_event.disconnect(dispatch_uid="test_check_in_limit")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert "签到码错误次数过多" in response.json()["message"]
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    assert not MeetingAttendee.objects.get(meeting=meeting, member__user=roles["member_a"]).attended
    assert seen[-1]["event"] == "ratelimit.hit"
    assert seen[-1]["detail"]["limiter"] == "meeting.check_in"


def test_forty_quick_wrong_codes_are_not_all_heard(tree, roles):
    meeting = published(tree["first"])
    client = client_for(roles["member_a"])
    statuses = [check_in(client, meeting, wrong_code(meeting)).status_code for _ in range(40)]
    assert statuses == [422] * 5 + [429] * 35
    assert RateLimitHit.objects.filter(scope="meeting.check_in").count() == 5


def test_the_limit_is_per_member_and_meeting(tree, roles):
    meeting = published(tree["first"])
    other_meeting = published(tree["first"])
    client = client_for(roles["member_a"])
    for _ in range(5):
        check_in(client, meeting, wrong_code(meeting))
    assert check_in(client, other_meeting, other_meeting.check_in_code).status_code == 200


def test_the_lock_ends_after_fifteen_minutes(tree, roles, monkeypatch):
    advance = clock_mover(monkeypatch)
    meeting = published(tree["first"], starts_in=datetime.timedelta(minutes=-10))
    client = client_for(roles["member_a"])
    for _ in range(5):
        check_in(client, meeting, wrong_code(meeting))
    assert check_in(client, meeting, meeting.check_in_code).status_code == 429
    advance(datetime.timedelta(minutes=16))
    assert check_in(client, meeting, meeting.check_in_code).status_code == 200


@pytest.mark.usefixtures("portal_pages")
def test_the_portal_says_so_in_chinese(tree, roles):
    meeting = published(tree["first"])
    client = Client()
    client.force_login(roles["member_a"])
    answer = reverse("portal:meeting_answer", args=[meeting.pk])
    for _ in range(5):
        client.post(answer, {"action": "check_in", "code": wrong_code(meeting)})
    response = client.post(
        answer, {"action": "check_in", "code": meeting.check_in_code}, follow=True
    )
    assert "签到码错误次数过多，请 15 分钟后再试。" in response.content.decode()

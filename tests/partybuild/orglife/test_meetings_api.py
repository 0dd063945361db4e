"""/api/app/meetings/: my meetings after the notice, sign-up, leave, check-in with the code
(wrong code, outside the window), the administrators' counts, scoping and constant queries."""

import datetime

import pytest
from django.utils import timezone

from partybuild.orglife.models import Meeting, MeetingKind, MeetingStatus
from partybuild.orglife.services.meetings import meeting_create, meeting_publish
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def published(organisation, *, starts_in=datetime.timedelta(minutes=10), kind="theme_day"):
    start = timezone.now() + starts_in
    meeting = meeting_create(
        organisation=organisation,
        actor=None,
        kind=kind,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="党员活动室",
        topic="重温入党誓词",
    )
    return meeting_publish(meeting=meeting, actor=None)


def test_member_sees_meeting_signs_up_asks_leave_and_checks_in(tree, roles):
    meeting = published(tree["first"])
    other = published(tree["second"])
    draft = meeting_create(
        organisation=tree["first"],
        actor=None,
        kind=MeetingKind.PARTY_LECTURE,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place="礼堂",
        topic="草稿党课",
    )
    client = client_for(roles["member_a"])
    mine = client.get("/api/app/meetings/mine").json()
    assert [item["id"] for item in mine["items"]] == [meeting.pk]
    assert mine["items"][0]["my_response_label"] == "未回复"
    assert client.get(f"/api/app/meetings/{other.pk}").status_code == 404
    assert client.get(f"/api/app/meetings/{draft.pk}").status_code == 404

    response = client.post(
        f"/api/app/meetings/{meeting.pk}/leave", {"reason": " "}, "application/json"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "leave_reason_required"
    body = client.post(
        f"/api/app/meetings/{meeting.pk}/leave", {"reason": "出差"}, "application/json"
    ).json()
    assert body["my_response"] == "leave" and body["my_leave_reason"] == "出差"
    body = client.post(f"/api/app/meetings/{meeting.pk}/sign-up", {}, "application/json").json()
    assert body["my_response"] == "signed_up" and body["may_check_in"] is True
    assert "check_in_code" not in body

    wrong = "000000" if meeting.check_in_code != "000000" else "111111"
    response = client.post(
        f"/api/app/meetings/{meeting.pk}/check-in", {"code": wrong}, "application/json"
    )
    assert response.status_code == 422 and response.json()["code"] == "check_in_code_wrong"
    response = client.post(
        f"/api/app/meetings/{meeting.pk}/check-in",
        {"code": meeting.check_in_code},
        "application/json",
    )
    assert response.status_code == 200 and response.json()["attended"] is True


def test_check_in_refused_outside_window(tree, roles):
    meeting = published(tree["first"], starts_in=datetime.timedelta(hours=3))
    client = client_for(roles["member_a"])
    response = client.post(
        f"/api/app/meetings/{meeting.pk}/check-in",
        {"code": meeting.check_in_code},
        "application/json",
    )
    assert response.status_code == 422 and response.json()["code"] == "check_in_closed"


def test_administrators_see_counts_in_scope(
    tree, roles, member_factory, django_assert_max_num_queries
):
    meeting = published(tree["first"])
    client_for(roles["member_a"]).post(
        f"/api/app/meetings/{meeting.pk}/leave", {"reason": "病假"}, "application/json"
    )
    admin = client_for(roles["admin_a"])
    with django_assert_max_num_queries(12):
        items = admin.get("/api/app/meetings/managed").json()["items"]
    assert items[0]["expected"] == 1 and items[0]["leave"] == 1 and items[0]["no_reply"] == 0
    for _n in range(6):
        member_factory("一支部")
        published(tree["first"])
    with django_assert_max_num_queries(12):
        items = admin.get("/api/app/meetings/managed").json()["items"]
    assert len(items) == 7

    attendance = admin.get(f"/api/app/meetings/{meeting.pk}/attendance").json()
    assert attendance["leave"] == 1 and attendance["attendees"][0]["leave_reason"] == "病假"
    assert attendance["check_in_code"] == meeting.check_in_code
    other = published(tree["second"])
    assert admin.get(f"/api/app/meetings/{other.pk}/attendance").status_code == 404
    assert other.pk not in [item["id"] for item in items]
    assert client_for(roles["member_a"]).get("/api/app/meetings/managed").status_code == 403


def test_closed_meeting_shows_minutes_and_refuses_answers(tree, roles):
    meeting = published(tree["first"])
    Meeting.objects.filter(pk=meeting.pk).update(
        status=MeetingStatus.CLOSED, minutes="<p>会议记录正文</p>"
    )
    client = client_for(roles["member_a"])
    body = client.get(f"/api/app/meetings/{meeting.pk}").json()
    assert "会议记录正文" in body["minutes_html"] and body["may_respond"] is False
    response = client.post(f"/api/app/meetings/{meeting.pk}/sign-up", {}, "application/json")
    assert response.status_code == 422 and response.json()["code"] == "response_closed"

"""随机抽查: drawing closed, never-drawn meetings of a subtree, verdicts, refusals, admin scope."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from partybuild.orglife.models import Meeting
from partybuild.supervision.models import MeetingInspection
from partybuild.supervision.services import meeting_inspection_draw, meeting_inspection_verdict

pytestmark = pytest.mark.django_db


def _meeting(organisation, topic, status="closed"):
    start = timezone.make_aware(datetime.datetime(2026, 10, 10, 9, 0))
    return Meeting.objects.create(
        kind="branch_assembly",
        organisation=organisation,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="会议室",
        topic=topic,
        status=status,
        minutes=f"{topic}的会议记录",
    )


@pytest.fixture
def meetings(tree):
    return {
        "first_closed": _meeting(tree["first"], "一支部党员大会"),
        "group_closed": _meeting(tree["group"], "一小组会"),
        "first_draft": _meeting(tree["first"], "未开的会", status="published"),
        "second_closed": _meeting(tree["second"], "二支部党员大会"),
        "third_closed": _meeting(tree["third"], "三支部党员大会"),
    }


def test_draw_takes_only_closed_meetings_of_the_subtree_once(tree, meetings, make_admin):
    admin = make_admin("first_admin", tree["first"])
    drawn = meeting_inspection_draw(user=admin, organisation=tree["first"], count=10)
    assert {i.meeting.topic for i in drawn} == {"一支部党员大会", "一小组会"}
    assert all(i.verdict == "pending" and i.inspector == admin for i in drawn)
    with pytest.raises(ValidationError) as error:
        meeting_inspection_draw(user=admin, organisation=tree["first"], count=1)
    assert error.value.error_dict["organisation"][0].code == "inspection_no_meetings"
    assert MeetingInspection.objects.count() == 2


def test_draw_count_and_scope_refusals(tree, meetings, make_admin):
    admin = make_admin("first_admin", tree["first"])
    with pytest.raises(PermissionDenied):
        meeting_inspection_draw(user=admin, organisation=tree["general"], count=1)
    for count in (0, 51):
        with pytest.raises(ValidationError) as error:
            meeting_inspection_draw(user=admin, organisation=tree["first"], count=count)
        assert error.value.error_dict["count"][0].code == "inspection_draw_count"
    drawn = meeting_inspection_draw(user=None, organisation=tree["general"], count=1)
    assert len(drawn) == 1
    assert drawn[0].meeting.organisation.path.startswith(tree["general"].path)
    assert not MeetingInspection.objects.filter(meeting=meetings["third_closed"]).exists()


def test_verdict_rules(tree, meetings, make_admin):
    general = make_admin("general_admin", tree["general"])
    third = make_admin("third_admin", tree["third"])
    (inspection,) = meeting_inspection_draw(user=general, organisation=tree["second"], count=1)
    with pytest.raises(PermissionDenied):
        meeting_inspection_verdict(inspection=inspection, verdict="pass", actor=third)
    with pytest.raises(ValidationError) as error:
        meeting_inspection_verdict(inspection=inspection, verdict="fail", comment="", actor=general)
    assert error.value.error_dict["comment"][0].code == "required"
    inspection.refresh_from_db()
    assert inspection.verdict == "pending"
    decided = meeting_inspection_verdict(
        inspection=inspection, verdict="fail", comment="缺少签到表", actor=general
    )
    assert decided.verdict == "fail" and decided.decided_at is not None
    with pytest.raises(ValidationError) as error:
        meeting_inspection_verdict(inspection=inspection, verdict="pass", actor=general)
    assert error.value.code == "inspection_decided"


def test_admin_draw_review_and_404(client, tree, meetings, make_admin):
    client.force_login(make_admin("general_admin", tree["general"]))
    response = client.post(
        reverse("meeting_inspections:draw"), {"organisation": tree["second"].pk, "count": 1}
    )
    assert response.status_code == 302
    inspection = MeetingInspection.objects.get()
    listing = client.get(reverse("meeting_inspections:index")).content.decode()
    assert "二支部党员大会" in listing and "待评" in listing
    page = client.get(reverse("meeting_inspections:detail", args=[inspection.pk]))
    assert "二支部党员大会的会议记录" in page.content.decode()
    client.post(
        reverse("meeting_inspections:detail", args=[inspection.pk]),
        {"verdict": "pass", "comment": ""},
    )
    inspection.refresh_from_db()
    assert inspection.verdict == "pass"

    client.force_login(make_admin("third_admin", tree["third"]))
    url = reverse("meeting_inspections:detail", args=[inspection.pk])
    assert client.get(url).status_code == 404
    assert "二支部党员大会" not in client.get(reverse("meeting_inspections:index")).content.decode()

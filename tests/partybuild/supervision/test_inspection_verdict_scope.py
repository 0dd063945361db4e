"""随机抽查: only the inspecting side records the verdict (issue 14, item 4).

The administrators whose scope covers the organisation that drew the inspection record it; the
inspected meeting's branch administrator is refused — 403 with a Chinese message and the code
``inspection_not_inspecting_side`` in the app API, no form and 403 in the admin — and the
inspection stays 待评."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partybuild.orglife.models import Meeting
from partybuild.supervision.models import MeetingInspection
from partybuild.supervision.services import meeting_inspection_draw
from tests.api.conftest import client_for
from tests.conftest import migration_state_apps

pytestmark = pytest.mark.django_db

CODE = "inspection_not_inspecting_side"


def _meeting(organisation, topic):
    start = timezone.now() - datetime.timedelta(days=3)
    return Meeting.objects.create(
        kind="branch_assembly",
        organisation=organisation,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="会议室",
        topic=topic,
        status="closed",
        minutes=f"{topic}的会议记录",
    )


@pytest.fixture
def admins(tree, make_admin):
    return {
        "first": make_admin("first_admin", tree["first"]),
        "group": make_admin("group_admin", tree["group"]),
        "general": make_admin("general_admin", tree["general"]),
        "organ": make_admin("organ_admin", tree["organ"]),
        "second": make_admin("second_admin", tree["second"]),
    }


@pytest.fixture
def drawn(tree, admins):
    """一总支's administrator draws a 一支部 meeting and a 一小组 meeting."""
    _meeting(tree["first"], "一支部党员大会")
    _meeting(tree["group"], "一小组会")
    inspections = meeting_inspection_draw(
        user=admins["general"], organisation=tree["general"], count=5
    )
    return {inspection.meeting.topic: inspection for inspection in inspections}


def _verdict(user, inspection, verdict="pass", comment=""):
    return client_for(user).post(
        f"/api/app/supervision/inspections/{inspection.pk}/verdict",
        {"verdict": verdict, "comment": comment},
        content_type="application/json",
    )


def test_the_inspecting_side_is_recorded(drawn, tree):
    assert {i.inspecting_organisation for i in drawn.values()} == {tree["general"]}
    inspection = drawn["一支部党员大会"]
    response = client_for(MeetingInspection.objects.get(pk=inspection.pk).inspector).get(
        "/api/app/supervision/inspections"
    )
    assert {item["inspecting_organisation"] for item in response.json()["items"]} == {"一总支"}


def test_api_refuses_the_inspected_branch(drawn, admins):
    for topic, user in (("一支部党员大会", admins["first"]), ("一小组会", admins["first"])):
        inspection = drawn[topic]
        response = _verdict(user, inspection)
        assert response.status_code == 403, topic
        body = response.json()
        assert body["code"] == CODE
        assert "一支部" in body["message"] and "不能评定" in body["message"]
        assert "一总支" in body["message"]
        inspection.refresh_from_db()
        assert inspection.verdict == "pending" and inspection.decided_at is None
    response = _verdict(admins["group"], drawn["一小组会"])
    assert response.status_code == 403 and response.json()["code"] == CODE
    assert _verdict(admins["second"], drawn["一支部党员大会"]).status_code == 404


def test_api_allows_the_inspecting_side_and_above(drawn, admins, superuser):
    response = _verdict(admins["general"], drawn["一支部党员大会"], "fail", "签到表缺失")
    assert response.status_code == 200
    assert response.json()["verdict_label"] == "不合格"
    response = _verdict(admins["organ"], drawn["一小组会"])
    assert response.status_code == 200 and response.json()["verdict_label"] == "合格"
    assert set(MeetingInspection.objects.values_list("verdict", flat=True)) == {"pass", "fail"}


def test_a_branch_cannot_grade_an_inspection_it_drew_itself(tree, admins, superuser):
    _meeting(tree["first"], "一支部党员大会")
    (inspection,) = meeting_inspection_draw(
        user=admins["first"], organisation=tree["first"], count=1
    )
    assert inspection.inspecting_organisation == tree["first"]
    response = _verdict(admins["first"], inspection)
    assert response.status_code == 403 and response.json()["code"] == CODE
    assert _verdict(admins["general"], inspection).status_code == 200


def test_a_lower_organisation_cannot_grade_a_higher_ones_inspection(tree, admins):
    _meeting(tree["second"], "二支部党员大会")
    (inspection,) = meeting_inspection_draw(
        user=admins["organ"], organisation=tree["general"], count=1
    )
    assert inspection.inspecting_organisation == tree["organ"]
    response = _verdict(admins["general"], inspection)
    assert response.status_code == 403 and response.json()["code"] == CODE
    assert "机关党委" in response.json()["message"]
    assert _verdict(admins["organ"], inspection).status_code == 200


def test_admin_refuses_the_inspected_branch(drawn, admins):
    inspection = drawn["一支部党员大会"]
    url = reverse("meeting_inspections:detail", args=[inspection.pk])
    client = Client()
    client.force_login(admins["first"])
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "一支部党员大会的会议记录" in text
    assert 'name="verdict"' not in text and "不能评定" in text
    response = client.post(url, {"verdict": "pass", "comment": ""})
    # PermissionDenied: Wagtail answers an admin page with a redirect to the dashboard and a
    # permission message (not the success redirect back to the inspection).
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home")
    inspection.refresh_from_db()
    assert inspection.verdict == "pending" and inspection.decided_at is None


def test_admin_allows_the_inspecting_side(drawn, admins):
    inspection = drawn["一支部党员大会"]
    url = reverse("meeting_inspections:detail", args=[inspection.pk])
    client = Client()
    client.force_login(admins["general"])
    assert 'name="verdict"' in client.get(url).content.decode()
    response = client.post(url, {"verdict": "pass", "comment": ""})
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.verdict == "pass" and inspection.inspector == admins["general"]


def test_migration_records_the_drawer_side_of_pending_inspections(drawn, tree):
    import importlib

    migration = importlib.import_module("partybuild.migrations.0015_anonymous_suggestions")
    from partybuild.models import RoleAssignment, User

    # Before migration 0023_roles, an administrator's scope was ``administered_organisation``.
    for assignment in RoleAssignment.objects.all():
        User.objects.filter(pk=assignment.user_id).update(
            administered_organisation=assignment.organisation
        )
    MeetingInspection.objects.update(inspecting_organisation=None)
    MeetingInspection.objects.filter(meeting__topic="一小组会").update(verdict="pass")
    migration._record_inspecting_side(
        migration_state_apps("partybuild", "0015_anonymous_suggestions"), None
    )
    sides = dict(MeetingInspection.objects.values_list("meeting__topic", "inspecting_organisation"))
    assert sides == {"一支部党员大会": tree["general"].pk, "一小组会": None}


def test_older_inspections_without_a_side_still_refuse_the_inspected_branch(drawn, admins):
    MeetingInspection.objects.update(inspecting_organisation=None)
    inspection = drawn["一支部党员大会"]
    response = _verdict(admins["first"], inspection)
    assert response.status_code == 403 and response.json()["code"] == CODE
    assert _verdict(admins["general"], inspection).status_code == 200

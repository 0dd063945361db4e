"""Every failure under /api/app/ is the documented JSON ``{"code", "message", "fields"}`` — bad
bodies, unknown addresses, refused methods, bodies too large, a bad Host header, unexpected
exceptions — never an HTML page (issue 18, item 8)."""

import datetime
import json
import logging

import pytest
from django.test import Client

from partybuild.supervision import services as supervision_services
from partybuild.supervision.models import AssignmentStatus, InspectionAssignment
from partybuild.supervision.services import (
    inspection_response_submit,
    inspection_task_create,
    inspection_task_issue,
)
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def assert_contract(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["message"]
    if code is not None:
        assert body["code"] == code
    return body


@pytest.fixture
def submitted_assignment(tree):
    task = inspection_task_create(
        issuer=tree["general"],
        subject="三会一课",
        requirements="上传记录",
        deadline=datetime.date(2026, 12, 31),
        actor=None,
    )
    inspection_task_issue(task=task, targets=[tree["first"]], actor=None)
    assignment = InspectionAssignment.objects.get(task=task, organisation=tree["first"])
    return inspection_response_submit(assignment=assignment, response="已落实", actor=None)


@pytest.mark.parametrize("body", ["[null, null]", "[]", "42", '"text"', "null"])
def test_a_body_that_is_not_an_object_is_refused_not_read_as_empty(
    roles, submitted_assignment, body
):
    """ReviewIn's only field is optional: read as ``{}`` the list would accept the response."""
    response = client_for(roles["admin_parent"]).post(
        f"/api/app/supervision/assignments/{submitted_assignment.pk}/accept",
        body,
        content_type="application/json",
    )
    assert "应为 JSON 对象" in assert_contract(response, 400, "body_not_object")["message"]
    submitted_assignment.refresh_from_db()
    assert submitted_assignment.status == AssignmentStatus.SUBMITTED


def test_an_object_body_is_still_accepted(roles, submitted_assignment):
    response = client_for(roles["admin_parent"]).post(
        f"/api/app/supervision/assignments/{submitted_assignment.pk}/accept",
        {},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"


def test_multipart_without_a_boundary_is_400_json(roles, submitted_assignment):
    response = client_for(roles["admin_a"]).generic(
        "POST",
        f"/api/app/supervision/assignments/{submitted_assignment.pk}/attachments",
        b"--x\r\ncontent\r\n--x--",
        content_type="multipart/form-data",
    )
    assert "boundary" in assert_contract(response, 400, "bad_request")["message"]


def test_a_json_body_over_the_limit_is_413_json(roles, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client_for(roles["member_a"]).post(
        "/api/app/suggestions/",
        json.dumps({"title": "建议", "content": "很长" * 10_000}),
        content_type="application/json",
    )
    body = assert_contract(response, 413, "request_too_large")
    assert "9 KB" in body["message"]


@pytest.mark.parametrize(
    "path", ["/api/app/nope", "/api/app/nope/", "/api/app/members/1/nothing-here/"]
)
def test_an_unknown_address_is_404_json(roles, path):
    assert_contract(client_for(roles["admin_parent"]).get(path), 404, "not_found")
    assert_contract(Client(enforce_csrf_checks=True).post(path, {}), 404, "not_found")


def test_an_operation_without_its_slash_still_redirects(roles):
    response = client_for(roles["admin_parent"]).get("/api/app/members")
    assert response.status_code == 301
    assert response["Location"] == "/api/app/members/"


def test_a_refused_method_is_405_json_with_allow(roles):
    response = client_for(roles["admin_parent"]).delete("/api/app/me/")
    assert_contract(response, 405, "not_allowed")
    assert "GET" in response["Allow"]


def test_a_disallowed_host_is_400_json(settings):
    settings.ALLOWED_HOSTS = ["party.example"]
    response = Client().get("/api/app/me/", HTTP_HOST="evil.example")
    assert_contract(response, 400, "bad_request")


def test_an_unexpected_exception_is_logged_and_answered_500_json(
    roles, monkeypatch, caplog, submitted_assignment
):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(supervision_services, "inspection_response_accept", broken)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client_for(roles["admin_parent"]).post(
            f"/api/app/supervision/assignments/{submitted_assignment.pk}/accept",
            {},
            content_type="application/json",
        )
    body = assert_contract(response, 500, "server_error")
    assert "boom" not in body["message"]
    assert any(record.exc_info and "boom" in str(record.exc_info[1]) for record in caplog.records)

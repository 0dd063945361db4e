"""党费 in the app: my statement, the administrators' report and recording a payment."""

import datetime
from decimal import Decimal

import pytest

from partybuild.dues.services import dues_assess_month, dues_profile_set
from partybuild.models import Message

pytestmark = pytest.mark.django_db

NOV = datetime.date(2026, 11, 1)


@pytest.fixture
def assessed(roles):
    for role, base in (("member_a", "4000"), ("member_b", "6000")):
        dues_profile_set(
            member=roles[role].member,
            actor=None,
            category="in_service",
            base_income=Decimal(base),
            effective_from=NOV,
        )
    dues_assess_month(month=NOV)


def test_my_dues_and_the_message_of_the_assessment(roles, assessed, api_client):
    body = api_client(roles["member_a"]).get("/api/app/me/dues").json()
    assert body["owed"] == "40.00" and body["months_owed"] == 1
    assert body["assessments"][0]["month"] == "2026-11"
    assert Message.objects.filter(recipient=roles["member_a"], kind="dues").exists()


def test_payment_through_the_api_and_the_report(roles, assessed, api_client):
    admin = api_client(roles["admin_parent"])
    refused = admin.post(
        "/api/app/dues/payments",
        {
            "member_id": roles["member_b"].member.pk,
            "amount": "100.00",
            "paid_on": "2026-11-20",
            "method": "cash",
        },
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["code"] == "overpayment"
    paid = admin.post(
        "/api/app/dues/payments",
        {
            "member_id": roles["member_b"].member.pk,
            "amount": "90.00",
            "paid_on": "2026-11-20",
            "method": "bank",
            "receipt_number": "R-001",
        },
        content_type="application/json",
    )
    assert paid.status_code == 201
    report = admin.get(
        f"/api/app/dues/report?period=2026-11&organisation={roles['admin_parent'].role_assignments.first().organisation_id}"
    ).json()
    assert report["total"] == {
        "assessed": "130.00",
        "paid": "90.00",
        "outstanding": "40.00",
        "waived": "0.00",
        "rate": "0.6923",
    }
    mine = api_client(roles["member_b"]).get("/api/app/me/dues").json()
    assert mine["owed"] == "0.00" and mine["payments"][0]["receipt_number"] == "R-001"


def test_branch_administrator_cannot_record_for_another_branch(roles, assessed, api_client):
    response = api_client(roles["admin_a"]).post(
        "/api/app/dues/payments",
        {
            "member_id": roles["member_b"].member.pk,
            "amount": "90.00",
            "paid_on": "2026-11-20",
            "method": "cash",
        },
        content_type="application/json",
    )
    assert response.status_code == 404
    report = api_client(roles["admin_a"]).get("/api/app/dues/report?period=2026-11").json()
    assert report["total"]["assessed"] == "40.00"


def test_my_statement_shows_the_base_and_rate_of_each_month(roles, assessed, api_client):
    [month] = api_client(roles["member_a"]).get("/api/app/me/dues").json()["assessments"]
    assert month["category"] == "in_service" and month["category_label"] == "在职"
    assert month["base_income"] == "4000.00" and month["rate"] == "0.0100"
    assert month["computed_amount"] == "40.00" and month["voluntary_extra"] == "0.00"
    assert month["amount_due"] == "40.00"

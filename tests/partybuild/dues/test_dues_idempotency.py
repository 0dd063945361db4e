"""A dues payment submitted twice is recorded once: the ``Idempotency-Key`` header (per account)
and the receipt number (per organisation), each guaranteed by a unique constraint, on SQLite and,
for the concurrent case, PostgreSQL."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection

from partybuild.dues.models import DuesAssessment, DuesPayment
from partybuild.dues.services import (
    dues_assess_month,
    dues_payment_record,
    dues_payment_reverse,
    dues_profile_set,
)
from partybuild.models import Message
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

NOV = datetime.date(2026, 11, 1)
URL = "/api/app/dues/payments"


def assess(roles) -> None:
    """member_a (一支部) owes 40.00 and member_b (二支部) 90.00 for November 2026."""
    for role, base in (("member_a", "4000"), ("member_b", "6000")):
        dues_profile_set(
            member=roles[role].member,
            actor=None,
            category="in_service",
            base_income=Decimal(base),
            effective_from=NOV,
        )
    dues_assess_month(month=NOV)


@pytest.fixture
def assessed(roles):
    assess(roles)


def body(roles, role="member_b", **fields) -> dict:
    return {
        "member_id": roles[role].member.pk,
        "amount": "90.00",
        "paid_on": "2026-11-20",
        "method": "bank",
        "receipt_number": "R-001",
        **fields,
    }


def post(client, data: dict, key: str | None = None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(URL, data, content_type="application/json", **headers)


def test_the_same_request_twice_is_recorded_once_and_answered_alike(roles, assessed):
    admin = client_for(roles["admin_parent"])
    first = post(admin, body(roles), key="pay-b-2026-11")
    assert first.status_code == 201 and "Idempotent-Replayed" not in first
    again = post(admin, body(roles, amount="90"), key="pay-b-2026-11")  # 90 is 90.00
    assert again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    member = roles["member_b"].member
    assert DuesPayment.objects.filter(member=member).count() == 1
    assert DuesAssessment.objects.get(member=member).paid_amount == Decimal("90.00")
    assert (
        Message.objects.filter(recipient=roles["member_b"], object_type="dues_payment").count() == 1
    )


def test_without_a_key_nor_a_receipt_number_two_requests_are_two_payments(roles, assessed):
    admin = client_for(roles["admin_parent"])
    half = body(roles, amount="45.00", receipt_number="")
    assert post(admin, half).status_code == 201
    assert post(admin, half).status_code == 201
    assert DuesPayment.objects.filter(member=roles["member_b"].member).count() == 2


def test_the_key_belongs_to_the_account_that_sent_it(roles, assessed):
    """Another administrator's key of the same text is another key: no replay of a payment
    they did not submit."""
    first = post(
        client_for(roles["admin_parent"]), body(roles, amount="40.00", receipt_number=""), "k-1"
    )
    other = post(
        client_for(roles["superuser"]), body(roles, amount="50.00", receipt_number=""), "k-1"
    )
    assert first.status_code == 201 and other.status_code == 201
    assert other.json()["id"] != first.json()["id"]
    assert DuesPayment.objects.filter(member=roles["member_b"].member).count() == 2


def test_the_same_key_with_another_request_is_a_conflict(roles, assessed):
    admin = client_for(roles["admin_parent"])
    first = post(admin, body(roles, amount="40.00", receipt_number=""), key="k-2")
    assert first.status_code == 201
    refused = post(admin, body(roles, amount="50.00", receipt_number=""), key="k-2")
    assert refused.status_code == 409
    error = refused.json()
    assert error["code"] == "idempotency_key_reused"
    assert f"第 {first.json()['id']} 号缴费记录" in error["message"]
    assert "Idempotent-Replayed" not in refused
    assert error["fields"]["Idempotency-Key"] == [error["message"]]
    assert DuesPayment.objects.filter(member=roles["member_b"].member).count() == 1


def test_a_receipt_number_is_used_once_per_organisation(roles, assessed):
    admin = client_for(roles["admin_parent"])
    first = post(admin, body(roles, amount="40.00"), key="k-3")
    assert first.status_code == 201
    refused = post(admin, body(roles, amount="50.00"), key="k-4")
    assert refused.status_code == 409
    error = refused.json()
    assert error["code"] == "receipt_number_taken"
    assert "R-001" in error["message"]
    assert f"第 {first.json()['id']} 号缴费记录" in error["message"]
    assert error["fields"]["receipt_number"] == [error["message"]]
    assert post(admin, body(roles, amount="50.00")).json()["code"] == "receipt_number_taken"
    assert DuesPayment.objects.filter(member=roles["member_b"].member).count() == 1
    # 一支部 numbers its own receipts: the same number there is another receipt.
    elsewhere = post(admin, body(roles, role="member_a", amount="40.00"))
    assert elsewhere.status_code == 201


def test_a_reversed_payment_gives_its_receipt_number_to_the_corrected_one(roles, assessed):
    admin = client_for(roles["admin_parent"])
    wrong = post(admin, body(roles, amount="40.00"))
    assert wrong.status_code == 201
    dues_payment_reverse(
        payment=DuesPayment.objects.get(pk=wrong.json()["id"]),
        actor=roles["admin_parent"],
        reason="金额有误",
    )
    corrected = post(admin, body(roles))
    assert corrected.status_code == 201
    assert DuesPayment.objects.filter(receipt_number="R-001").count() == 3  # with the reversal


def test_a_malformed_key_is_refused(roles, assessed):
    admin = client_for(roles["admin_parent"])
    response = post(admin, body(roles), key="x" * 101)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["fields"]
    assert not DuesPayment.objects.exists()


def test_a_replay_is_only_for_the_administrators_in_scope(roles, assessed):
    """The branch administrator of 一支部 cannot reach 二支部's member, key or not."""
    post(client_for(roles["admin_parent"]), body(roles), key="k-5")
    response = post(client_for(roles["admin_a"]), body(roles), key="k-5")
    assert response.status_code == 404
    assert DuesPayment.objects.count() == 1


def test_the_admin_form_refuses_a_receipt_number_already_used(roles, assessed, client):
    member = roles["member_b"].member
    dues_payment_record(
        member=member,
        amount=Decimal("40"),
        paid_on=datetime.date(2026, 11, 20),
        method="cash",
        receipt_number="R-001",
        actor=None,
    )
    first = DuesPayment.objects.get(member=member)
    client.force_login(roles["admin_parent"])
    url = f"/admin/dues/members/{member.pk}/"
    data = {
        "action": "pay",
        "pay-amount": "50",
        "pay-paid_on": "2026-11-20",
        "pay-method": "cash",
        "pay-receipt_number": " R-001 ",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    errors = refused.context["payment_form"].errors
    assert list(errors) == ["receipt_number"]
    assert f"第 {first.pk} 号缴费记录" in errors["receipt_number"][0]
    assert "收据编号“R-001”已被本组织" in refused.content.decode()
    assert DuesPayment.objects.filter(member=member).count() == 1
    done = client.post(url, {**data, "pay-receipt_number": "R-002"})
    assert done.status_code == 302
    assert DuesPayment.objects.filter(member=member).count() == 2


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite serialises writers with a database lock; the race needs PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("key", "receipt_number", "others"),
    [("same-payment", "", 200), (None, "R-RACE", 409), ("same-payment", "R-RACE", 200)],
    ids=["key", "receipt-number", "both"],
)
def test_many_identical_payments_at_once_are_recorded_once(roles, key, receipt_number, others):
    assess(roles)
    threads_count = 6
    data = body(roles, receipt_number=receipt_number)
    clients = [client_for(roles["admin_parent"]) for _ in range(threads_count)]
    barrier = threading.Barrier(threads_count)
    answers: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def submit(client) -> None:
        try:
            barrier.wait()
            response = post(client, data, key=key)
            answer = (response.status_code, response.json())
        finally:
            close_old_connections()
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=submit, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(status for status, _ in answers)
    assert statuses == sorted([201] + [others] * (threads_count - 1))
    member = roles["member_b"].member
    payment = DuesPayment.objects.get(member=member)
    assert DuesAssessment.objects.get(member=member).paid_amount == Decimal("90.00")
    winner = next(answer for status, answer in answers if status == 201)
    assert winner["id"] == payment.pk
    for status, answer in answers:
        if status == 200:
            assert answer == winner
        elif status == 409:
            assert answer["code"] == "receipt_number_taken"
            assert f"第 {payment.pk} 号缴费记录" in answer["message"]

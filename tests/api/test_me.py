"""我的: the account, the member's own dossier and transfer history, and their change requests.

tests/api/test_me_and_messages.py covers the dossier's masking and submitting a request; these
add the account's phone, the transfer history, the change-request list as a member reads it, and
the refusals.
"""

import pytest

from partybuild.models import SELF_SERVICE_FIELDS, Transfer, TransferKind, TransferStatus
from partybuild.services.change_requests import change_request_approve, change_request_reject
from partybuild.services.transfers import transfer_accept, transfer_start
from tests.api.factories import change_request_of

pytestmark = pytest.mark.django_db


def test_me_masks_the_accounts_phone(roles, api_client):
    user = roles["member_a"]
    user.phone = "13700137000"
    user.save(update_fields=["phone"])
    response = api_client(user).get("/api/app/me/")
    assert response.status_code == 200
    account = response.json()["account"]
    assert account == {
        "id": user.pk,
        "username": "member_a",
        "name": "党员member_a",
        "phone": "137****7000",
    }
    assert "13700137000" not in response.content.decode()


def test_me_masks_the_dossiers_id_and_phone(roles, api_client):
    member = roles["member_a"].member
    response = api_client(roles["member_a"]).get("/api/app/me/")
    text = response.content.decode()
    assert member.id_number not in text and "13800138001" not in text
    dossier = response.json()["member"]
    assert dossier["id_number"] == member.id_number[:3] + "*" * 11 + member.id_number[-4:]
    assert dossier["phone"] == "138****8001"


def test_me_shows_my_transfer_history_with_both_ends(roles, tree, api_client):
    member = roles["member_a"].member
    transfer = transfer_start(member=member, to_organisation=tree["second"], actor=roles["admin_a"])
    transfer_accept(transfer=transfer, actor=roles["admin_parent"])
    body = api_client(roles["member_a"]).get("/api/app/me/").json()
    assert body["member"]["organisation"]["name"] == "二支部"
    [shown] = body["transfers"]
    assert shown["from_end"]["name"] == "一支部" and shown["to_end"]["name"] == "二支部"
    assert shown["status"] == "accepted" and shown["status_label"] == "已接收"
    assert shown["started_at"] and shown["arrived_on"] and shown["decided_at"]


def test_me_shows_an_external_end_by_its_name(roles, api_client):
    member = roles["member_a"].member
    Transfer.objects.create(
        member=member,
        kind=TransferKind.INCOMING,
        status=TransferStatus.ACCEPTED,
        to_organisation=member.organisation,
        external_organisation="外县某支部",
        letter_number="2026-001",
    )
    [shown] = api_client(roles["member_a"]).get("/api/app/me/").json()["transfers"]
    assert shown["from_end"] == {"organisation_id": None, "name": "外县某支部"}
    assert shown["to_end"]["name"] == "一支部"


def test_me_query_count_does_not_grow_with_the_transfer_history(
    roles, tree, api_client, django_assert_max_num_queries
):
    user = roles["member_a"]
    client = api_client(user)

    def returned_transfers(count: int) -> None:
        Transfer.objects.bulk_create(
            [
                Transfer(
                    member=user.member,
                    kind=TransferKind.INTERNAL,
                    status=TransferStatus.RETURNED,
                    from_organisation=tree["first"],
                    to_organisation=tree["second"],
                    decision_reason="材料不全",
                )
                for _ in range(count)
            ]
        )

    returned_transfers(1)
    with django_assert_max_num_queries(20) as few:
        assert len(client.get("/api/app/me/").json()["transfers"]) == 1
    returned_transfers(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/app/me/").json()["transfers"]) == 31


def test_someone_elses_transfers_are_not_in_my_history(roles, tree, api_client):
    transfer_start(
        member=roles["member_b"].member, to_organisation=tree["first"], actor=roles["admin_parent"]
    )
    assert api_client(roles["member_a"]).get("/api/app/me/").json()["transfers"] == []


def test_account_without_a_dossier_cannot_request_changes(roles, api_client):
    response = api_client(roles["admin_a"]).post(
        "/api/app/me/change-requests",
        {"changes": {"phone": "13900000000"}},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert response.json()["message"] == "您的账号没有关联党员档案。"


def test_anonymous_cannot_read_me(api_client, db):
    response = api_client(None).get("/api/app/me/")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_a_phone_change_is_masked_in_both_values(roles, api_client):
    client = api_client(roles["member_a"])
    created = client.post(
        "/api/app/me/change-requests",
        {"changes": {"phone": "13912345678"}},
        content_type="application/json",
    )
    assert created.status_code == 201
    text = created.content.decode() + client.get("/api/app/me/change-requests").content.decode()
    assert "13912345678" not in text and "13800138001" not in text
    [change] = created.json()["changes"]
    assert change == {
        "field": "phone",
        "label": "手机号码",
        "before": "138****8001",
        "requested": "139****5678",
    }


def test_my_change_requests_newest_first_with_decisions(roles, api_client):
    user = roles["member_a"]
    approved = change_request_of(user, phone="13911110000")
    change_request_approve(request=approved, actor=roles["admin_a"])
    rejected = change_request_of(user, phone="13922220000")
    change_request_reject(request=rejected, actor=roles["admin_a"], reason="号码有误")
    pending = change_request_of(user, phone="13933330000")
    change_request_of(roles["member_b"])
    body = api_client(user).get("/api/app/me/change-requests").json()
    assert body["count"] == 3
    assert [item["id"] for item in body["items"]] == [pending.pk, rejected.pk, approved.pk]
    newest, refused, accepted = body["items"]
    assert (newest["status"], newest["status_label"], newest["decided_at"]) == (
        "pending",
        "待审核",
        None,
    )
    assert refused["status_label"] == "已驳回" and refused["decision_reason"] == "号码有误"
    assert refused["decided_at"] is not None
    assert accepted["status_label"] == "已通过"
    assert accepted["changes"][0]["before"] == "138****8001"
    assert accepted["changes"][0]["requested"] == "139****0000"


def test_change_request_list_paginates(roles, api_client):
    for number in range(3):
        request = change_request_of(roles["member_a"], phone=f"1391111000{number}")
        change_request_reject(request=request, actor=roles["admin_a"], reason="请核对")
    client = api_client(roles["member_a"])
    page = client.get("/api/app/me/change-requests?limit=2&offset=2").json()
    assert page["count"] == 3 and len(page["items"]) == 1
    assert client.get("/api/app/me/change-requests?limit=101").status_code == 422


def test_change_request_fields_are_the_self_service_ones_with_choices(roles, api_client):
    fields = api_client(roles["member_a"]).get("/api/app/me/change-requests/fields").json()
    assert [item["field"] for item in fields] == list(SELF_SERVICE_FIELDS)
    by_name = {item["field"]: item for item in fields}
    assert by_name["phone"] == {
        "field": "phone",
        "label": "手机号码",
        "max_length": 11,
        "choices": [],
        "masked": True,
    }
    assert {"value": "bachelor", "label": "大学本科"} in by_name["education"]["choices"]
    assert by_name["employer"]["label"] == "工作单位" and not by_name["employer"]["masked"]


def test_a_refused_change_names_the_field_the_form_shows(roles, api_client):
    response = api_client(roles["member_a"]).post(
        "/api/app/me/change-requests",
        {"changes": {"phone": "12345"}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["phone"]
    assert response.json()["fields"]["phone"][0].startswith("手机号码")

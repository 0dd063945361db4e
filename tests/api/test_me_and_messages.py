"""我的 (dossier, change requests) and 我的消息, including messages sent by decisions."""

import pytest

from partybuild.models import MemberChangeRequest, Message
from partybuild.services.change_requests import change_request_approve, change_request_reject
from partybuild.services.transfers import transfer_accept, transfer_start
from tests.api.factories import change_request_of, message_for

pytestmark = pytest.mark.django_db


def test_me_shows_my_dossier_masked(roles, api_client):
    member = roles["member_a"].member
    body = api_client(roles["member_a"]).get("/api/app/me/").json()
    assert body["member"]["name"] == member.name
    assert body["member"]["organisation"]["name"] == "一支部"
    assert body["member"]["phone"] == "138****8001"
    assert body["member"]["id_number"].startswith("110") and "*" in body["member"]["id_number"]
    assert member.id_number not in str(body)


def test_account_without_dossier_has_no_member(roles, api_client):
    body = api_client(roles["admin_a"]).get("/api/app/me/").json()
    assert body["member"] is None and body["account"]["username"] == "admin_a"


def test_change_request_through_the_app(roles, api_client):
    client = api_client(roles["member_a"])
    created = client.post(
        "/api/app/me/change-requests",
        {"changes": {"home_address": "慈利县零阳镇1号"}},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["status"] == "pending"
    assert created.json()["changes"][0]["label"] == "家庭住址"
    listed = client.get("/api/app/me/change-requests").json()
    assert listed["count"] == 1


def test_change_request_refusals_name_the_field(roles, api_client):
    client = api_client(roles["member_a"])
    category = client.post(
        "/api/app/me/change-requests",
        {"changes": {"category": "probationary"}},
        content_type="application/json",
    )
    assert category.status_code == 422
    assert category.json()["code"] == "field_not_self_service"
    assert "category" in category.json()["fields"]
    phone = client.post(
        "/api/app/me/change-requests",
        {"changes": {"phone": "12345"}},
        content_type="application/json",
    )
    assert phone.status_code == 422 and "phone" in phone.json()["fields"]


def test_decisions_send_the_member_a_message(roles, api_client):
    approved = change_request_of(roles["member_a"])
    change_request_approve(request=approved, actor=roles["admin_a"])
    rejected = change_request_of(roles["member_a"], phone="13911112222")
    change_request_reject(request=rejected, actor=roles["admin_a"], reason="号码有误")
    titles = [
        m["title"] for m in api_client(roles["member_a"]).get("/api/app/messages/").json()["items"]
    ]
    assert titles == ["您的档案修改申请被驳回", "您的档案修改申请已通过"]
    assert not Message.objects.filter(recipient=roles["member_b"]).exists()


def test_transfer_messages_reach_the_member_and_the_receiving_administrators(roles, tree):
    transfer = transfer_start(
        member=roles["member_a"].member, to_organisation=tree["second"], actor=roles["admin_a"]
    )
    assert Message.objects.filter(recipient=roles["member_a"], object_id=transfer.pk).count() == 1
    assert Message.objects.filter(recipient=roles["admin_parent"], object_id=transfer.pk).exists()
    assert not Message.objects.filter(recipient=roles["admin_a"]).exists()
    transfer_accept(transfer=transfer, actor=roles["admin_parent"])
    assert Message.objects.filter(
        recipient=roles["member_a"], title="您的组织关系已转入「二支部」"
    ).exists()


def test_read_one_read_all_and_unread_filter(roles, api_client):
    first = message_for(roles["member_a"], "一")
    message_for(roles["member_a"], "二")
    client = api_client(roles["member_a"])
    assert client.get("/api/app/messages/unread-count").json() == {"count": 2}
    read = client.post(f"/api/app/messages/{first.pk}/read")
    assert read.status_code == 200 and read.json()["is_read"]
    assert client.post(f"/api/app/messages/{first.pk}/read").status_code == 200  # idempotent
    unread = client.get("/api/app/messages/?unread=true").json()
    assert [m["title"] for m in unread["items"]] == ["二"]
    assert client.post("/api/app/messages/read-all").json() == {"updated": 1}
    assert client.get("/api/app/messages/unread-count").json() == {"count": 0}


def test_someone_elses_message_is_not_found(roles, api_client):
    message = message_for(roles["member_a"])
    response = api_client(roles["member_b"]).post(f"/api/app/messages/{message.pk}/read")
    assert response.status_code == 404
    assert Message.objects.get(pk=message.pk).read_at is None


@pytest.mark.parametrize("url", ["/api/app/messages/", "/api/app/me/change-requests"])
def test_my_lists_use_the_same_queries_for_any_page_size(
    url, roles, api_client, django_assert_max_num_queries
):
    user = roles["member_a"]
    for number in range(35):
        message_for(user, f"消息{number}")
    MemberChangeRequest.objects.bulk_create(
        [
            MemberChangeRequest(
                member=user.member, changes={"ethnicity": "汉族"}, requested_by=user
            )
            for _ in range(35)
        ]
    )
    client = api_client(user)
    with django_assert_max_num_queries(8) as small:
        assert len(client.get(url + "?limit=1").json()["items"]) == 1
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get(url + "?limit=100").json()["items"]) == 35


def test_times_are_given_in_beijing_time(tree):
    """The app shows times as they are in Asia/Shanghai (+08:00), not UTC."""
    import datetime as dt

    from django.utils import timezone

    from partybuild.models import Message
    from tests.api.conftest import client_for, make_member_account
    from tests.api.factories import message_for

    user = make_member_account(
        "timed", tree["first"], phone="13700000055", birth=dt.date(1990, 1, 2)
    )
    message = message_for(user)
    Message.objects.filter(pk=message.pk).update(
        created_at=dt.datetime(2026, 11, 28, 16, 30, tzinfo=dt.UTC)
    )
    body = client_for(user).get("/api/app/messages/").json()
    assert body["items"][0]["created_at"] == "2026-11-29T00:30:00+08:00"
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"

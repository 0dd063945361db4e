"""我的消息 through the app: what a message shows, whose messages are listed, reading them.

tests/api/test_me_and_messages.py covers read / read-all / the unread filter and the query
count; these add the exact shape, isolation between accounts and the not-found answers.
"""

import datetime

import pytest

from partybuild.models import Message, MessageKind
from partybuild.services.messages import message_send
from tests.api.factories import message_for

pytestmark = pytest.mark.django_db


def test_a_message_shows_exactly_its_fields(roles, api_client):
    message_send(
        recipients=[roles["member_a"]],
        kind=MessageKind.TRANSFER,
        title="您的组织关系已转入「二支部」",
        body="转入日期：2026-11-01",
        object_type="transfer",
        object_id=7,
    )
    body = api_client(roles["member_a"]).get("/api/app/messages/").json()
    assert body["count"] == 1
    [item] = body["items"]
    assert set(item) == {
        "id",
        "kind",
        "kind_label",
        "title",
        "body",
        "object_type",
        "object_id",
        "created_at",
        "read_at",
        "is_read",
    }
    assert item["kind"] == "transfer" and item["kind_label"] == "组织关系转接"
    assert item["title"] == "您的组织关系已转入「二支部」"
    assert (item["object_type"], item["object_id"]) == ("transfer", 7)
    assert datetime.datetime.fromisoformat(item["created_at"]).tzinfo is not None
    assert item["read_at"] is None and item["is_read"] is False


def test_i_see_only_my_own_messages(roles, api_client):
    message_for(roles["member_a"], "给一支部党员")
    message_for(roles["member_b"], "给二支部党员")
    message_for(roles["admin_parent"], "给总支管理员")
    for role, title in [
        ("member_a", "给一支部党员"),
        ("member_b", "给二支部党员"),
        ("admin_parent", "给总支管理员"),
    ]:
        client = api_client(roles[role])
        assert [m["title"] for m in client.get("/api/app/messages/").json()["items"]] == [title]
        assert client.get("/api/app/messages/unread-count").json() == {"count": 1}
    superuser = api_client(roles["superuser"])
    assert superuser.get("/api/app/messages/").json() == {"items": [], "count": 0}


def test_newest_first_and_paginated(roles, api_client):
    for title in ["一", "二", "三"]:
        message_for(roles["member_a"], title)
    client = api_client(roles["member_a"])
    assert [m["title"] for m in client.get("/api/app/messages/").json()["items"]] == [
        "三",
        "二",
        "一",
    ]
    page = client.get("/api/app/messages/?limit=1&offset=1").json()
    assert page == {"items": [page["items"][0]], "count": 3} and page["items"][0]["title"] == "二"


def test_read_all_leaves_other_accounts_unread(roles, api_client):
    message_for(roles["member_a"])
    message_for(roles["member_a"])
    theirs = message_for(roles["member_b"])
    response = api_client(roles["member_a"]).post("/api/app/messages/read-all")
    assert response.json() == {"updated": 2}
    assert Message.objects.get(pk=theirs.pk).read_at is None
    assert api_client(roles["member_b"]).get("/api/app/messages/unread-count").json() == {
        "count": 1
    }
    again = api_client(roles["member_a"]).post("/api/app/messages/read-all")
    assert again.json() == {"updated": 0}


def test_reading_keeps_the_first_reading_time(roles, api_client):
    message = message_for(roles["member_a"])
    client = api_client(roles["member_a"])
    first = client.post(f"/api/app/messages/{message.pk}/read").json()
    second = client.post(f"/api/app/messages/{message.pk}/read").json()
    assert first["read_at"] is not None and second["read_at"] == first["read_at"]
    listed = client.get("/api/app/messages/?unread=true").json()
    assert listed == {"items": [], "count": 0}


def test_someone_elses_message_answers_like_a_missing_one(roles, api_client):
    theirs = message_for(roles["member_b"])
    missing = Message.objects.order_by("-pk").first().pk + 1000
    client = api_client(roles["member_a"])
    other = client.post(f"/api/app/messages/{theirs.pk}/read")
    absent = client.post(f"/api/app/messages/{missing}/read")
    assert other.status_code == absent.status_code == 404
    assert other.json() == absent.json()
    assert other.json()["code"] == "not_found"
    assert Message.objects.get(pk=theirs.pk).read_at is None


def test_an_id_out_of_range_is_refused_not_an_error(roles, api_client):
    client = api_client(roles["member_a"])
    assert client.post(f"/api/app/messages/{10**30}/read").status_code == 422
    assert client.post("/api/app/messages/0/read").status_code == 422


def test_unread_filter_must_be_a_boolean(roles, api_client):
    response = api_client(roles["member_a"]).get("/api/app/messages/?unread=maybe")
    assert response.status_code == 422 and "unread" in response.json()["fields"]


def test_anonymous_gets_401_everywhere(api_client, db):
    client = api_client(None)
    assert client.get("/api/app/messages/").status_code == 401
    assert client.get("/api/app/messages/unread-count").status_code == 401
    assert client.post("/api/app/messages/read-all").status_code == 401
    assert client.post("/api/app/messages/1/read").status_code == 401


def test_inactive_accounts_are_not_sent_messages(roles):
    roles["member_b"].is_active = False
    roles["member_b"].save(update_fields=["is_active"])
    sent = message_send(
        recipients=[roles["member_a"], roles["member_b"], roles["member_a"].pk],
        kind=MessageKind.SYSTEM,
        title="系统维护",
    )
    assert sent == 1
    assert list(Message.objects.values_list("recipient", flat=True)) == [roles["member_a"].pk]

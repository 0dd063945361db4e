"""通知公告 in the app: targeting by subtree, read receipts, messages on first publication, and
the administrators' 阅读统计."""

import datetime
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError
from wagtail.documents import get_document_model

from content.models import NoticeIndexPage, NoticePage, NoticeReceipt
from content.receipts import notice_receipt_record, notice_receipt_summary
from partybuild.models import Member, Message, User
from tests.api.factories import member_in, publish_notice

pytestmark = pytest.mark.django_db


def titles(client, url="/api/app/notices/"):
    return [item["title"] for item in client.get(url).json()["items"]]


def receipts(client, notice):
    return client.get(f"/api/app/notices/{notice.pk}/receipts")


# --- who a notice reaches ----------------------------------------------------------------------


def test_notices_reach_the_members_of_the_targeted_subtrees(roles, tree, api_client):
    publish_notice("全县通知")
    publish_notice("总支通知", tree["general"])
    publish_notice("一支部通知", tree["first"])
    publish_notice("乡镇通知", tree["town"])
    assert sorted(titles(api_client(roles["member_a"]))) == sorted(
        ["全县通知", "总支通知", "一支部通知"]
    )
    assert sorted(titles(api_client(roles["member_b"]))) == sorted(["全县通知", "总支通知"])


def test_a_member_of_a_group_below_the_branch_is_reached(tree, api_client):
    member = member_in(tree["group"], "grouped", "13800138011")
    publish_notice("一支部通知", tree["first"])
    publish_notice("二支部通知", tree["second"])
    assert titles(api_client(member.user)) == ["一支部通知"]


def test_accounts_without_a_dossier_get_an_empty_list(roles, api_client):
    publish_notice("全县通知")
    for role in ("admin_a", "admin_parent", "superuser"):
        assert api_client(roles[role]).get("/api/app/notices/").json() == {"items": [], "count": 0}


def test_a_member_off_the_roll_gets_no_notices(roles, api_client):
    publish_notice("全县通知")
    Member.objects.filter(user=roles["member_a"]).update(is_on_roll=False)
    assert titles(api_client(roles["member_a"])) == []


def test_list_items_name_the_targets_newest_first(roles, tree, api_client):
    publish_notice("旧通知", date=datetime.date(2026, 1, 5))
    publish_notice("新通知", tree["first"], tree["second"], date=datetime.date(2026, 3, 1))
    items = api_client(roles["member_a"]).get("/api/app/notices/").json()["items"]
    assert [item["title"] for item in items] == ["新通知", "旧通知"]
    assert sorted(o["name"] for o in items[0]["target_organisations"]) == ["一支部", "二支部"]
    assert items[1]["target_organisations"] == []
    assert items[0]["date"] == "2026-03-01" and items[0]["summary"] == "摘要"
    assert items[0]["is_read"] is False


def test_drafts_and_unpublished_notices_are_not_listed(roles, api_client):
    notice = publish_notice("撤回的通知")
    notice.unpublish()
    draft = NoticePage(title="草稿通知", date=datetime.date(2026, 11, 1), live=False)
    NoticeIndexPage.objects.first().add_child(instance=draft)
    draft.save_revision()
    client = api_client(roles["member_a"])
    assert titles(client) == []
    assert client.get(f"/api/app/notices/{notice.pk}").status_code == 404


# --- reading and receipts ---------------------------------------------------------------------


def test_opening_a_notice_records_one_receipt(roles, tree, api_client):
    notice = publish_notice("一支部通知", tree["first"])
    client = api_client(roles["member_a"])
    assert client.get("/api/app/notices/?unread=true").json()["count"] == 1
    for _ in range(3):
        detail = client.get(f"/api/app/notices/{notice.pk}")
        assert detail.status_code == 200 and detail.json()["is_read"] is True
    assert NoticeReceipt.objects.filter(notice=notice).count() == 1
    assert client.get("/api/app/notices/").json()["items"][0]["is_read"] is True
    assert client.get("/api/app/notices/?unread=true").json()["count"] == 0


def test_recording_a_receipt_is_idempotent_and_survives_a_race(roles, tree):
    notice = publish_notice("一支部通知", tree["first"])
    assert notice_receipt_record(notice=notice, user=roles["member_a"]) is True
    assert notice_receipt_record(notice=notice, user=roles["member_a"]) is False
    with mock.patch.object(
        NoticeReceipt.objects, "get_or_create", side_effect=IntegrityError("duplicate")
    ):
        assert notice_receipt_record(notice=notice, user=roles["member_a"]) is False
    assert notice_receipt_record(notice=notice, user=roles["admin_a"]) is False
    assert NoticeReceipt.objects.count() == 1


def test_the_detail_renders_the_body_and_attachments(roles, tree, api_client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    document = get_document_model().objects.create(
        title="会议议程", file=ContentFile(b"%PDF-1.4\n", name="agenda.pdf")
    )
    notice = NoticePage(
        title="关于召开党员大会的通知",
        date=datetime.date(2026, 11, 2),
        summary="请准时参加",
        body=[
            ("heading", {"text": "会议安排", "size": "h2"}),
            ("paragraph", "<p>周五下午三点，三楼会议室。</p>"),
        ],
        attachments=[("document", {"document": document, "title": "议程"})],
    )
    notice.target_organisations = [tree["first"]]
    NoticeIndexPage.objects.first().add_child(instance=notice)
    notice.save_revision().publish()
    data = api_client(roles["member_a"]).get(f"/api/app/notices/{notice.pk}").json()
    assert [block["type"] for block in data["body"]] == ["heading", "paragraph"]
    assert data["body"][0]["value"] == {"text": "会议安排", "size": "h2"}
    assert "三楼会议室" in data["body"][1]["value"]
    assert data["attachments"][0]["value"] == {"document": document.pk, "title": "议程"}
    assert data["downloads"] == [
        {"id": document.pk, "title": "议程", "url": document.url, "file_extension": "pdf"}
    ]
    assert data["target_organisations"] == [{"id": tree["first"].pk, "name": "一支部"}]


def test_a_notice_for_another_branch_is_not_found(roles, tree, api_client):
    notice = publish_notice("一支部通知", tree["first"])
    response = api_client(roles["member_b"]).get(f"/api/app/notices/{notice.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    missing = api_client(roles["member_b"]).get("/api/app/notices/999999")
    assert missing.json() == response.json()
    assert api_client(roles["member_b"]).get("/api/app/notices/99999999999").status_code == 422
    assert not NoticeReceipt.objects.exists()


def test_administrators_can_open_notices_of_their_subtree_without_a_receipt(
    roles, tree, api_client
):
    mine = publish_notice("一支部通知", tree["first"])
    other = publish_notice("二支部通知", tree["second"])
    admin = api_client(roles["admin_a"])
    opened = admin.get(f"/api/app/notices/{mine.pk}")
    assert opened.status_code == 200 and opened.json()["is_read"] is False
    assert admin.get(f"/api/app/notices/{other.pk}").status_code == 404
    assert api_client(roles["admin_parent"]).get(f"/api/app/notices/{other.pk}").status_code == 200
    assert not NoticeReceipt.objects.exists()


def test_anonymous_callers_must_sign_in(tree, api_client):
    notice = publish_notice("全县通知")
    for url in ("/api/app/notices/", f"/api/app/notices/{notice.pk}"):
        response = api_client(None).get(url)
        assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_the_page_size_is_bounded(roles, api_client):
    response = api_client(roles["member_a"]).get("/api/app/notices/?limit=101")
    assert response.status_code == 422 and "limit" in response.json()["fields"]


# --- messages on publication ------------------------------------------------------------------


def test_first_publication_sends_messages_to_the_audience_only(roles, tree):
    notice = publish_notice("一支部通知", tree["first"])
    messages = Message.objects.filter(object_type="notice", object_id=notice.pk)
    assert [m.recipient_id for m in messages] == [roles["member_a"].pk]
    assert messages[0].kind == "notice" and "一支部通知" in messages[0].title
    notice.title = "一支部通知（更正）"
    notice.save_revision().publish()
    notice.unpublish()
    notice.save_revision().publish()
    assert messages.count() == 1


def test_an_untargeted_notice_messages_every_active_account_on_the_roll(roles, tree):
    inactive = member_in(tree["third"], "member_c", "13800138021")
    User.objects.filter(pk=inactive.user_id).update(is_active=False)
    member_in(tree["second"], "member_d", "13800138022")
    notice = publish_notice("全县通知")
    recipients = set(
        Message.objects.filter(object_id=notice.pk).values_list("recipient__username", flat=True)
    )
    assert recipients == {"member_a", "member_b", "member_d"}


def test_a_member_reads_the_message_in_the_app(roles, tree, api_client):
    notice = publish_notice("总支通知", tree["general"])
    items = api_client(roles["member_b"]).get("/api/app/messages/").json()["items"]
    assert [(m["object_type"], m["object_id"]) for m in items] == [("notice", notice.pk)]


# --- 阅读统计 for administrators --------------------------------------------------------------


def test_receipts_for_administrators_are_limited_to_their_subtree(roles, tree, api_client):
    member_in(tree["first"], "member_a2", "13800138003")
    notice = publish_notice("总支通知", tree["general"])
    api_client(roles["member_a"]).get(f"/api/app/notices/{notice.pk}")

    parent = receipts(api_client(roles["admin_parent"]), notice).json()
    assert (parent["audience"], parent["read"], parent["unread"], parent["rate"]) == (
        3,
        1,
        2,
        0.3333,
    )
    rows = {
        row["organisation"]: (row["audience"], row["read"], row["unread"])
        for row in parent["organisations"]
    }
    assert rows == {"一支部": (2, 1, 1), "二支部": (1, 0, 1)}
    assert [m["name"] for m in parent["unread_members"]] == ["党员member_a2", "党员member_b"]
    assert parent["unread_members_truncated"] is False

    branch = receipts(api_client(roles["admin_a"]), notice).json()
    assert (branch["audience"], branch["read"], branch["unread"]) == (2, 1, 1)
    assert [row["organisation"] for row in branch["organisations"]] == ["一支部"]
    assert [m["name"] for m in branch["unread_members"]] == ["党员member_a2"]

    everyone = receipts(api_client(roles["superuser"]), notice).json()
    assert everyone["audience"] == 3


def test_receipts_name_no_phone_or_id_number(roles, tree, api_client):
    notice = publish_notice("总支通知", tree["general"])
    text = receipts(api_client(roles["admin_parent"]), notice).content.decode()
    assert "13800138002" not in text and roles["member_b"].member.id_number not in text
    assert set(receipts(api_client(roles["admin_parent"]), notice).json()["unread_members"][0]) == {
        "member_id",
        "name",
        "organisation",
    }


def test_members_may_not_see_receipts(roles, tree, api_client):
    notice = publish_notice("一支部通知", tree["first"])
    response = receipts(api_client(roles["member_a"]), notice)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_receipts_of_a_notice_outside_the_subtree_are_not_found(roles, tree, api_client):
    notice = publish_notice("二支部通知", tree["second"])
    outside = receipts(api_client(roles["admin_a"]), notice)
    assert outside.status_code == 404
    assert api_client(roles["admin_a"]).get("/api/app/notices/999999/receipts").json() == (
        outside.json()
    )
    town = publish_notice("乡镇通知", tree["town"])
    assert receipts(api_client(roles["admin_parent"]), town).status_code == 404
    assert receipts(api_client(roles["superuser"]), town).status_code == 200


def test_unread_names_are_capped_but_totals_count_everyone(roles, tree):
    member_in(tree["first"], "member_a2", "13800138003")
    notice = publish_notice("总支通知", tree["general"])
    summary = notice_receipt_summary(notice=notice, members=Member.objects.all(), unread_limit=2)
    assert summary["unread"] == 3 and len(summary["unread_members"]) == 2
    assert summary["unread_members_truncated"] is True


def test_receipts_queries_do_not_grow_with_the_audience(
    roles, tree, api_client, django_assert_max_num_queries
):
    notice = publish_notice("总支通知", tree["general"])
    client = api_client(roles["admin_parent"])
    with django_assert_max_num_queries(13) as small:
        assert receipts(client, notice).json()["audience"] == 2
    for number in range(30):
        member = member_in(
            tree["first"] if number % 2 else tree["second"], f"m{number}", f"1370000{number:04d}"
        )
        if number % 3 == 0:
            notice_receipt_record(notice=notice, user=member.user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        data = receipts(client, notice).json()
    assert (data["audience"], data["read"]) == (32, 10)


def test_reading_a_notice_reads_the_message_that_announced_it(roles, tree, api_client):
    notice = publish_notice("一支部通知", tree["first"])
    other = publish_notice("另一条通知", tree["first"])
    client = api_client(roles["member_a"])
    assert client.get("/api/app/messages/unread-count").json()["count"] == 2
    client.get(f"/api/app/notices/{notice.pk}")
    assert client.get("/api/app/messages/unread-count").json()["count"] == 1
    unread = client.get("/api/app/messages/").json()["items"]
    assert [(m["object_id"], m["is_read"]) for m in unread] == [
        (other.pk, False),
        (notice.pk, True),
    ]

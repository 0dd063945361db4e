"""通知公告 in the app: targeting by subtree, read receipts, statistics in the API and the admin."""

import io

import pytest
from openpyxl import load_workbook

from content.models import NoticeReceipt
from partybuild.models import Message
from tests.api.factories import member_in, publish_notice

pytestmark = pytest.mark.django_db


def titles(client, url="/api/app/notices/"):
    return [item["title"] for item in client.get(url).json()["items"]]


def test_notices_reach_the_members_of_the_targeted_subtrees(roles, tree, api_client):
    publish_notice("全县通知")
    publish_notice("总支通知", tree["general"])
    publish_notice("一支部通知", tree["first"])
    publish_notice("乡镇通知", tree["town"])
    assert sorted(titles(api_client(roles["member_a"]))) == sorted(
        ["全县通知", "总支通知", "一支部通知"]
    )
    assert sorted(titles(api_client(roles["member_b"]))) == sorted(["全县通知", "总支通知"])
    assert titles(api_client(roles["admin_a"])) == []  # no dossier: nothing addressed to them


def test_opening_a_notice_records_one_receipt(roles, tree, api_client):
    notice = publish_notice("一支部通知", tree["first"])
    client = api_client(roles["member_a"])
    assert client.get("/api/app/notices/").json()["items"][0]["is_read"] is False
    for _ in range(3):
        detail = client.get(f"/api/app/notices/{notice.pk}")
        assert detail.status_code == 200 and detail.json()["is_read"] is True
    assert NoticeReceipt.objects.filter(notice=notice).count() == 1
    assert client.get("/api/app/notices/?unread=true").json()["count"] == 0


def test_a_notice_for_another_branch_is_not_found(roles, tree, api_client):
    notice = publish_notice("一支部通知", tree["first"])
    assert api_client(roles["member_b"]).get(f"/api/app/notices/{notice.pk}").status_code == 404
    assert not NoticeReceipt.objects.exists()


def test_first_publication_sends_messages_to_the_audience_only(roles, tree):
    notice = publish_notice("一支部通知", tree["first"])
    assert list(
        Message.objects.filter(object_id=notice.pk).values_list("recipient", flat=True)
    ) == [roles["member_a"].pk]
    notice.title = "一支部通知（更正）"
    notice.save_revision().publish()
    assert Message.objects.filter(object_id=notice.pk).count() == 1


def test_receipts_for_administrators_are_limited_to_their_subtree(roles, tree, api_client):
    member_in(tree["first"], "member_a2", "13800138003")
    notice = publish_notice("总支通知", tree["general"])
    api_client(roles["member_a"]).get(f"/api/app/notices/{notice.pk}")
    parent = api_client(roles["admin_parent"]).get(f"/api/app/notices/{notice.pk}/receipts").json()
    assert (parent["audience"], parent["read"], parent["unread"]) == (3, 1, 2)
    rows = {row["organisation"]: (row["audience"], row["read"]) for row in parent["organisations"]}
    assert rows == {"一支部": (2, 1), "二支部": (1, 0)}
    assert sorted(m["name"] for m in parent["unread_members"]) == ["党员member_a2", "党员member_b"]
    branch = api_client(roles["admin_a"]).get(f"/api/app/notices/{notice.pk}/receipts").json()
    assert (branch["audience"], branch["read"]) == (2, 1)
    assert [m["name"] for m in branch["unread_members"]] == ["党员member_a2"]
    assert (
        api_client(roles["member_a"]).get(f"/api/app/notices/{notice.pk}/receipts").status_code
        == 403
    )


def test_receipts_of_a_notice_outside_the_subtree_are_not_found(roles, tree, api_client):
    notice = publish_notice("二支部通知", tree["second"])
    response = api_client(roles["admin_a"]).get(f"/api/app/notices/{notice.pk}/receipts")
    assert response.status_code == 404


def test_admin_receipts_view_and_export(roles, tree, client):
    notice = publish_notice("总支通知", tree["general"])
    from tests.api.conftest import client_for

    client_for(roles["member_a"]).get(f"/api/app/notices/{notice.pk}")
    client.force_login(roles["superuser"])
    page = client.get(f"/admin/notices/{notice.pk}/receipts/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "应读 <strong>2</strong> 人" in text and "党员member_b" in text
    export = client.get(f"/admin/notices/{notice.pk}/receipts.xlsx")
    assert export.status_code == 200
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][0].startswith("通知公告阅读统计：总支通知")
    assert rows[2][:4] == ("党组织", "应读人数", "已读人数", "未读人数")
    assert ("合计", 2, 1, 1, "50.0%") in rows
    assert ("党员member_b", "二支部") in [row[:2] for row in rows]


def test_admin_receipts_view_is_scoped(roles, tree, client):
    notice = publish_notice("二支部通知", tree["second"])
    roles["admin_a"].groups.add(*roles["admin_parent"].groups.all())
    client.force_login(roles["admin_a"])
    assert client.get(f"/admin/notices/{notice.pk}/receipts/").status_code == 404


def test_notice_list_queries_do_not_grow_with_the_page(
    roles, tree, api_client, django_assert_max_num_queries
):
    for number in range(32):
        publish_notice(f"通知{number}", tree["first"])
    client = api_client(roles["member_a"])
    with django_assert_max_num_queries(10) as small:
        client.get("/api/app/notices/?limit=1")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get("/api/app/notices/?limit=100").json()["items"]) == 32

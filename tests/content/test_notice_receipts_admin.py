"""通知公告「阅读统计」 in the Wagtail admin: the page, its scoping, the xlsx export and the buttons
that lead to it."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from openpyxl import load_workbook

from content.receipts import notice_receipt_record
from content.wagtail_hooks import notice_receipts_header_button
from partybuild.models import User
from tests.api.conftest import make_member_account
from tests.api.factories import publish_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree, api_admin, superuser):
    """Members in 一支部 (two), 二支部 and 三支部, and administrators of 一支部 and 一总支."""

    def member(username, organisation, phone, serial):
        return make_member_account(
            username, organisation, phone=phone, birth=datetime.date(1988, 8, 8), serial=serial
        )

    return {
        "a1": member("a1", tree["first"], "13800138101", "101"),
        "a2": member("a2", tree["first"], "13800138102", "103"),
        "b1": member("b1", tree["second"], "13800138103", "105"),
        "c1": member("c1", tree["third"], "13800138104", "107"),
        "admin_a": api_admin("admin_a", tree["first"]),
        "admin_parent": api_admin("admin_parent", tree["general"]),
        "superuser": superuser,
    }


def view_url(notice):
    return reverse("content_notice_receipts", args=[notice.pk])


def export_url(notice):
    return reverse("content_notice_receipts_export", args=[notice.pk])


def sheet_rows(response):
    workbook = load_workbook(io.BytesIO(response.content))
    return list(workbook.active.iter_rows(values_only=True))


def test_the_superuser_sees_everyone(people, client):
    notice = publish_notice("全县通知")
    notice_receipt_record(notice=notice, user=people["a1"])
    client.force_login(people["superuser"])
    response = client.get(view_url(notice))
    assert response.status_code == 200
    text = response.content.decode()
    assert "应读 <strong>4</strong> 人，已读 <strong>1</strong> 人" in text
    assert "阅读率 <strong>25.0%</strong>" in text
    for name in ("党员a2", "党员b1", "党员c1"):
        assert name in text
    assert "<td>党员a1</td>" not in text
    assert export_url(notice) in text
    summary = response.context["summary"]
    assert [(r["organisation"], r["audience"], r["read"]) for r in summary["organisations"]] == [
        ("一支部", 2, 1),
        ("二支部", 1, 0),
        ("三支部", 1, 0),
    ]


def test_an_administrator_sees_only_their_subtree(people, client):
    notice = publish_notice("全县通知")
    client.force_login(people["admin_parent"])
    summary = client.get(view_url(notice)).context["summary"]
    assert summary["audience"] == 3
    assert [m["name"] for m in summary["unread_members"]] == ["党员a1", "党员a2", "党员b1"]
    client.force_login(people["admin_a"])
    summary = client.get(view_url(notice)).context["summary"]
    assert [r["organisation"] for r in summary["organisations"]] == ["一支部"]


def test_a_notice_outside_the_subtree_is_not_found(people, tree, client):
    notice = publish_notice("二支部通知", tree["second"])
    client.force_login(people["admin_a"])
    assert client.get(view_url(notice)).status_code == 404
    assert client.get(export_url(notice)).status_code == 404
    assert client.get(reverse("content_notice_receipts", args=[999999])).status_code == 404


def test_editors_who_administer_nothing_are_turned_away(people, tree, client):
    editor = User.objects.create_user(username="editor", password="x-y-z-123456", name="编辑")
    group = Group.objects.create(name="编辑")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    notice = publish_notice("一支部通知", tree["first"])
    client.force_login(editor)
    for url in (view_url(notice), export_url(notice)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_anonymous_visitors_are_sent_to_the_login(people, tree, client):
    notice = publish_notice("一支部通知", tree["first"])
    response = client.get(view_url(notice))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get(export_url(notice)).status_code == 302


def test_the_export_has_title_table_totals_and_unread_names(people, tree, client):
    notice = publish_notice("总支通知", tree["general"])
    notice_receipt_record(notice=notice, user=people["a1"])
    client.force_login(people["admin_parent"])
    response = client.get(export_url(notice))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    rows = sheet_rows(response)
    assert rows[0][0].startswith("通知公告阅读统计：总支通知（导出时间 ")
    assert rows[2] == ("党组织", "应读人数", "已读人数", "未读人数", "阅读率")
    assert rows[3] == ("一支部", 2, 1, 1, "50.0%")
    assert rows[4] == ("二支部", 1, 0, 1, "0.0%")
    assert rows[5] == ("合计", 3, 1, 2, "33.3%")
    assert rows[7][:2] == ("未读人员", "所在党组织")
    assert [row[:2] for row in rows[8:]] == [("党员a2", "一支部"), ("党员b1", "二支部")]
    text = " ".join(str(value) for row in rows for value in row if value is not None)
    assert "13800138102" not in text and "1388" not in text


def test_the_export_writes_formula_like_text_as_text(people, tree, client):
    notice = publish_notice('=HYPERLINK("http://evil.example","点我")', tree["first"])
    member = people["a2"].member
    member.name = "=1+1"
    member.save()
    client.force_login(people["superuser"])
    workbook = load_workbook(io.BytesIO(client.get(export_url(notice)).content))
    cells = [cell for row in workbook.active.iter_rows() for cell in row if cell.value]
    assert all(cell.data_type != "f" for cell in cells)
    assert any(cell.value == "=1+1" and cell.data_type == "s" for cell in cells)


def test_the_page_caps_the_unread_names_and_the_export_lists_them_all(
    people, tree, client, monkeypatch
):
    monkeypatch.setattr("content.admin_receipts.PAGE_UNREAD_LIMIT", 1)
    notice = publish_notice("一支部通知", tree["first"])
    client.force_login(people["admin_a"])
    text = client.get(view_url(notice)).content.decode()
    assert "仅显示前 1 人" in text and "党员a1" in text and "党员a2" not in text
    rows = sheet_rows(client.get(export_url(notice)))
    assert ("党员a2", "一支部") in [row[:2] for row in rows]


def test_the_notice_page_offers_the_receipts_to_its_administrators(people, tree, client):
    notice = publish_notice("一支部通知", tree["first"])
    other = publish_notice("二支部通知", tree["second"])
    client.force_login(people["superuser"])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[notice.pk])).content.decode()
    assert view_url(notice) in edit and "阅读统计" in edit
    listing = client.get(reverse("wagtailadmin_explore", args=[notice.get_parent().pk]))
    assert view_url(notice) in listing.content.decode()

    def buttons(page, username):
        return list(notice_receipts_header_button(page, people[username], "edit"))

    assert len(buttons(notice, "admin_a")) == 1
    assert buttons(other, "admin_a") == []
    assert len(buttons(other, "admin_parent")) == 1
    assert buttons(notice, "a1") == []

"""A 通知公告 read on the web portal counts as read (issue 14, item 9).

Opening the notice page on the portal while logged in as a member it is addressed to records the
read receipt through the same service as the app API, so 阅读统计 (admin page and app API)
counts it; anonymous visitors, accounts without a dossier and members the notice is not for
record nothing, and opening it twice records one receipt."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from content.models import NoticeReceipt
from tests.api.conftest import client_for, make_member_account
from tests.api.factories import publish_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree, api_admin):
    return {
        "a1": make_member_account(
            "a1", tree["first"], phone="13800138101", birth=datetime.date(1988, 8, 8), serial="101"
        ),
        "a2": make_member_account(
            "a2", tree["first"], phone="13800138102", birth=datetime.date(1988, 8, 8), serial="103"
        ),
        "c1": make_member_account(
            "c1", tree["third"], phone="13800138104", birth=datetime.date(1988, 8, 8), serial="107"
        ),
        "admin_a": api_admin("admin_a", tree["first"]),
    }


def _portal(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_a_member_reading_on_the_portal_is_counted(people, tree):
    notice = publish_notice("一支部通知", tree["first"])
    response = _portal(people["a1"]).get(notice.url)
    assert response.status_code == 200 and "一支部通知" in response.content.decode()
    assert list(NoticeReceipt.objects.values_list("member__user", flat=True)) == [people["a1"].pk]

    admin = _portal(people["admin_a"])
    page = admin.get(reverse("content_notice_receipts", args=[notice.pk]))
    assert page.context["summary"]["read"] == 1
    assert page.context["summary"]["rate"] == 0.5
    assert "阅读率 <strong>50.0%</strong>" in page.content.decode()
    receipts = client_for(people["admin_a"]).get(f"/api/app/notices/{notice.pk}/receipts")
    assert (receipts.json()["read"], receipts.json()["unread"]) == (1, 1)
    listed = client_for(people["a1"]).get("/api/app/notices/").json()["items"]
    assert [(item["id"], item["is_read"]) for item in listed] == [(notice.pk, True)]


def test_opening_twice_records_once(people, tree):
    notice = publish_notice("全体通知")
    client = _portal(people["a1"])
    client.get(notice.url)
    first = NoticeReceipt.objects.get()
    client.get(notice.url)
    client_for(people["a1"]).get(f"/api/app/notices/{notice.pk}")
    assert list(NoticeReceipt.objects.all()) == [first]
    assert NoticeReceipt.objects.get().read_at == first.read_at


def test_anonymous_visitors_and_non_members_record_nothing(people, tree, superuser):
    notice = publish_notice("全体通知")
    for user in (None, people["admin_a"], superuser):
        assert _portal(user).get(notice.url).status_code == 200
    assert not NoticeReceipt.objects.exists()


def test_a_member_the_notice_is_not_for_records_nothing(people, tree):
    notice = publish_notice("一支部通知", tree["first"])
    assert _portal(people["c1"]).get(notice.url).status_code == 200
    assert not NoticeReceipt.objects.exists()
    summary = (
        _portal(people["admin_a"])
        .get(reverse("content_notice_receipts", args=[notice.pk]))
        .context["summary"]
    )
    assert (summary["audience"], summary["read"]) == (2, 0)


def test_the_section_listing_records_nothing(people, tree):
    notice = publish_notice("全体通知")
    assert _portal(people["a1"]).get(notice.get_parent().url).status_code == 200
    assert not NoticeReceipt.objects.exists()

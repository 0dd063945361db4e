"""The notice read-rate panel (content/admin_statistics.py): hand counts, scope, the last 30
days only, its export through the shared statistics export URL, constant queries in members."""

import datetime
import io

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from content.admin_statistics import NOTICE_PANEL, statistics_notices
from content.models import NoticeReceipt
from partybuild.admin.statistics import StatisticsPanel
from tests.api.factories import publish_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def reading(tree, member_factory):
    """一支部: 3 members, 2 read the 一支部 notice; the all-members notice read by 1 of 5."""
    first = [member_factory("一支部") for _ in range(3)]
    others = [member_factory("二支部"), member_factory("三支部")]
    branch_notice = publish_notice("一支部学习通知", tree["first"])
    everyone = publish_notice("全体党员通知")
    for member in first[:2]:
        NoticeReceipt.objects.create(notice=branch_notice, member=member)
    NoticeReceipt.objects.create(notice=everyone, member=others[1])
    return {"branch": branch_notice, "everyone": everyone}


def test_read_rate_equals_hand_counts(reading, superuser, make_admin, tree):
    data = statistics_notices(user=superuser)
    by_title = {row["title"]: (row["audience"], row["read"]) for row in data["rows"]}
    assert by_title == {"一支部学习通知": (3, 2), "全体党员通知": (5, 1)}
    assert (data["audience"], data["read"]) == (8, 3)
    general = statistics_notices(user=make_admin("general_admin", tree["general"]))
    by_title = {row["title"]: (row["audience"], row["read"]) for row in general["rows"]}
    assert by_title == {"一支部学习通知": (3, 2), "全体党员通知": (4, 0)}


def test_only_the_last_30_days(reading, superuser):
    later = timezone.now() + datetime.timedelta(days=31)
    assert statistics_notices(user=superuser, now=later)["rows"] == []


def test_export_and_query_count(reading, client, superuser, member_factory):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    with CaptureQueriesContext(connection) as few:
        StatisticsPanel(request, NOTICE_PANEL).render_html({})
    for _ in range(20):
        member_factory("一支部")
    with CaptureQueriesContext(connection) as many:
        html = StatisticsPanel(request, NOTICE_PANEL).render_html({})
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "近30天通知阅读率" in html
    client.force_login(superuser)
    response = client.get(reverse("partybuild_statistics_export", args=["notices"]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert ("合计", 48, 3, "6%") in [row[:4] for row in rows]

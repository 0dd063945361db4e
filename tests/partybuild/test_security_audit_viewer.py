"""设置 › 安全审计: the security audit trail for the 审计管理员 (三员分立) — filtered, paginated
with a constant number of queries, exported to xlsx (the export itself recorded), scoped to the
auditor's subtree; every other administrator gets 403 and no menu item."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partybuild.models import SecurityEvent, User
from partybuild.services.security_events import security_event_record
from tests.conftest import PASSWORD, assign_role

pytestmark = pytest.mark.django_db

VIEWER = reverse("partybuild_security_events")


@pytest.fixture
def accounts(tree):
    """An account placed in 一支部 and one placed in 三支部 (another 党委's branch)."""
    return {
        "first": User.objects.create_user(
            username="first_clerk", password=PASSWORD, organisation=tree["first"]
        ),
        "third": User.objects.create_user(
            username="third_clerk", password=PASSWORD, organisation=tree["third"]
        ),
    }


@pytest.fixture
def trail(accounts):
    """A failed sign-in of each account, one of an unknown account name, an export."""
    security_event_record(
        event="login.failure",
        actor=accounts["first"],
        outcome="failure",
        detail={},
        actor_username="first_clerk",
    )
    security_event_record(event="login.failure", actor=accounts["third"], outcome="failure")
    security_event_record(
        event="login.failure", actor=None, actor_username="guesser", outcome="failure"
    )
    security_event_record(event="export", actor=accounts["first"], detail={"rows": 12})


def auditor_of(organisation, username="auditor") -> User:
    auditor = User.objects.create_user(username=username, password=PASSWORD, name="审计员")
    assign_role(auditor, "audit_admin", organisation)
    return auditor


def page_text(client, **params) -> str:
    response = client.get(VIEWER, params)
    assert response.status_code == 200
    return response.content.decode()


def test_an_auditor_of_the_whole_tree_reads_every_event(client, tree, trail):
    client.force_login(auditor_of(tree["county"]))
    html = page_text(client)
    for text in (
        "first_clerk",
        "third_clerk",
        "guesser",
        "登录失败",
        "导出数据",
        "失败",
        "行数：12",
    ):
        assert text in html
    assert VIEWER in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_branch_auditor_reads_only_the_events_placed_in_the_branch(client, tree, trail):
    client.force_login(auditor_of(tree["first"]))
    html = page_text(client)
    assert "first_clerk" in html
    assert "third_clerk" not in html and "guesser" not in html


@pytest.mark.parametrize("role", ["system_admin", "org_admin", "security_admin"])
def test_other_administrators_are_refused_and_see_no_menu_item(client, tree, trail, role):
    admin = User.objects.create_user(username=role, password=PASSWORD)
    assign_role(admin, role, tree["county"])
    client.force_login(admin)
    assert client.get(VIEWER).status_code == 403
    assert client.get(VIEWER, {"export": "xlsx"}).status_code == 403
    assert VIEWER not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert not SecurityEvent.objects.filter(event="audit.export").exists()


def test_the_filters_narrow_the_list(client, tree, trail, accounts, monkeypatch):
    with monkeypatch.context() as patch:
        moment = timezone.now() - datetime.timedelta(days=40)
        patch.setattr("django.utils.timezone.now", lambda: moment)
        security_event_record(
            event="password.reset", actor=None, actor_username="old_admin", detail={}
        )
    security_event_record(
        event="logout", actor=accounts["third"], request=None, detail={"channel": "portal"}
    )
    client.force_login(auditor_of(tree["county"]))
    only_exports = page_text(client, event="export")
    assert "导出数据" in only_exports and "guesser" not in only_exports
    successes = page_text(client, outcome="success")
    assert "third_clerk" in successes and "guesser" not in successes
    by_account = page_text(client, actor="guess")
    assert "guesser" in by_account and "first_clerk" not in by_account
    recent = page_text(client, date_from=(timezone.localdate() - datetime.timedelta(days=7)))
    assert "old_admin" not in recent and "guesser" in recent
    old = page_text(client, date_to=(timezone.localdate() - datetime.timedelta(days=30)))
    assert "old_admin" in old and "guesser" not in old


def test_the_address_filter(client, tree, rf):
    request = rf.get("/", REMOTE_ADDR="10.20.30.40")
    security_event_record(event="login.failure", actor=None, actor_username="a", request=request)
    security_event_record(event="login.failure", actor=None, actor_username="b")
    client.force_login(auditor_of(tree["county"]))
    html = page_text(client, ip_address="10.20.")
    assert "10.20.30.40" in html
    assert ">b<" not in html


def test_a_page_costs_the_same_queries_whatever_its_size(
    client, tree, accounts, django_assert_max_num_queries
):
    client.force_login(auditor_of(tree["first"], username="branch_auditor"))
    for _ in range(3):
        security_event_record(event="logout", actor=accounts["first"])
    page_text(client)  # warm the caches (content types, scope)
    with CaptureQueriesContext(connection) as few:
        page_text(client)
    for _ in range(60):
        security_event_record(event="logout", actor=accounts["first"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = page_text(client)
    assert "第 1 / 2 页" in html


def test_the_export_has_chinese_headings_and_labels_and_is_recorded(client, tree, trail):
    auditor = auditor_of(tree["county"])
    client.force_login(auditor)
    response = client.get(
        VIEWER, {"export": "xlsx", "event": "login.failure"}, REMOTE_ADDR="10.0.0.3"
    )
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).active.values)
    assert rows[0][:6] == ("序号", "时间", "账号", "来源地址", "事件类型", "结果")
    assert {row[4] for row in rows[1:]} == {"登录失败"}
    assert {row[2] for row in rows[1:]} == {"first_clerk", "third_clerk", "guesser"}
    [export] = SecurityEvent.objects.filter(event="audit.export")
    assert export.actor == auditor and export.ip_address == "10.0.0.3"
    assert export.detail == {"rows": 3, "filters": {"event": "login.failure"}}


def test_a_branch_auditors_export_is_scoped_too(client, tree, trail):
    client.force_login(auditor_of(tree["first"]))
    response = client.get(VIEWER, {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).active.values)
    names = {row[2] for row in rows[1:]}
    assert "first_clerk" in names
    assert not names & {"third_clerk", "guesser"}

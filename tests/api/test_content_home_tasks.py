"""Restricted pages, the home screen and 我的任务 in the app API."""

import pytest

from partybuild.services.transfers import transfer_start
from tests.api.factories import change_request_of, message_for, publish_disclosure, publish_notice

pytestmark = pytest.mark.django_db


def test_restricted_pages_follow_the_visibility_rules(roles, tree, api_client):
    subtree = publish_disclosure(tree["first"], "一支部党费公开", visibility="subtree")
    publish_disclosure(tree["second"], "二支部公开", visibility="public")
    publish_disclosure(tree["third"], "三支部党员可见", visibility="members")

    def listed(role):
        items = api_client(roles[role]).get("/api/app/content/pages?type=disclosure").json()
        return sorted(item["title"] for item in items["items"])

    assert listed("member_a") == ["一支部党费公开", "三支部党员可见", "二支部公开"]
    assert listed("member_b") == ["三支部党员可见", "二支部公开"]
    assert listed("admin_parent") == ["一支部党费公开", "三支部党员可见", "二支部公开"]
    detail = api_client(roles["member_a"]).get(f"/api/app/content/pages/{subtree.pk}").json()
    assert detail["visibility_label"] == "本组织及下级组织党员"
    assert detail["organisation"] == "一支部"
    assert (
        api_client(roles["member_b"]).get(f"/api/app/content/pages/{subtree.pk}").status_code == 404
    )
    only_first = api_client(roles["member_a"]).get(
        f"/api/app/content/pages?organisation={tree['first'].pk}"
    )
    assert [item["title"] for item in only_first.json()["items"]] == ["一支部党费公开"]


def test_home_gathers_the_modules_and_my_counts(
    roles, tree, api_client, django_assert_max_num_queries
):
    publish_notice("一支部通知", tree["first"])
    publish_notice("全县通知")
    publish_disclosure(tree["first"], "一支部公开", visibility="subtree")
    message_for(roles["member_a"])
    client = api_client(roles["member_a"])
    with django_assert_max_num_queries(30):
        body = client.get("/api/app/home/").json()
    assert body["unread_notice_count"] == 2
    assert {item["title"] for item in body["notices"]["items"]} == {"一支部通知", "全县通知"}
    assert all(item["is_read"] is False for item in body["notices"]["items"])
    assert [item["title"] for item in body["disclosures"]["items"]] == ["一支部公开"]
    assert body["unread_message_count"] == 3  # two notices and one message
    assert body["pending_task_count"] == 2  # two unread notices
    other = api_client(roles["member_b"]).get("/api/app/home/").json()
    assert other["disclosures"]["items"] == [] and other["unread_notice_count"] == 1


def test_tasks_of_a_member(roles, tree, api_client):
    publish_notice("一支部通知", tree["first"])
    change_request_of(roles["member_a"])
    body = api_client(roles["member_a"]).get("/api/app/tasks/").json()
    assert body["counts"] == {
        "notice_unread": 1,
        "my_change_request": 1,
        "change_request_to_decide": 0,
        "transfer_to_receive": 0,
        "letter_to_reply": 0,
        "letter_to_secretary": 0,
        "suggestion_to_reply": 0,
        "committee_reelection_due": 0,
        "recruitment_overdue": 0,
        "activist_examination_due": 0,
        "probation_ending": 0,
        "probation_overrun": 0,
        "thought_report_due": 0,
    }
    assert {item["kind"] for item in body["items"]} == {"notice_unread", "my_change_request"}


def test_tasks_of_administrators(roles, tree, api_client):
    change_request_of(roles["member_a"])
    change_request_of(roles["member_b"])
    transfer_start(member=roles["member_a"].member, to_organisation=tree["second"], actor=None)
    branch = api_client(roles["admin_a"]).get("/api/app/tasks/").json()["counts"]
    assert branch["change_request_to_decide"] == 1 and branch["transfer_to_receive"] == 0
    parent = api_client(roles["admin_parent"]).get("/api/app/tasks/").json()
    assert parent["counts"]["change_request_to_decide"] == 2
    assert parent["counts"]["transfer_to_receive"] == 1
    assert parent["count"] == 3
    page = api_client(roles["admin_parent"]).get("/api/app/tasks/?limit=2&offset=1").json()
    assert len(page["items"]) == 2


def test_content_lists_use_the_same_queries_for_any_page_size(
    roles, tree, api_client, django_assert_max_num_queries
):
    """Articles, tasks and notices: one set of 31 published pages of each kind, every list read
    with one item to a page and with all of them."""
    for number in range(31):
        publish_disclosure(tree["first"], f"公开{number}", visibility="public")
        publish_notice(f"通知{number}", tree["first"], tree["general"])
    client = api_client(roles["member_a"])
    for url in ("/api/app/content/pages", "/api/app/tasks/", "/api/app/notices/"):
        with django_assert_max_num_queries(20) as small:
            assert len(client.get(url + "?limit=1").json()["items"]) == 1, url
        with django_assert_max_num_queries(len(small.captured_queries)):
            assert len(client.get(url + "?limit=100").json()["items"]) == 31, url


def test_recruitment_tasks(roles, tree, api_client):
    import datetime

    from partybuild.recruitment.services import candidate_step_record
    from tests.api.factories import candidate_in

    candidate = candidate_in(tree["first"], user=roles["member_b"])
    for step, day in ((1, datetime.date(2024, 1, 10)), (2, datetime.date(2024, 1, 20))):
        candidate_step_record(candidate=candidate, step=step, done_on=day, actor=None)
    candidate_step_record(
        candidate=candidate, step=3, done_on=datetime.date(2024, 3, 1), actor=None
    )
    mine = api_client(roles["member_b"]).get("/api/app/tasks/").json()
    assert mine["counts"]["thought_report_due"] == 1
    late = candidate_in(tree["first"], name="迟办")
    candidate_step_record(candidate=late, step=1, done_on=datetime.date(2024, 1, 10), actor=None)
    branch = api_client(roles["admin_a"]).get("/api/app/tasks/").json()
    assert branch["counts"]["recruitment_overdue"] == 1
    assert any("党组织派人谈话" in item["title"] for item in branch["items"])
    assert (
        api_client(roles["admin_parent"])
        .get("/api/app/tasks/")
        .json()["counts"]["recruitment_overdue"]
        == 1
    )
    other = api_client(roles["member_a"]).get("/api/app/tasks/").json()
    assert other["counts"]["recruitment_overdue"] == 0

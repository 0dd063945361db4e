"""The app API's lists stay cheap as the registers grow (issue 21): the member list pages by an
opaque cursor as well as by offset and searches once, the organisations are counted in one query
per page, and 首页 and 我的任务 take the same number of queries however many candidates wait."""

import datetime

import pytest

from partybuild.models import Member
from partybuild.recruitment.models import CandidateStep
from partybuild.selectors.organisations import organisation_list_with_counts
from tests.api.factories import candidate_in

pytestmark = pytest.mark.django_db


def _members(organisations, count: int) -> None:
    """``count`` members (no accounts) spread over ``organisations``, some sharing a name."""
    Member.objects.bulk_create(
        Member(
            name=name,
            name_sort_key=f"{i % 3:03d}",
            gender="male",
            organisation=organisations[i % len(organisations)],
        )
        for i, name in enumerate(["张三", "李四", "王五"] * (count // 3 + 1))
        if i < count
    )


def test_the_cursor_pages_through_the_roster_as_the_offset_does(roles, tree, api_client):
    _members([tree["first"], tree["group"], tree["second"]], 11)
    client = api_client(roles["admin_parent"])
    by_offset = [item["id"] for item in client.get("/api/app/members/?limit=100").json()["items"]]
    by_cursor, page = [], client.get("/api/app/members/?limit=4").json()
    while True:
        by_cursor += [item["id"] for item in page["items"]]
        assert page["count"] == len(by_offset)
        if page["next"] is None:
            break
        page = client.get(f"/api/app/members/?limit=4&cursor={page['next']}").json()
    assert by_cursor == by_offset
    assert len(by_offset) == 13  # 11 and the two members with accounts


def test_a_cursor_that_is_not_ours_is_refused_naming_it(roles, api_client):
    response = api_client(roles["admin_parent"]).get("/api/app/members/?cursor=bm90IG91cnM=")
    assert response.status_code == 422
    assert response.json()["fields"] == {"cursor": ["翻页游标无效，请从第一页重新加载。"]}


def test_a_cursor_does_not_leave_the_scope(roles, tree, api_client):
    _members([tree["third"]], 3)
    first = api_client(roles["admin_a"]).get("/api/app/members/?limit=1").json()
    assert first["next"] is None
    superuser_page = api_client(roles["superuser"]).get("/api/app/members/?limit=1").json()
    after = api_client(roles["admin_a"]).get(f"/api/app/members/?cursor={superuser_page['next']}")
    assert {item["name"] for item in after.json()["items"]} <= {"党员member_a"}


@pytest.mark.parametrize("count", [5, 50])
def test_a_name_search_counts_its_matches_in_the_same_query(
    count, roles, tree, api_client, django_assert_max_num_queries
):
    _members([tree["first"], tree["second"]], count)
    client = api_client(roles["admin_parent"])
    client.get("/api/app/members/")  # the token's first use is recorded
    with django_assert_max_num_queries(8):
        response = client.get("/api/app/members/?q=%E7%8E%8B&limit=2")
    body = response.json()
    matches = len([i for i in range(count) if i % 3 == 2])
    assert body["count"] == matches
    assert [item["name"] for item in body["items"]] == ["王五"] * min(2, matches)
    beyond = client.get(f"/api/app/members/?q=%E7%8E%8B&offset={count}").json()
    assert beyond["items"] == [] and beyond["count"] == body["count"]


@pytest.mark.parametrize("extra", [0, 20])
def test_organisations_are_counted_in_one_query_whatever_the_page(
    extra, roles, tree, api_client, superuser, django_assert_max_num_queries, make_org
):
    for n in range(extra):
        make_org(f"新支部{n}", "branch", tree["town"], code=f"X{n:04d}")
    _members([tree["first"], tree["group"], tree["third"]], 9)
    client = api_client(roles["superuser"])
    client.get("/api/app/orgs/")
    with django_assert_max_num_queries(10):
        items = client.get("/api/app/orgs/?limit=100").json()["items"]
    expected = {
        org.pk: (org.member_count, org.subtree_member_count)
        for org in organisation_list_with_counts(user=superuser)
    }
    assert {i["id"]: (i["member_count"], i["subtree_member_count"]) for i in items} == expected
    assert expected[tree["county"].pk][1] == 11
    assert expected[tree["first"].pk] == (4, 7)
    middle = client.get("/api/app/orgs/?limit=2&offset=3").json()["items"]
    assert [(i["member_count"], i["subtree_member_count"]) for i in middle] == [
        expected[i["id"]] for i in middle
    ]


def _overdue_candidates(organisation, count: int) -> None:
    for n in range(count):
        candidate = candidate_in(organisation, name=f"申请人{n}")
        CandidateStep.objects.create(
            candidate=candidate,
            step=1,
            done_on=datetime.date(2020, 1, 31),
            organisation=organisation,
        )


@pytest.mark.parametrize("count", [2, 12])
def test_home_and_tasks_take_the_same_queries_however_many_candidates_wait(
    count, roles, tree, api_client, api_admin, django_assert_max_num_queries
):
    _overdue_candidates(tree["first"], count)
    client = api_client(roles["admin_parent"])
    client.get("/api/app/home/")
    with django_assert_max_num_queries(40):
        home = client.get("/api/app/home/").json()
    with django_assert_max_num_queries(30):
        tasks = client.get("/api/app/tasks/?limit=5").json()
    assert tasks["counts"]["recruitment_overdue"] == count
    assert home["pending_task_count"] == tasks["count"]
    overdue = [item for item in tasks["items"] if item["kind"] == "recruitment_overdue"]
    assert len(overdue) == min(count, 5)
    assert "党组织派人谈话" in overdue[0]["title"]
    outsider = api_client(api_admin("third_admin", tree["third"]))
    assert outsider.get("/api/app/tasks/").json()["counts"]["recruitment_overdue"] == 0
    assert (
        api_client(roles["member_b"]).get("/api/app/tasks/").json()["counts"]["recruitment_overdue"]
        == 0
    )


def test_an_offset_past_the_bound_is_refused_naming_it_and_the_bound_itself_answers(
    roles, api_client
):
    """A deep offset walks every member before it; past 10,000 the list asks for the cursor."""
    client = api_client(roles["admin_parent"])
    too_deep = client.get("/api/app/members/?offset=10001")
    assert too_deep.status_code == 422
    assert "offset" in too_deep.json()["fields"]
    deepest = client.get("/api/app/members/?offset=10000")
    assert deepest.status_code == 200 and deepest.json()["items"] == []

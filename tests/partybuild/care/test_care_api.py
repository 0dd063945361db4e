"""党内关怀 in the app API: administrators read their own subtree only, members are refused,
list query counts do not grow with the page size."""

import datetime

import pytest

from partybuild.care.services import hardship_register
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def _named(member_factory, organisation, name, **fields):
    member = member_factory(organisation, **fields)
    member.name = name
    member.save()
    return member


def test_lists_are_scoped_to_the_callers_subtree(
    member_factory, roles, django_assert_max_num_queries
):
    dates = {"joined_on": datetime.date(1975, 7, 1), "confirmed_on": datetime.date(1976, 7, 1)}
    mine = _named(member_factory, "一支部", "李卫东", **dates)
    other = _named(member_factory, "三支部", "赵红梅", **dates)
    for member in (mine, other):
        hardship_register(
            member=member,
            kind="living",
            level="general",
            description="家庭困难",
            registered_on=datetime.date(2025, 1, 2),
            actor=None,
        )
    client = client_for(roles["admin_a"])
    for url in [
        "/api/app/care/hardships",
        "/api/app/care/medals?year=2026",
        "/api/app/care/anniversaries?month=2026-07",
    ]:
        names = [item["member"] for item in client.get(url).json()["items"]]
        assert "李卫东" in names and "赵红梅" not in names, url
    assert client.get("/api/app/care/hardships").json()["items"][0]["review_due"] is True
    assert client_for(roles["member_a"]).get("/api/app/care/hardships").status_code == 403
    with django_assert_max_num_queries(30) as few:
        client.get("/api/app/care/hardships?limit=1")
    for _ in range(5):
        hardship_register(
            member=member_factory("一支部"),
            kind="living",
            level="general",
            description="家庭困难",
            registered_on=datetime.date(2025, 1, 2),
            actor=None,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/app/care/hardships?limit=6").json()["items"]) == 6


@pytest.mark.parametrize(
    "url", ["/api/app/care/medals?year=2026", "/api/app/care/anniversaries?month=2026-07"]
)
def test_member_lists_do_not_grow_with_the_page(
    member_factory, roles, url, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            member_factory(
                "一支部",
                joined_on=datetime.date(1975, 7, 1),
                confirmed_on=datetime.date(1976, 7, 1),
            )

    client = client_for(roles["admin_a"])
    add(1)
    client.get(f"{url}&limit=1")
    with django_assert_max_num_queries(30) as few:
        client.get(f"{url}&limit=1")
    add(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(f"{url}&limit=6").json()["items"]) == 6

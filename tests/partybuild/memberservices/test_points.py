"""积分: idempotent awards, balances and leaderboards scoped per branch and subtree."""

import pytest

from partybuild.memberservices.models import PointsEntry
from partybuild.memberservices.selectors.points import points_balance, points_leaderboard
from partybuild.memberservices.services.points import points_award
from partybuild.selectors.roles import user_scope_paths

pytestmark = pytest.mark.django_db


def award(member, points, source_id, kind="other"):
    return points_award(
        member=member,
        points=points,
        reason_kind=kind,
        reason="测试",
        source_type="test",
        source_id=source_id,
    )


def test_the_same_source_pays_once(member_factory):
    member = member_factory("一支部")
    entry, created = award(member, 10, 1)
    again, created_again = award(member, 99, 1)
    assert (created, created_again) == (True, False)
    assert again.pk == entry.pk
    assert points_balance(member=member) == 10
    award(member, 5, 2)
    award(member, 7, 1, kind="experience")
    assert points_balance(member=member) == 22
    assert PointsEntry.objects.count() == 3


def test_balance_without_entries_is_zero(member_factory):
    assert points_balance(member=member_factory("一支部")) == 0


def test_leaderboards_per_branch_and_per_subtree(tree, member_factory, make_admin):
    a1, a2 = member_factory("一支部"), member_factory("一小组")
    b1 = member_factory("二支部")
    c1 = member_factory("三支部")
    for member, points in ((a1, 5), (a2, 30), (b1, 20), (c1, 50)):
        award(member, points, member.pk)
    parent = make_admin("parent", tree["general"])
    rows = points_leaderboard(user=parent)
    assert [(r["member"], r["points"]) for r in rows] == [(a2, 30), (b1, 20), (a1, 5)]
    branch = points_leaderboard(user=parent, organisation=tree["first"])
    assert [r["member"] for r in branch] == [a2, a1]
    assert [r["member"] for r in points_leaderboard(user=parent, limit=1)] == [a2]
    assert points_leaderboard(user=make_admin("branch_b", tree["second"])) == [
        {"member": b1, "organisation": tree["second"], "points": 20}
    ]


def test_leaderboard_is_one_query(tree, member_factory, make_admin, django_assert_num_queries):
    for n in range(5):
        award(member_factory("一支部"), n + 1, n + 1)
    admin = make_admin("branch", tree["first"])
    admin = type(admin).objects.get(pk=admin.pk)
    user_scope_paths(user=admin)  # the scope is read once per request, cached on the account
    with django_assert_num_queries(1):
        points_leaderboard(user=admin)

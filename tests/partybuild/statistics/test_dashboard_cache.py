"""The admin home at province scale (issue 21): each figure computed once per request, a constant
number of queries whatever the number of members and notices, and figures cached per subtree
(partybuild/admin/dashboard.py, partybuild/core/versioned_cache.py) that a write retires."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content.models import NoticeReceipt
from partybuild.core import versioned_cache
from partybuild.dues.models import DuesAssessment
from partybuild.dues.services import dues_payment_record
from partybuild.models import User
from tests.api.factories import publish_notice
from tests.conftest import assign_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(monkeypatch):
    """The cache as outside a test's transaction: figures are stored (and cleared after)."""
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(versioned_cache, "cache_storable", lambda: True)
    yield
    cache.clear()


def org_admin_of(organisation, username: str) -> User:
    """A 党组织管理员 (the built-in role: every register's view permission) of ``organisation``."""
    user = User.objects.create_user(username=username, password="x", name=username)
    assign_role(user, "org_admin", organisation)
    return user


def home(client) -> tuple[str, list[str]]:
    """The admin home's HTML and the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries.captured_queries]


def assess(member, due: str) -> DuesAssessment:
    return DuesAssessment.objects.create(
        member=member,
        month=timezone.localdate().replace(day=1),
        organisation=member.organisation,
        category="in_service",
        computed_amount=Decimal(due),
        amount_due=Decimal(due),
    )


def test_each_figure_is_computed_once_per_request(client, superuser, member_factory):
    member_factory("一支部")
    client.force_login(superuser)
    _html, sql = home(client)
    dues = [q for q in sql if '"partybuild_duesassessment"' in q and "SUM(" in q]
    compliance = [q for q in sql if 'DISTINCT "partybuild_meeting"' in q]
    reminders = [q for q in sql if 'ORDER BY "partybuild_organisation"."term_end"' in q]
    assert len(dues) == 1
    assert len(compliance) == 1
    assert len(reminders) == 1  # 换届提醒 and the organisations panel share it


def test_queries_do_not_grow_with_notices_or_members(
    client, superuser, member_factory, django_assert_max_num_queries
):
    member_factory("一支部")
    publish_notice("通知一")
    client.force_login(superuser)
    _html, few = home(client)
    for index in range(8):
        publish_notice(f"通知{index + 2}")
    for _ in range(15):
        member_factory("二支部")
    with django_assert_max_num_queries(len(few)):
        html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "通知9" in html and "在册党员 16 人" in html


def test_a_second_visit_reads_the_cached_figures(client, superuser, member_factory, shared_cache):
    member_factory("一支部")
    client.force_login(superuser)
    first_html, first = home(client)
    second_html, second = home(client)
    assert second_html.count("data-summary") == first_html.count("data-summary")
    assert not [q for q in second if '"partybuild_duesassessment"' in q]
    assert len(second) < len(first)


def test_a_payment_changes_the_cached_dues_figure(client, superuser, member_factory, shared_cache):
    member = member_factory("一支部")
    assess(member, "20.00")
    client.force_login(superuser)
    html, _sql = home(client)
    assert "已缴 ¥0.00 / 应缴 ¥20.00" in html
    dues_payment_record(
        member=member,
        amount=Decimal("20.00"),
        paid_on=timezone.localdate(),
        method="cash",
        actor=None,
    )
    html, _sql = home(client)
    assert "已缴 ¥20.00 / 应缴 ¥20.00" in html


def test_a_new_member_and_a_reading_change_the_cached_figures(
    client, superuser, member_factory, shared_cache
):
    member = member_factory("一支部")
    notice = publish_notice("学习通知")
    client.force_login(superuser)
    html, _sql = home(client)
    assert "在册党员 1 人" in html
    member_factory("二支部")
    NoticeReceipt.objects.create(notice=notice, member=member)
    html, _sql = home(client)
    assert "在册党员 2 人" in html
    assert "<tr><td>学习通知</td><td>2</td><td>1</td><td>50%</td></tr>" in html


def test_two_subtrees_never_share_a_cached_figure(client, tree, member_factory, shared_cache):
    for _ in range(2):
        member_factory("一支部")
    for _ in range(5):
        member_factory("三支部")
    first_secretary = org_admin_of(tree["first"], "first_secretary")
    third_secretary = org_admin_of(tree["third"], "third_secretary")
    client.force_login(first_secretary)
    html, _sql = home(client)
    assert "在册党员 2 人" in html
    client.force_login(third_secretary)
    html, _sql = home(client)
    assert "在册党员 5 人" in html and "在册党员 2 人" not in html
    client.force_login(first_secretary)
    html, _sql = home(client)
    assert "在册党员 2 人" in html and "在册党员 5 人" not in html


def test_figures_read_inside_a_transaction_are_not_stored(
    client, superuser, member_factory, monkeypatch
):
    """A test runs in a transaction, as a view that wrote would: what it reads may be rolled back,
    so it is computed each time and never shared, even in a shared cache."""
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(versioned_cache, "cache_is_shared", lambda: True)
    member_factory("一支部")
    client.force_login(superuser)
    home(client)
    _html, second = home(client)
    assert [q for q in second if '"partybuild_duesassessment"' in q and "SUM(" in q]


def test_a_per_process_cache_stores_nothing():
    """Django's local-memory cache (the default without ``REDIS_URL``) is one per server process:
    a version bumped in one process would not reach the others, so nothing is stored in it."""
    assert not versioned_cache.cache_is_shared()
    assert not versioned_cache.cache_storable()

"""数据大屏: the page and its JSON for an organisation of the viewer's subtree (another subtree's
is 404), panels by permission, figures of the chosen subtree only, a constant query count, and
a registry other apps add panels to."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from partybuild.admin.screen import SCREEN_PANELS, ScreenPanelSpec, screen_panel_register
from partybuild.dues.models import DuesAssessment
from tests.partybuild.statistics.test_dashboard_cache import org_admin_of, shared_cache  # noqa: F401

pytestmark = pytest.mark.django_db

DATA = "partybuild_statistics_screen_data"


def data(client, organisation):
    response = client.get(reverse(DATA), {"organisation": organisation.pk})
    assert response.status_code == 200, response.status_code
    return {panel["name"]: panel for panel in response.json()["panels"]}


def figure(panel, label):
    return next(f["value"] for f in panel["figures"] if f["label"] == label)


def test_page_loads_its_script_without_inline_code(client, tree):
    client.force_login(org_admin_of(tree["general"], "admin_general"))
    response = client.get(reverse("partybuild_statistics_screen"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "partybuild/js/screen.js" in html and "<script>" not in html
    assert "一总支" in html and "三支部" not in html  # choices: the viewer's subtree only
    assert "cdn" not in html.lower()
    assert (
        reverse("partybuild_statistics_screen")
        in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_figures_are_those_of_the_chosen_subtree(client, tree, member_factory):
    member_factory("一支部", gender="female", education="bachelor")
    member_factory("二支部")
    member_factory("三支部")
    client.force_login(org_admin_of(tree["county"], "admin_county"))
    assert figure(data(client, tree["county"])["members"], "在册党员") == 3
    first = data(client, tree["first"])
    assert figure(first["members"], "在册党员") == 1
    gender = next(c for c in first["members"]["charts"] if c["title"] == "性别")
    assert gender["rows"] == [{"label": "女", "value": 1}]
    types = first["organisations"]["charts"][0]["rows"]
    assert {row["label"]: row["value"] for row in types} == {"党支部": 1, "党小组": 1}


def test_dues_rates_of_the_month_and_year(client, tree, member_factory):
    member = member_factory("一支部")
    month = timezone.localdate().replace(day=1)
    DuesAssessment.objects.create(
        member=member,
        month=month,
        organisation=member.organisation,
        category="in_service",
        computed_amount=Decimal("20"),
        amount_due=Decimal("20"),
        paid_amount=Decimal("10"),
    )
    client.force_login(org_admin_of(tree["first"], "admin_first"))
    dues = data(client, tree["first"])["dues"]
    rings = [c for c in dues["charts"] if c["kind"] == "ring"]
    assert [ring["rows"][0]["value"] for ring in rings] == [50.0, 50.0]


def test_another_subtrees_organisation_is_404(client, tree):
    client.force_login(org_admin_of(tree["general"], "admin_general"))
    assert client.get(reverse(DATA), {"organisation": tree["third"].pk}).status_code == 404
    assert client.get(reverse(DATA), {"organisation": tree["county"].pk}).status_code == 404
    page = client.get(reverse("partybuild_statistics_screen"), {"organisation": tree["town"].pk})
    assert page.status_code == 404
    assert client.get(reverse(DATA), {"organisation": "x"}).status_code == 404


def test_accounts_without_register_permissions_are_refused(client, tree, django_user_model):
    from tests.conftest import assign_role

    auditor = django_user_model.objects.create_user(username="auditor", password="x")
    assign_role(auditor, "audit_admin", tree["county"])
    client.force_login(auditor)
    response = client.get(reverse(DATA), {"organisation": tree["county"].pk})
    # The admin answers a refusal by sending the account back to its home with a message.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_query_count_does_not_grow_with_members(
    client, tree, member_factory, django_assert_max_num_queries
):
    admin = org_admin_of(tree["county"], "admin_county")
    client.force_login(admin)
    member_factory("一支部")
    with django_assert_max_num_queries(60) as few:
        data(client, tree["county"])
    for index in range(15):
        member_factory("二支部", birth_date=datetime.date(1970 + index, 1, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        data(client, tree["county"])


def test_figures_are_cached_until_a_write(client, tree, member_factory, shared_cache):  # noqa: F811
    client.force_login(org_admin_of(tree["county"], "admin_county"))
    member_factory("一支部")
    assert figure(data(client, tree["first"])["members"], "在册党员") == 1
    member_factory("一支部")  # a write to members retires the cached figure
    assert figure(data(client, tree["first"])["members"], "在册党员") == 2


def test_another_app_registers_a_panel(client, tree):
    spec = ScreenPanelSpec(
        "example",
        "示例面板",
        90,
        "partybuild.view_member",
        lambda user: {"figures": [{"label": "完成率", "value": "80%", "unit": ""}], "charts": []},
    )
    screen_panel_register(spec)
    try:
        client.force_login(org_admin_of(tree["first"], "admin_first"))
        panels = data(client, tree["first"])
        assert panels["example"]["title"] == "示例面板"
        assert list(panels)[-1] == "example"
    finally:
        SCREEN_PANELS.pop("example")

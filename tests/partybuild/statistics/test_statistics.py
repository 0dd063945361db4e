"""The statistics dashboard: figures equal hand counts, scope, the admin home panels, the xlsx
export, and a query count that does not grow with the number of members."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from partybuild.admin.statistics import STATISTICS_PANELS, StatisticsPanel
from partybuild.models import User
from partybuild.statistics.selectors import (
    statistics_dues,
    statistics_members,
    statistics_organisations,
    statistics_recruitment,
)
from tests.conftest import assign_role

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 29)


@pytest.fixture
def members(member_factory):
    """Five on-roll members of 一支部/一小组/二支部 and one off the roll (never counted)."""
    make = member_factory
    make(
        "一支部",
        category="full",
        gender="male",
        birth_date=datetime.date(1996, 11, 30),  # 29 today: ≤30
        education="bachelor",
        joined_on=datetime.date(2018, 7, 1),
    )
    make(
        "一支部",
        category="probationary",
        gender="female",
        birth_date=datetime.date(1995, 11, 29),  # 31 today (birthday): 31–40
        education="bachelor",
        joined_on=datetime.date(2026, 1, 1),
    )
    make(
        "一小组",
        category="full",
        gender="female",
        birth_date=datetime.date(1966, 11, 29),  # 60 today: 51–60
        education="postgraduate",
        joined_on=datetime.date(1990, 7, 1),
    )
    make(
        "二支部",
        category="full",
        gender="male",
        birth_date=datetime.date(1950, 1, 1),  # >60
        joined_on=datetime.date(1975, 7, 1),
    )
    make("二支部", category="full", gender="male", joined_on=datetime.date(1999, 12, 31))
    make("二支部", is_on_roll=False, birth_date=datetime.date(1990, 1, 1))


def test_member_figures_equal_hand_counts(members, superuser):
    data = statistics_members(user=superuser, today=TODAY)
    assert data["category"] == [("正式党员", 4), ("预备党员", 1)]
    assert data["gender"] == [("男", 3), ("女", 2)]
    assert data["age"] == [
        ("30岁及以下", 1),
        ("31-40岁", 1),
        ("41-50岁", 0),
        ("51-60岁", 1),
        ("60岁以上", 1),
        ("未填写", 1),
    ]
    assert data["education"] == [("研究生", 1), ("大学本科", 2), ("未填写", 2)]
    assert data["joined"] == [("1970年代", 1), ("1990年代", 2), ("2010年代", 1), ("2020年代", 1)]


def test_member_figures_are_scoped(members, make_admin, tree):
    first = statistics_members(user=make_admin("first_admin", tree["first"]), today=TODAY)
    assert first["gender"] == [("男", 1), ("女", 2)]
    third = statistics_members(user=make_admin("third_admin", tree["third"]), today=TODAY)
    assert third["category"] == [] and third["joined"] == []


def test_organisation_figures(tree, make_admin):
    first = tree["first"]
    first.term_start, first.term_end = datetime.date(2023, 12, 20), datetime.date(2026, 12, 19)
    first.save()
    second = tree["second"]
    second.term_start, second.term_end = datetime.date(2024, 3, 1), datetime.date(2027, 2, 28)
    second.save()
    data = statistics_organisations(user=make_admin("organ", tree["organ"]), today=TODAY)
    assert data["type"] == [("党委", 1), ("党总支", 1), ("党支部", 2), ("党小组", 1)]
    assert data["term"] == [("已到期", 0), ("1个月内届满", 1), ("6个月内届满", 1)]
    assert [row[0] for row in data["term_rows"]] == ["一支部", "二支部"]


def add_members(organisation, count: int, category: str = "full") -> None:
    from partybuild.models import Member

    Member.objects.bulk_create(
        Member(name=f"党员{n}", gender="male", organisation=organisation, category=category)
        for n in range(count)
    )


def test_branch_size_figures_at_their_boundaries(tree, superuser):
    # 一支部: 2 正式党员 (one in its 党小组) and 49 预备党员 = 51 members: both warnings.
    add_members(tree["first"], 1)
    add_members(tree["group"], 1)
    add_members(tree["first"], 49, category="probationary")
    # 二支部: 3 正式党员 and 47 预备党员 = 50 members: none. 三支部: no member at all.
    add_members(tree["second"], 3)
    add_members(tree["second"], 47, category="probationary")
    data = statistics_organisations(user=superuser, today=TODAY)
    assert data["size"] == [("正式党员不足3人", 2), ("党员超过50人", 1)]
    assert [row[:3] for row in data["size_rows"]] == [("一支部", 2, 51), ("三支部", 0, 0)]
    assert "正式党员不足3人（现有2人）" in data["size_rows"][0][3]
    assert "党员超过50人（现有51人）" in data["size_rows"][0][3]

    add_members(tree["first"], 1)  # 3 正式党员, 52 members
    add_members(tree["second"], 1, category="probationary")  # 51 members
    add_members(tree["third"], 3)
    data = statistics_organisations(user=superuser, today=TODAY)
    assert data["size"] == [("正式党员不足3人", 0), ("党员超过50人", 2)]
    assert [row[:3] for row in data["size_rows"]] == [("一支部", 3, 52), ("二支部", 3, 51)]
    scoped = statistics_organisations(user=_admin_of(tree, "second"), today=TODAY)
    assert [row[0] for row in scoped["size_rows"]] == ["二支部"]


def _admin_of(tree, key):
    from partybuild.models import User
    from tests.conftest import assign_role

    user = User.objects.create_user(username=f"{key}_admin", password="x")
    assign_role(user, "org_admin", tree[key])
    return user


def test_the_organisations_panel_shows_branch_sizes_in_constant_queries(
    tree, superuser, make_org, django_assert_max_num_queries
):
    from partybuild.admin.statistics import STATISTICS_PANELS

    def render() -> str:
        request = RequestFactory().get("/admin/")
        request.user = superuser
        return StatisticsPanel(request, STATISTICS_PANELS["organisations"]).render_html({})

    add_members(tree["first"], 2)
    with django_assert_max_num_queries(10) as few:
        html = render()
    assert "党支部规模提示" in html and "规模需关注的党支部" in html
    assert "<td>一支部</td><td>2</td><td>2</td>" in html
    for index in range(10):
        branch = make_org(f"大支部{index}", "branch", tree["town"])
        add_members(branch, 51)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = render()
    assert "<td>大支部9</td><td>51</td><td>51</td>" in html


def test_dues_figures(member_factory, superuser):
    from django.utils import timezone

    from partybuild.dues.models import DuesAssessment
    from partybuild.dues.services import dues_assess_month, dues_payment_record, dues_profile_set

    month = timezone.localdate().replace(day=1)
    paying, owing = member_factory("一支部"), member_factory("二支部")
    for member in (paying, owing):
        dues_profile_set(
            member=member,
            actor=None,
            category="in_service",
            base_income=Decimal("4000"),
            effective_from=month,
        )
    dues_assess_month(month=month)
    due = DuesAssessment.objects.get(member=paying).amount_due
    dues_payment_record(
        member=paying, amount=due, paid_on=timezone.localdate(), method="cash", actor=None
    )
    data = statistics_dues(user=superuser)
    assert data["members"] == [("已缴清", 1), ("未缴清", 1)]
    assert data["assessed"] == 2 * due and data["paid"] == due
    assert data["rate"] == Decimal("0.5000")


def test_recruitment_figures(tree, superuser):
    from partybuild.recruitment.services import candidate_step_record
    from tests.api.factories import candidate_in

    candidate_in(tree["first"], name="甲")
    advanced = candidate_in(tree["first"], name="乙")
    candidate_step_record(candidate=advanced, step=1, done_on=datetime.date(2026, 1, 5), actor=None)
    candidate_step_record(
        candidate=advanced, step=2, done_on=datetime.date(2026, 1, 20), actor=None
    )
    data = statistics_recruitment(user=superuser)
    assert [n for _label, n in data["stages"]] == [1, 1, 0, 0, 0]
    assert data["probationary"] == [("预备党员", 0)]


def _render_panels(user) -> str:
    request = RequestFactory().get("/admin/")
    request.user = user
    return "".join(
        StatisticsPanel(request, spec).render_html({}) for spec in STATISTICS_PANELS.values()
    )


def test_dashboard_queries_do_not_grow_with_members(member_factory, superuser):
    for _ in range(3):
        member_factory("一支部", birth_date=datetime.date(1980, 1, 1), education="bachelor")
    with CaptureQueriesContext(connection) as few:
        html = _render_panels(superuser)
    assert "党员统计" in html
    for index in range(30):
        member_factory(
            "二支部" if index % 2 else "一小组",
            birth_date=datetime.date(1960 + index, 1, 1),
            education="college",
            gender="female",
        )
    with CaptureQueriesContext(connection) as many:
        html = _render_panels(superuser)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "<td data-value>33</td>" in html  # all 33 under 正式党员


def org_admin_of(organisation) -> User:
    """A 党组织管理员 (the built-in role: every register's view permission) of ``organisation``."""
    user = User.objects.create_user(username="first_admin", password="x", name="一支部管理员")
    assign_role(user, "org_admin", organisation)
    return user


def test_admin_home_shows_panels_to_administrators(client, tree, member_factory):
    member_factory("一支部", gender="female")
    member_factory("三支部")
    client.force_login(org_admin_of(tree["first"]))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="statistics-members-chart-1-title"' in html
    assert "性别：女 1人" in html  # the SVG's accessible title, scoped to 一支部
    assert "党组织统计" in html and "本月党费收缴" in html and "发展党员" in html
    assert reverse("partybuild_statistics_export", args=["members"]) in html


def test_export_xlsx_holds_the_panel_table(client, tree, member_factory):
    member_factory("一支部", gender="female")
    member_factory("一支部", gender="male")
    member_factory("三支部", gender="male")
    client.force_login(org_admin_of(tree["first"]))
    response = client.get(reverse("partybuild_statistics_export", args=["members"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(cell for cell in row) for row in sheet.iter_rows(values_only=True)]
    start = rows.index(("性别", None))
    assert rows[start + 1 : start + 5] == [("项目", "数量"), ("男", 1), ("女", 1), ("合计", 2)]
    assert client.get(reverse("partybuild_statistics_export", args=["nope"])).status_code == 404


def test_export_refuses_non_administrators(tree):
    from partybuild.models import User

    client = Client()
    client.force_login(User.objects.create_user(username="plain", password="x"))
    response = client.get(reverse("partybuild_statistics_export", args=["members"]))
    assert response.status_code in (302, 403)


def test_meeting_compliance_panel_equals_hand_counts(tree, superuser, member_factory):
    from django.utils import timezone

    from partybuild.orglife.models import Meeting, MeetingAttendee

    member = member_factory("一支部")
    for _ in range(6):  # 7 正式党员: 一支部 has a 支部委员会, the other branches none
        member_factory("一支部")
    now = timezone.now()
    held = Meeting.objects.create(
        kind="committee",
        organisation=tree["first"],
        starts_at=now,
        ends_at=now,
        place="会议室",
        topic="支委会",
        status="closed",
        minutes="记录",
    )
    MeetingAttendee.objects.create(meeting=held, member=member, attended=True)
    Meeting.objects.create(  # no minutes: does not count
        kind="committee",
        organisation=tree["second"],
        starts_at=now,
        ends_at=now,
        place="会议室",
        topic="支委会",
        status="closed",
    )
    request = RequestFactory().get("/admin/")
    request.user = superuser
    html = StatisticsPanel(request, STATISTICS_PANELS["meetings"]).render_html({})
    # Three branches need 主题党日 ×3, 党员大会 and 党课 once a quarter (5 each), 一支部 (7
    # 正式党员) alone 支委会 ×3, and its 党小组 党小组会 ×3: 21 required, 1 held (1/3 = 33%).
    assert "已开 1 / 应开 21" in html
    assert "达标支部 0/3" in html
    assert "<td>支部委员会</td><td>3</td><td>1</td><td>33%</td>" in html

"""Issue 21, the dues part at the scale of a province: the monthly assessment reads and writes
in batches (its queries grow with the batches, not the members), survives being stopped
part-way, and does nothing the second time; the 党费收缴统计 shows its member rows a page at a
time under totals of the whole subtree, with a query count that does not grow with the page."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from partybuild.dues.models import DuesAssessment
from partybuild.dues.services import dues_assess_month, dues_profile_set
from partybuild.models import Message, User

pytestmark = pytest.mark.django_db

NOV = datetime.date(2026, 11, 1)
FIELDS = ("member_id", "organisation_id", "category", "rate", "computed_amount", "amount_due")


@pytest.fixture
def make_members(member_factory):
    """``make_members(n)``: n members with an account and a dues basis, alternately in 一支部
    and 二支部, with bases 2000, 2100, … (so different bands and amounts)."""
    made = {"n": 0}

    def _make(count: int) -> None:
        for _ in range(count):
            made["n"] += 1
            number = made["n"]
            user = User.objects.create_user(username=f"scale{number}", password="x")
            member = member_factory("一支部" if number % 2 else "二支部", user=user)
            dues_profile_set(
                member=member,
                actor=None,
                category="in_service",
                base_income=Decimal(2000 + 100 * number),
                effective_from=NOV,
            )

    return _make


def assessed_rows() -> list[tuple]:
    return list(DuesAssessment.objects.filter(month=NOV).order_by("member").values_list(*FIELDS))


def queries_of(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def test_assessment_queries_grow_with_batches_not_members(make_members, django_assert_num_queries):
    make_members(4)
    with CaptureQueriesContext(connection) as four:
        assert dues_assess_month(month=NOV, batch_size=100).created == 4
    DuesAssessment.objects.filter(month=NOV).delete()
    make_members(8)
    with django_assert_num_queries(len(four)):
        assert dues_assess_month(month=NOV, batch_size=100).created == 12
    by_batches = {}
    for batches, size in ((1, 12), (2, 6), (3, 4)):
        DuesAssessment.objects.filter(month=NOV).delete()
        by_batches[batches] = queries_of(
            lambda size=size: dues_assess_month(month=NOV, batch_size=size)
        )
        assert DuesAssessment.objects.filter(month=NOV).count() == 12
    assert by_batches[3] - by_batches[2] == by_batches[2] - by_batches[1] > 0


def test_a_run_stopped_after_its_first_batch_and_run_again_equals_a_clean_run(
    make_members, member_factory
):
    make_members(5)
    member_factory("一支部")  # no dues basis: counted, never assessed
    member_factory("二支部", joined_on=datetime.date(2026, 12, 3))  # pays from December
    clean = dues_assess_month(month=NOV)
    expected = assessed_rows()
    DuesAssessment.objects.filter(month=NOV).delete()
    Message.objects.all().delete()

    def stop_after_first_batch(done: int, total: int) -> None:
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        dues_assess_month(month=NOV, batch_size=2, progress=stop_after_first_batch)
    assert DuesAssessment.objects.filter(month=NOV).count() == 2
    again = dues_assess_month(month=NOV, batch_size=2)
    assert assessed_rows() == expected
    assert len({row[0] for row in expected}) == len(expected) == 5
    assert (again.created, again.existing) == (3, 2)
    assert (again.missing_profile, again.not_assessed) == (clean.missing_profile, 1)
    assert Message.objects.filter(object_type="dues_month").count() == 5


def test_a_repeat_run_creates_nothing_and_reports_progress(make_members):
    make_members(5)
    progress = []
    first = dues_assess_month(month=NOV, batch_size=2, progress=lambda *p: progress.append(p))
    assert first.created == 5
    assert progress == [(2, 5), (4, 5), (5, 5)]
    messages = Message.objects.count()
    again = dues_assess_month(month=NOV, batch_size=2)
    assert (again.created, again.existing) == (0, 5)
    assert DuesAssessment.objects.filter(month=NOV).count() == 5
    assert Message.objects.count() == messages


def member_rows_of(page: str) -> list[str]:
    return re.findall(r'<tr data-member="(\d+)">', page)


def member_amounts_of(page: str) -> list[str]:
    """The 应缴 of each member row."""
    cells = r'<tr data-member="\d+">.*?</td>\s*<td>.*?</td><td class="num">\d+</td>\s*'
    return re.findall(cells + r'<td class="num">¥([\d.]+)<', page, re.S)


def total_of(page: str, key: str) -> Decimal:
    match = re.search(rf'data-total="{key}"><strong>¥?([\d.]+)</strong>', page)
    return Decimal(match.group(1))


def test_the_report_pages_member_rows_under_totals_of_the_whole_subtree(
    make_members, tree, admin_client
):
    make_members(60)
    dues_assess_month(month=NOV)
    url = f"/admin/dues/?organisation={tree['general'].pk}&period=2026-11"
    first = admin_client.get(url).content.decode()
    second = admin_client.get(url + "&p=2").content.decode()
    rows = member_rows_of(first) + member_rows_of(second)
    assert len(member_rows_of(first)) == 50 and len(rows) == len(set(rows)) == 60
    assert "60 人" in first
    assessed = sum(
        (Decimal(amount) for page in (first, second) for amount in member_amounts_of(page)),
        Decimal("0"),
    )
    assert total_of(first, "assessed") == total_of(second, "assessed") == assessed
    assert total_of(first, "members") == 60
    # Ordered by organisation: 一支部's 30 fill the first page after its subtotal row, 二支部's
    # subtotal heads its run on page one and again on page two.
    assert first.count("（本级小计）") == 2 and second.count("（本级小计）") == 1
    expected = DuesAssessment.objects.filter(month=NOV, organisation=tree["first"])
    own = sum(a.amount_due for a in expected)
    subtotal = (
        rf'一支部</strong>（本级小计）</td>\s*<td class="num">30</td>\s*<td class="num">¥{own}<'
    )
    assert re.search(subtotal, first)
    export = admin_client.get(url + "&format=xlsx")
    members = list(
        load_workbook(io.BytesIO(export.content))["党员明细"].iter_rows(values_only=True)
    )
    assert len(members) == 3 + 60 + 1 and Decimal(str(members[-1][3])) == assessed


def test_the_whole_tree_report_lists_the_lower_level_and_opens_each_on_its_subtree(
    make_members, tree, admin_client
):
    """At a province's tens of thousands of organisations the screen table listed every one of
    them (bench/RESULTS.md); it lists the report's organisation and its direct lower ones, each
    with its whole subtree's subtotal and a link to the report on it; the xlsx keeps every level."""
    make_members(6)
    dues_assess_month(month=NOV)
    page = admin_client.get(f"/admin/dues/?organisation={tree['county'].pk}&period=2026-11")
    html = page.content.decode()
    listed = re.findall(r'<tr data-organisation="(\d+)">', html)
    assert listed == [str(tree["county"].pk), str(tree["organ"].pk)]
    assert f'href="?organisation={tree["organ"].pk}&amp;period=2026-11"' in html
    assert "导出 Excel 含全部 5 个党组织" in html
    organ = admin_client.get(f"/admin/dues/?organisation={tree['organ'].pk}&period=2026-11")
    assert re.findall(r'<tr data-organisation="(\d+)">', organ.content.decode()) == [
        str(tree["organ"].pk),
        str(tree["general"].pk),
    ]
    export = admin_client.get(
        f"/admin/dues/?organisation={tree['county'].pk}&period=2026-11&format=xlsx"
    )
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    names = {row[0] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert {"一支部", "二支部", "一总支"} <= {str(name).strip() for name in names}


def test_a_branch_secretary_cannot_see_another_branchs_report(
    make_members, tree, make_admin, client
):
    make_members(4)
    dues_assess_month(month=NOV)
    client.force_login(make_admin("secretary", tree["first"]))
    page = client.get(f"/admin/dues/?organisation={tree['second'].pk}&period=2026-11")
    text = page.content.decode()
    own = DuesAssessment.objects.filter(month=NOV, organisation=tree["first"])
    other = DuesAssessment.objects.filter(month=NOV, organisation=tree["second"])
    assert "二支部 党费收缴统计" not in text
    assert set(member_rows_of(text)) == {str(a.member_id) for a in own}
    assert not {str(a.member_id) for a in other} & set(member_rows_of(text))
    assert total_of(text, "members") == 2


def test_the_report_query_count_does_not_grow_with_the_page(
    make_members, tree, admin_client, django_assert_num_queries
):
    url = f"/admin/dues/?organisation={tree['general'].pk}&period=2026-11"
    make_members(3)
    dues_assess_month(month=NOV)
    with CaptureQueriesContext(connection) as three:
        assert len(member_rows_of(admin_client.get(url).content.decode())) == 3
    make_members(57)
    dues_assess_month(month=NOV)
    with django_assert_num_queries(len(three)):
        assert len(member_rows_of(admin_client.get(url).content.decode())) == 50


def test_the_arrears_list_pages_on_screen_and_exports_everyone(make_members, tree, admin_client):
    make_members(55)
    dues_assess_month(month=NOV)
    url = f"/admin/dues/arrears/?organisation={tree['county'].pk}&months=1"
    first = admin_client.get(url).content.decode()
    second = admin_client.get(url + "&p=2").content.decode()
    names = re.compile(r"<td><a href=\"/admin/dues/members/(\d+)/\">")
    shown = names.findall(first) + names.findall(second)
    assert len(names.findall(first)) == 50 and len(set(shown)) == 55
    export = admin_client.get(url + "&format=xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3 + 55 + 1 and rows[-1][1] == "55 人"


def test_the_command_assesses_in_batches_and_says_what_it_did(make_members):
    make_members(5)
    out = io.StringIO()
    call_command("dues_assess", "--month", "2026-11", "--batch-size", "2", stdout=out)
    assert "新核定 5 人，已有 0 人" in out.getvalue()
    out = io.StringIO()
    call_command("dues_assess", "--month", "2026-11", stdout=out)
    assert "新核定 0 人，已有 5 人" in out.getvalue()


def test_a_quarters_report_counts_each_member_once(make_members, tree, admin_client):
    """本级人数 of a quarter counted assessments, not members: three months of one member read
    3 (it is one count per organisation now, and the totals and member rows agree with it)."""
    make_members(4)
    for month in (NOV, datetime.date(2026, 12, 1)):
        dues_assess_month(month=month)
    url = f"/admin/dues/?organisation={tree['first'].pk}&period=2026-Q4"
    page = admin_client.get(url).content.decode()
    row = re.search(rf'<tr data-organisation="{tree["first"].pk}">.*?</tr>', page, re.S).group(0)
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["2"]
    assert total_of(page, "members") == 2
    assert re.search(r'data-total="months">4<', page)
    assert len(member_rows_of(page)) == 2
    sheet = load_workbook(io.BytesIO(admin_client.get(url + "&format=xlsx").content)).worksheets[0]
    counts = {str(r[0]).strip(): r[1] for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert counts["一支部"] == 2

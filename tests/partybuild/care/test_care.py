"""党内关怀 by docs/domain.md §9: the yearly review of 困难党员 at its 12-month boundary, amounts
of 帮扶慰问 (Decimal, 2 places, not negative), the 光荣在党50年 list at 1 July vs 2 July, the
month's 政治生日 and their reminders; scope of every list, page and export; query counts."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from openpyxl import load_workbook

from partybuild.care.models import CareVisit, HardshipMember
from partybuild.care.selectors import (
    anniversary_list,
    hardship_list,
    hardship_review_due,
    medal_list,
)
from partybuild.care.services import (
    care_visit_record,
    hardship_close,
    hardship_register,
    hardship_review,
)
from partybuild.tasks import task_counts_for_user, task_list_for_user
from tests.api.conftest import make_member_account
from tests.partybuild.clock import today_setter

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)


@pytest.fixture
def set_today(monkeypatch):
    setter = today_setter(monkeypatch)
    setter(TODAY)
    return setter


@pytest.fixture
def admins(tree, make_admin):
    return {
        "first": make_admin("first_admin", tree["first"]),
        "general": make_admin("general_admin", tree["general"]),
    }


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _named(member_factory, organisation: str, name: str, **fields):
    member = member_factory(organisation, **fields)
    member.name = name
    member.save()
    return member


def _hardship(member, registered_on=datetime.date(2025, 12, 3), **fields):
    values = {
        "kind": "illness",
        "level": "serious",
        "description": "本人患病住院，家庭收入减少",
        "registered_on": registered_on,
        "actor": None,
    }
    values.update(fields)
    return hardship_register(member=member, **values)


def _visit(member, organisation, amount="500.00", **fields):
    values = {
        "kind": "condolence",
        "visited_on": datetime.date(2026, 11, 20),
        "organisation": organisation,
        "visitor": "支部书记 张明",
        "content": "春节前走访慰问",
        "amount": amount,
        "actor": None,
    }
    values.update(fields)
    return care_visit_record(member=member, **values)


@pytest.mark.parametrize(
    ("reviewed_on", "due"),
    [
        (datetime.date(2025, 12, 3), True),  # exactly 12 months ago
        (datetime.date(2025, 12, 4), False),  # a day short of 12 months
        (datetime.date(2025, 6, 1), True),
    ],
)
def test_a_record_is_due_for_review_when_12_months_have_passed(
    member_factory, admins, set_today, reviewed_on, due
):
    record = _hardship(member_factory("一支部"), registered_on=reviewed_on)
    listed = hardship_list(user=admins["first"]).get(pk=record.pk)
    assert listed.review_due is due
    assert (list(hardship_review_due(user=admins["first"])) == [record]) is due
    assert task_counts_for_user(user=admins["first"])["hardship_review_due"] == int(due)


def test_a_review_restarts_the_year_and_closing_ends_the_reminder(
    member_factory, admins, set_today
):
    record = _hardship(member_factory("一支部"), registered_on=datetime.date(2025, 1, 10))
    items, _counts = task_list_for_user(user=admins["first"], limit=10, offset=0)
    assert any(i["kind"] == "hardship_review_due" for i in items)
    with pytest.raises(ValidationError) as error:
        hardship_review(
            record=record, reviewed_on=datetime.date(2024, 1, 1), level="general", actor=None
        )
    assert error.value.error_dict["reviewed_on"][0].code == "reviewed_on_too_early"
    hardship_review(record=record, reviewed_on=TODAY, level="general", actor=None)
    record.refresh_from_db()
    assert (record.reviewed_on, record.level) == (TODAY, "general")
    assert not hardship_review_due(user=admins["first"]).exists()
    hardship_close(record=record, closed_on=TODAY, reason="已稳定就业", actor=None)
    assert not hardship_list(user=admins["first"]).exists()
    assert hardship_list(user=admins["first"], active=False).get().close_reason == "已稳定就业"


def test_one_record_in_force_per_member(member_factory, set_today):
    member = member_factory("一支部")
    _hardship(member)
    with pytest.raises(ValidationError) as error:
        _hardship(member)
    assert error.value.error_dict["member"][0].code == "hardship_already_open"


@pytest.mark.parametrize(
    ("amount", "stored"),
    [
        ("0", Decimal("0.00")),
        ("", Decimal("0.00")),
        ("500", Decimal("500.00")),
        ("1234.5", Decimal("1234.50")),
        ("0.01", Decimal("0.01")),
    ],
)
def test_amounts_are_yuan_with_two_places(member_factory, tree, set_today, amount, stored):
    visit = _visit(member_factory("一支部"), tree["first"], amount=amount)
    visit.refresh_from_db()
    assert visit.amount == stored


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("-0.01", "amount_negative"),
        ("12.345", "amount_precision"),
        ("五百", "amount_invalid"),
        ("NaN", "amount_invalid"),
        ("99999999999", "amount_too_large"),
    ],
)
def test_bad_amounts_are_refused(member_factory, tree, set_today, amount, code):
    with pytest.raises(ValidationError) as error:
        _visit(member_factory("一支部"), tree["first"], amount=amount)
    assert error.value.error_dict["amount"][0].code == code
    assert not CareVisit.objects.exists()


def test_the_database_refuses_a_negative_amount(member_factory, tree):
    member = member_factory("一支部")
    with pytest.raises(IntegrityError), transaction.atomic():
        CareVisit.objects.create(
            member=member,
            kind="help",
            visited_on=TODAY,
            organisation=tree["first"],
            visitor="x",
            content="x",
            amount=Decimal("-1.00"),
        )


def test_a_visit_is_by_the_members_organisation_or_above_and_links_the_hardship(
    member_factory, tree, admins, set_today
):
    member = member_factory("一支部")
    record = _hardship(member)
    assert _visit(member, tree["general"]).hardship == record
    with pytest.raises(ValidationError) as error:
        _visit(member, tree["second"])
    assert error.value.error_dict["organisation"][0].code == "visit_organisation_outside"
    other = member_factory("三支部")
    with pytest.raises(PermissionDenied):
        _visit(other, tree["third"], actor=admins["first"])
    with pytest.raises(PermissionDenied):
        _hardship(other, actor=admins["first"])


@pytest.mark.parametrize(
    ("confirmed_on", "year"),
    [
        (datetime.date(1976, 7, 1), 2026),  # 50 years exactly on 1 July 2026
        (datetime.date(1976, 7, 2), 2027),  # a day later: next year's list
        (datetime.date(1975, 7, 2), 2026),  # first day of the 2026 window
        (datetime.date(1975, 7, 1), 2025),
    ],
)
def test_medal_list_counts_party_age_from_full_membership_to_1_july(
    member_factory, admins, confirmed_on, year
):
    member = member_factory(
        "一支部",
        joined_on=confirmed_on.replace(year=confirmed_on.year - 1),
        confirmed_on=confirmed_on,
        category="full",
    )
    for listed_year in (year - 1, year, year + 1):
        listed = list(medal_list(user=admins["first"], year=listed_year))
        assert listed == ([member] if listed_year == year else [])


def test_medal_list_leaves_out_members_off_the_roll_and_probationers(member_factory, admins):
    day = datetime.date(1976, 3, 1)
    member_factory(
        "一支部", joined_on=datetime.date(1975, 3, 1), confirmed_on=day, is_on_roll=False
    )
    member_factory(
        "一支部", joined_on=datetime.date(1975, 3, 1), confirmed_on=day, standing="expelled"
    )
    member_factory("一支部", joined_on=datetime.date(1975, 3, 1))  # no 转正日期 recorded
    assert list(medal_list(user=admins["first"], year=2026)) == []


def test_political_birthdays_of_the_month_per_branch_and_task(member_factory, admins, set_today):
    december = _named(member_factory, "一支部", "周立新", joined_on=datetime.date(1996, 12, 28))
    _named(member_factory, "一支部", "吴晓燕", joined_on=datetime.date(1996, 11, 30))
    _named(member_factory, "一支部", "郑新党", joined_on=datetime.date(2026, 12, 1))  # this year
    _named(member_factory, "三支部", "钱国华", joined_on=datetime.date(1990, 12, 5))
    assert list(anniversary_list(user=admins["first"], month=TODAY)) == [december]
    assert task_counts_for_user(user=admins["first"])["political_birthday"] == 1
    items, _counts = task_list_for_user(user=admins["first"], limit=10, offset=0)
    assert "「周立新」12月28日政治生日（入党30周年）" in [i["title"] for i in items]


# --- admin -------------------------------------------------------------------------------


def test_admin_lists_pages_and_exports_are_scoped(member_factory, tree, admins, set_today):
    mine = _named(
        member_factory,
        "一支部",
        "李卫东",
        joined_on=datetime.date(1975, 12, 1),
        confirmed_on=datetime.date(1976, 6, 30),
    )
    other = _named(
        member_factory,
        "三支部",
        "赵红梅",
        joined_on=datetime.date(1975, 12, 1),
        confirmed_on=datetime.date(1976, 6, 30),
    )
    mine_record, other_record = _hardship(mine), _hardship(other)
    _visit(mine, tree["first"], amount="300")
    _visit(other, tree["third"], amount="800")
    client = _client(admins["first"])
    for url in [
        "/admin/care/hardships/",
        "/admin/care/visits/",
        "/admin/care/medals/?year=2026",
        "/admin/care/anniversaries/?month=2026-12",
    ]:
        page = client.get(url).content.decode()
        assert "李卫东" in page and "赵红梅" not in page, url
        rows = list(
            load_workbook(
                io.BytesIO(client.get(url + ("&" if "?" in url else "?") + "format=xlsx").content)
            ).active.values
        )
        assert [r[0] for r in rows[1:]] == ["李卫东"], url
    assert client.get(f"/admin/care/hardships/{other_record.pk}/").status_code == 404
    assert (
        client.post(
            f"/admin/care/hardships/{other_record.pk}/review/",
            {"reviewed_on": "2026-12-01", "level": "general"},
        ).status_code
        == 404
    )
    assert client.get(f"/admin/care/hardships/{mine_record.pk}/").status_code == 200
    assert client.get(f"/admin/care/visits/add/?member={other.pk}").status_code == 404
    visits = list(
        load_workbook(
            io.BytesIO(client.get("/admin/care/visits/?format=xlsx").content)
        ).active.values
    )
    assert visits[1][7] == 300


def test_admin_records_a_visit_and_shows_amount_errors(member_factory, tree, admins, set_today):
    member = member_factory("一支部")
    client = _client(admins["first"])
    data = {
        "member": member.pk,
        "kind": "help",
        "visited_on": "2026-12-01",
        "organisation": tree["first"].pk,
        "visitor": "张明",
        "content": "送去米面油",
    }
    refused = client.post("/admin/care/visits/add/", {**data, "amount": "-5"})
    assert refused.status_code == 200 and "金额不能为负数" in refused.content.decode()
    assert client.post("/admin/care/visits/add/", {**data, "amount": "200.5"}).status_code == 302
    assert CareVisit.objects.get().amount == Decimal("200.50")


def test_hardship_review_in_the_admin(member_factory, admins, set_today):
    record = _hardship(member_factory("一支部"), registered_on=datetime.date(2025, 11, 1))
    client = _client(admins["first"])
    assert "待年度复核" in client.get(f"/admin/care/hardships/{record.pk}/").content.decode()
    response = client.post(
        f"/admin/care/hardships/{record.pk}/review/",
        {"reviewed_on": "2026-12-02", "level": "extreme", "note": "病情加重"},
    )
    assert response.status_code == 302
    assert HardshipMember.objects.get().level == "extreme"
    assert "待年度复核" not in client.get(f"/admin/care/hardships/{record.pk}/").content.decode()


def test_members_cannot_open_the_care_pages(tree, set_today):
    user = make_member_account(
        "member_a", tree["first"], phone="13800138001", birth=datetime.date(1980, 5, 17)
    )
    client = _client(user)
    for url in [
        "/admin/care/hardships/",
        "/admin/care/visits/?format=xlsx",
        "/admin/care/medals/",
        "/admin/care/anniversaries/",
    ]:
        response = client.get(url)
        assert response.status_code in (302, 403) and response.content[:2] != b"PK"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/care/hardships/",
        "/admin/care/visits/",
        "/admin/care/medals/?year=2026",
        "/admin/care/anniversaries/?month=2026-12",
    ],
)
def test_list_query_counts_are_constant(
    member_factory, tree, admins, set_today, url, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            member = member_factory(
                "一支部",
                joined_on=datetime.date(1975, 12, 1),
                confirmed_on=datetime.date(1976, 6, 30),
            )
            _hardship(member)
            _visit(member, tree["first"])

    client = _client(admins["general"])
    add(2)
    client.get(url)
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).content.decode().count("<tr><td>") == 10


def test_the_admin_home_links_the_review_reminder(member_factory, admins, set_today):
    _hardship(member_factory("一支部"), registered_on=datetime.date(2025, 1, 2))
    page = _client(admins["first"]).get("/admin/").content.decode()
    assert "待年度复核的困难党员" in page and "/admin/care/hardships/" in page


@pytest.mark.parametrize(
    "url",
    [
        "/admin/care/hardships/?format=xlsx",
        "/admin/care/visits/?format=xlsx",
        "/admin/care/medals/?year=2026&format=xlsx",
        "/admin/care/anniversaries/?month=2026-12&format=xlsx",
    ],
)
def test_export_query_counts_are_constant(
    member_factory, tree, admins, set_today, url, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            member = member_factory(
                "一支部",
                joined_on=datetime.date(1975, 12, 1),
                confirmed_on=datetime.date(1976, 6, 30),
            )
            _hardship(member)
            _visit(member, tree["first"])

    client = _client(admins["general"])
    add(2)
    client.get(url)
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = list(load_workbook(io.BytesIO(client.get(url).content)).active.values)
    assert len(rows) == 11


def test_a_hardship_page_query_count_does_not_grow_with_the_visits(
    member_factory, tree, admins, set_today, django_assert_max_num_queries
):
    member = member_factory("一支部")
    record = _hardship(member)
    client = _client(admins["general"])
    url = f"/admin/care/hardships/{record.pk}/"
    _visit(member, tree["first"])
    client.get(url)
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    for _ in range(6):
        _visit(member, tree["first"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).content.decode().count("春节前走访慰问") == 7

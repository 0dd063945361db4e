"""流动党员 by docs/domain.md §8: outflow, contacts and the quarterly reminder at its boundary,
return; mobile members keep the dues and meetings of their home branch; inflows; phones
encrypted and masked; scope (404/refusals) of every list, page, export and API; query counts."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from openpyxl import load_workbook

from partybuild.dues.models import DuesAssessment
from partybuild.dues.services import dues_assess_month, dues_profile_set
from partybuild.mobility.models import MobileInflow, MobileOutflow
from partybuild.mobility.selectors import mobile_outflow_contact_due, quarter_start
from partybuild.mobility.services import (
    mobile_contact_record,
    mobile_inflow_close,
    mobile_inflow_register,
    mobile_outflow_close,
    mobile_outflow_register,
)
from partybuild.orglife.selectors.meetings import meeting_default_attendees
from partybuild.tasks import task_counts_for_user, task_list_for_user
from tests.api.conftest import client_for, make_member_account
from tests.partybuild.clock import today_setter

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 10, 5)
PHONE = "13912345678"


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
        "third": make_admin("third_admin", tree["third"]),
    }


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _named(member_factory, organisation: str, name: str):
    member = member_factory(organisation)
    member.name = name
    member.save()
    return member


def _outflow(member, **fields) -> MobileOutflow:
    values = {
        "destination": "广东省深圳市南山区",
        "destination_organisation": "深圳市南山区流动党员党支部",
        "left_on": datetime.date(2026, 3, 1),
        "reason": "work",
        "contact_phone": PHONE,
        "certificate_number": "LD2026-0001",
        "actor": None,
    }
    values.update(fields)
    return mobile_outflow_register(member=member, **values)


def test_registering_an_outflow_marks_the_member_mobile_and_return_clears_it(
    member_factory, set_today
):
    member = member_factory("一支部")
    outflow = _outflow(member)
    member.refresh_from_db()
    assert member.is_mobile and outflow.is_open
    with pytest.raises(ValidationError) as error:
        _outflow(member)
    assert error.value.error_dict["member"][0].code == "outflow_already_open"
    mobile_outflow_close(outflow=outflow, returned_on=TODAY, actor=None)
    member.refresh_from_db()
    assert not member.is_mobile
    assert MobileOutflow.objects.get().returned_on == TODAY
    _outflow(member, left_on=TODAY)  # may leave again after returning


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("left_on", TODAY + datetime.timedelta(days=1), "left_on_in_future"),
        ("destination", "  ", "destination_required"),
        ("reason", "holiday", "reason_invalid"),
        ("contact_phone", "12345", "phone_invalid"),
    ],
)
def test_an_outflow_with_bad_input_is_refused_by_field(
    member_factory, set_today, field, value, code
):
    member = member_factory("一支部")
    with pytest.raises(ValidationError) as error:
        _outflow(member, **{field: value})
    assert error.value.error_dict[field][0].code == code
    assert not MobileOutflow.objects.exists()


def test_contacts_lie_between_leaving_and_today(member_factory, set_today):
    outflow = _outflow(member_factory("一支部"))
    for day, code in [
        (datetime.date(2026, 2, 28), "contact_before_leaving"),
        (TODAY + datetime.timedelta(days=1), "contacted_on_in_future"),
    ]:
        with pytest.raises(ValidationError) as error:
            mobile_contact_record(
                outflow=outflow, contacted_on=day, way="phone", content="电话联系", actor=None
            )
        assert error.value.error_dict["contacted_on"][0].code == code
    mobile_contact_record(
        outflow=outflow,
        contacted_on=outflow.left_on,
        way="phone",
        content="出发当天联系",
        actor=None,
    )


def test_quarter_starts():
    assert quarter_start(datetime.date(2026, 10, 5)) == datetime.date(2026, 10, 1)
    assert quarter_start(datetime.date(2026, 9, 30)) == datetime.date(2026, 7, 1)
    assert quarter_start(datetime.date(2026, 3, 31)) == datetime.date(2026, 1, 1)


def test_a_contact_on_the_last_day_of_the_previous_quarter_does_not_count(
    member_factory, admins, set_today
):
    outflow = _outflow(member_factory("一支部"))
    admin = admins["first"]
    mobile_contact_record(
        outflow=outflow,
        contacted_on=datetime.date(2026, 9, 30),
        way="phone",
        content="三季度末电话联系",
        actor=None,
    )
    assert list(mobile_outflow_contact_due(user=admin)) == [outflow]
    assert task_counts_for_user(user=admin)["mobile_contact_due"] == 1
    items, _counts = task_list_for_user(user=admin, limit=10, offset=0)
    assert any(i["kind"] == "mobile_contact_due" and "本季度尚未联系" in i["title"] for i in items)

    mobile_contact_record(
        outflow=outflow,
        contacted_on=datetime.date(2026, 10, 1),
        way="message",
        content="四季度第一天微信联系",
        actor=None,
    )
    assert list(mobile_outflow_contact_due(user=admin)) == []
    assert task_counts_for_user(user=admin)["mobile_contact_due"] == 0


def test_returned_members_and_other_subtrees_are_not_reminded(member_factory, admins, set_today):
    returned = _outflow(member_factory("一支部"))
    mobile_outflow_close(outflow=returned, returned_on=TODAY, actor=None)
    _outflow(member_factory("三支部"))
    assert task_counts_for_user(user=admins["first"])["mobile_contact_due"] == 0
    assert task_counts_for_user(user=admins["third"])["mobile_contact_due"] == 1


def test_mobile_members_are_still_assessed_dues_and_expected_at_meetings(
    member_factory, tree, set_today
):
    member = member_factory("一支部")
    _outflow(member)
    month = datetime.date(2026, 10, 1)
    dues_profile_set(
        member=member,
        actor=None,
        category="in_service",
        base_income=Decimal("4000"),
        effective_from=month,
    )
    assert dues_assess_month(month=month).created == 1
    assessment = DuesAssessment.objects.get(member=member)
    assert assessment.amount_due == Decimal("40.00")
    assert assessment.organisation_id == tree["first"].pk
    assert member in meeting_default_attendees(organisation=tree["first"])


def test_phones_are_encrypted_at_rest(member_factory, tree, set_today):
    _outflow(member_factory("一支部"))
    mobile_inflow_register(
        organisation=tree["first"],
        name="王建国",
        home_organisation="河南省周口市某村党支部",
        certificate_number="LD-HN-0099",
        arrived_on=TODAY,
        phone="13700001111",
        actor=None,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM mobility_mobileoutflow")
        (stored,) = cursor.fetchone()
        cursor.execute("SELECT phone FROM mobility_mobileinflow")
        (stored_inflow,) = cursor.fetchone()
    assert PHONE not in stored and "13700001111" not in stored_inflow
    assert MobileOutflow.objects.get().contact_phone == PHONE


def test_inflows_need_a_certificate_and_leave_after_arriving(tree, set_today):
    with pytest.raises(ValidationError) as error:
        mobile_inflow_register(
            organisation=tree["first"],
            name="王建国",
            home_organisation="外地党支部",
            certificate_number="",
            arrived_on=TODAY,
            actor=None,
        )
    assert error.value.error_dict["certificate_number"][0].code == "certificate_number_required"
    with pytest.raises(ValidationError):
        mobile_inflow_register(
            organisation=tree["general"],
            name="王建国",
            home_organisation="外地党支部",
            certificate_number="LD-1",
            arrived_on=TODAY,
            actor=None,
        )  # a 党总支 is no branch
    inflow = mobile_inflow_register(
        organisation=tree["first"],
        name="王建国",
        home_organisation="外地党支部",
        certificate_number="LD-1",
        arrived_on=TODAY,
        actor=None,
    )
    with pytest.raises(ValidationError) as error:
        mobile_inflow_close(inflow=inflow, left_on=TODAY - datetime.timedelta(days=1), actor=None)
    assert error.value.error_dict["left_on"][0].code == "leave_before_arrival"
    assert mobile_inflow_close(inflow=inflow, left_on=TODAY, actor=None).left_on == TODAY


def test_services_refuse_members_outside_the_actors_subtree(
    member_factory, admins, tree, set_today
):
    other = member_factory("三支部")
    with pytest.raises(PermissionDenied):
        _outflow(other, actor=admins["first"])
    outflow = _outflow(other)
    with pytest.raises(PermissionDenied):
        mobile_contact_record(
            outflow=outflow, contacted_on=TODAY, way="phone", content="x", actor=admins["first"]
        )
    with pytest.raises(PermissionDenied):
        mobile_outflow_close(outflow=outflow, returned_on=TODAY, actor=admins["first"])
    with pytest.raises(PermissionDenied):
        mobile_inflow_register(
            organisation=tree["third"],
            name="王建国",
            home_organisation="外地党支部",
            certificate_number="LD-1",
            arrived_on=TODAY,
            actor=admins["first"],
        )


# --- admin -------------------------------------------------------------------------------


def test_admin_registers_contacts_and_closes_an_outflow(member_factory, admins, set_today):
    member = member_factory("一支部")
    client = _client(admins["first"])
    response = client.post(
        "/admin/mobility/outflows/add/",
        {
            "member": member.pk,
            "destination": "浙江省杭州市",
            "left_on": "2026-09-01",
            "reason": "work",
            "contact_phone": PHONE,
            "certificate_number": "ZJ-0001",
        },
    )
    assert response.status_code == 302, response.content.decode()
    outflow = MobileOutflow.objects.get()
    page = client.get(f"/admin/mobility/outflows/{outflow.pk}/").content.decode()
    assert "139****5678" in page and PHONE not in page
    assert "本季度尚未联系" in page
    response = client.post(
        f"/admin/mobility/outflows/{outflow.pk}/contact/",
        {"contacted_on": "2026-10-02", "way": "phone", "content": "了解务工情况，提醒按时交纳党费"},
    )
    assert response.status_code == 302
    page = client.get(f"/admin/mobility/outflows/{outflow.pk}/").content.decode()
    assert "了解务工情况" in page and "本季度尚未联系" not in page
    refused = client.post(
        f"/admin/mobility/outflows/{outflow.pk}/return/", {"returned_on": "2026-08-01"}
    )
    assert refused.status_code == 200 and "返回日期不能早于外出日期" in refused.content.decode()
    client.post(f"/admin/mobility/outflows/{outflow.pk}/return/", {"returned_on": "2026-10-04"})
    outflow.refresh_from_db()
    assert outflow.returned_on == datetime.date(2026, 10, 4)


def test_admin_lists_pages_and_exports_are_scoped(member_factory, admins, set_today):
    mine = _outflow(_named(member_factory, "一支部", "李卫东"))
    other = _outflow(_named(member_factory, "三支部", "赵红梅"))
    client = _client(admins["first"])
    listing = client.get("/admin/mobility/outflows/").content.decode()
    assert "李卫东" in listing and "赵红梅" not in listing
    assert client.get(f"/admin/mobility/outflows/{other.pk}/").status_code == 404
    assert client.get(f"/admin/mobility/outflows/{other.pk}/contact/").status_code == 404
    assert (
        client.post(
            f"/admin/mobility/outflows/{other.pk}/return/", {"returned_on": "2026-10-04"}
        ).status_code
        == 404
    )
    export = client.get("/admin/mobility/outflows/?format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.values)
    assert [r[0] for r in rows[1:]] == ["李卫东"]
    assert rows[1][7] == "139****5678"
    assert client.get(f"/admin/mobility/outflows/{mine.pk}/").status_code == 200


def test_inflow_admin_is_scoped(tree, admins, set_today):
    for organisation, name in [(tree["first"], "王建国"), (tree["third"], "孙秀英")]:
        mobile_inflow_register(
            organisation=organisation,
            name=name,
            home_organisation="河南省周口市某村党支部",
            certificate_number="LD-1",
            arrived_on=TODAY,
            phone="13700001111",
            actor=None,
        )
    client = _client(admins["first"])
    listing = client.get("/admin/mobility/inflows/").content.decode()
    assert "王建国" in listing and "孙秀英" not in listing and "137****1111" in listing
    other = MobileInflow.objects.get(name="孙秀英")
    assert client.get(f"/admin/mobility/inflows/{other.pk}/leave/").status_code == 404
    rows = list(
        load_workbook(
            io.BytesIO(client.get("/admin/mobility/inflows/?format=xlsx").content)
        ).active.values
    )
    assert [r[0] for r in rows[1:]] == ["王建国"]


def test_members_cannot_open_the_admin_pages(tree, set_today):
    member_user = make_member_account(
        "member_a", tree["first"], phone="13800138001", birth=datetime.date(1980, 5, 17)
    )
    client = _client(member_user)
    for url in [
        "/admin/mobility/outflows/",
        "/admin/mobility/inflows/",
        "/admin/mobility/outflows/?format=xlsx",
    ]:
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert response.content[:2] != b"PK"


def test_admin_list_query_count_is_constant(
    member_factory, admins, set_today, django_assert_max_num_queries
):
    client = _client(admins["general"])
    for _ in range(3):
        _outflow(member_factory("一支部"))
    client.get("/admin/mobility/outflows/")  # warm caches
    with django_assert_max_num_queries(20) as few:
        client.get("/admin/mobility/outflows/")
    for _ in range(12):
        _outflow(member_factory("二支部"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/admin/mobility/outflows/")
    assert page.content.decode().count("广东省深圳市南山区") == 15


# --- app API -----------------------------------------------------------------------------


def test_member_sees_own_record_and_contact_log(tree, set_today):
    user = make_member_account(
        "member_a", tree["first"], phone="13800138001", birth=datetime.date(1980, 5, 17)
    )
    outflow = _outflow(user.member)
    mobile_contact_record(
        outflow=outflow,
        contacted_on=datetime.date(2026, 10, 2),
        way="report",
        content="提交三季度思想汇报",
        actor=None,
    )
    body = client_for(user).get("/api/app/mobility/mine").json()
    assert len(body) == 1
    assert body[0]["contact_phone"] == "139****5678"
    assert body[0]["contacts"][0]["content"] == "提交三季度思想汇报"
    assert body[0]["contacted_this_quarter"] is True
    other = make_member_account(
        "member_b", tree["second"], phone="13800138002", birth=datetime.date(1985, 3, 9)
    )
    assert client_for(other).get("/api/app/mobility/mine").json() == []
    assert client_for(user).get("/api/app/mobility/outflows").status_code == 403


def test_api_lists_are_scoped_and_query_count_constant(
    member_factory, admins, set_today, django_assert_max_num_queries
):
    _outflow(_named(member_factory, "三支部", "赵红梅"))
    for _ in range(2):
        _outflow(member_factory("一支部"))
    client = client_for(admins["first"])
    body = client.get("/api/app/mobility/outflows").json()
    assert body["count"] == 2 and all(i["member"] != "赵红梅" for i in body["items"])
    assert all(i["contact_due"] for i in body["items"])
    client.get("/api/app/mobility/outflows?limit=2")
    with django_assert_max_num_queries(30) as few:
        client.get("/api/app/mobility/outflows?limit=2")
    for _ in range(10):
        _outflow(member_factory("一支部"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/app/mobility/outflows?limit=12").json()["items"]) == 12


def test_api_records_a_contact_in_scope_only(member_factory, admins, set_today):
    mine = _outflow(member_factory("一支部"))
    other = _outflow(member_factory("三支部"))
    client = client_for(admins["first"])
    payload = {"contacted_on": "2026-10-03", "way": "visit", "content": "走访家属"}
    response = client.post(
        f"/api/app/mobility/outflows/{mine.pk}/contacts", payload, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["contact_due"] is False
    assert (
        client.post(
            f"/api/app/mobility/outflows/{other.pk}/contacts",
            payload,
            content_type="application/json",
        ).status_code
        == 404
    )
    bad = client.post(
        f"/api/app/mobility/outflows/{mine.pk}/contacts",
        {**payload, "contacted_on": "2026-01-01"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["code"] == "contact_before_leaving"


def test_the_admin_home_links_the_reminders(member_factory, admins, set_today):
    _outflow(member_factory("一支部"))
    page = _client(admins["first"]).get("/admin/").content.decode()
    assert "本季度未联系的流动党员" in page and "/admin/mobility/outflows/" in page
    assert "/admin/care/anniversaries/" in page or "本月政治生日" not in page


# --- query counts and scope of the lists not covered above -----------------------------------


def _inflow(organisation, name="王建国") -> MobileInflow:
    return mobile_inflow_register(
        organisation=organisation,
        name=name,
        home_organisation="河南省周口市某村党支部",
        certificate_number="LD-1",
        arrived_on=TODAY,
        phone="13700001111",
        actor=None,
    )


def _add_both(member_factory, tree, n: int) -> None:
    for _ in range(n):
        _outflow(member_factory("一支部"))
        _inflow(tree["first"])


@pytest.mark.parametrize(
    "url",
    [
        "/admin/mobility/inflows/",
        "/admin/mobility/outflows/?format=xlsx",
        "/admin/mobility/inflows/?format=xlsx",
        "/api/app/mobility/inflows?limit=20",
    ],
)
def test_lists_and_exports_query_counts_are_constant(
    member_factory, tree, admins, set_today, url, django_assert_max_num_queries
):
    client = client_for(admins["general"]) if "/api/" in url else _client(admins["general"])
    _add_both(member_factory, tree, 2)
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    _add_both(member_factory, tree, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_outflow_page_and_api_detail_do_not_grow_with_the_contacts(
    member_factory, admins, set_today, django_assert_max_num_queries
):
    outflow = _outflow(member_factory("一支部"))
    admin, api = _client(admins["general"]), client_for(admins["general"])
    urls = [f"/admin/mobility/outflows/{outflow.pk}/", f"/api/app/mobility/outflows/{outflow.pk}"]

    def contact(n):
        for day in range(n):
            mobile_contact_record(
                outflow=outflow,
                contacted_on=datetime.date(2026, 9, 1 + day),
                way="phone",
                content="电话了解近况",
                actor=admins["general"],
            )

    contact(1)
    for url in urls:
        (admin if url.startswith("/admin/") else api).get(url)
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(30) as few:
            (admin if url.startswith("/admin/") else api).get(url)
        counts[url] = len(few.captured_queries)
    contact(6)
    with django_assert_max_num_queries(counts[urls[0]]):
        assert admin.get(urls[0]).content.decode().count("电话了解近况") == 7
    with django_assert_max_num_queries(counts[urls[1]]):
        assert len(api.get(urls[1]).json()["contacts"]) == 7


def test_my_outflows_do_not_grow_with_the_contacts(tree, set_today, django_assert_max_num_queries):
    user = make_member_account(
        "member_a", tree["first"], phone="13800138001", birth=datetime.date(1980, 5, 17)
    )
    outflow = _outflow(user.member, left_on=datetime.date(2026, 1, 5))
    mobile_outflow_close(outflow=outflow, returned_on=datetime.date(2026, 2, 1), actor=None)
    _outflow(user.member)
    client = client_for(user)
    client.get("/api/app/mobility/mine")
    with django_assert_max_num_queries(30) as few:
        client.get("/api/app/mobility/mine")
    for current in MobileOutflow.objects.all():
        for day in range(3):
            mobile_contact_record(
                outflow=current,
                contacted_on=current.left_on + datetime.timedelta(days=day),
                way="phone",
                content="电话了解近况",
                actor=None,
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/api/app/mobility/mine").json()
    assert [len(item["contacts"]) for item in body] == [3, 3]


def test_api_inflows_are_scoped(tree, admins, set_today):
    _inflow(tree["first"], "王建国")
    _inflow(tree["third"], "孙秀英")
    body = client_for(admins["first"]).get("/api/app/mobility/inflows").json()
    assert [item["name"] for item in body["items"]] == ["王建国"]
    assert body["items"][0]["phone"] == "137****1111"

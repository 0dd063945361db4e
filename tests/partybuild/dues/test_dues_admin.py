"""党费管理 in the admin: reports whose totals are the sum of their member rows, xlsx files read
back cell by cell, the print view, recording payments, and the subtree boundary."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from partybuild.dues.models import DuesAssessment, DuesPayment
from partybuild.dues.selectors import dues_member_rows, dues_period_parse, dues_report
from partybuild.dues.services import dues_assess_month, dues_payment_record, dues_profile_set

pytestmark = pytest.mark.django_db

OCT, NOV = datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)


@pytest.fixture
def dues_data(member_factory):
    """Three members over October and November; one pays everything, one half, one nothing."""
    members = {
        "full": member_factory("一支部"),
        "half": member_factory("二支部"),
        "none": member_factory("一小组"),
    }
    bases = {"full": "4000", "half": "6000", "none": "2000"}
    for key, member in members.items():
        dues_profile_set(
            member=member,
            actor=None,
            category="in_service",
            base_income=Decimal(bases[key]),
            effective_from=OCT,
        )
    for month in (OCT, NOV):
        dues_assess_month(month=month)
    dues_payment_record(
        member=members["full"], amount=Decimal("80"), paid_on=NOV, method="cash", actor=None
    )
    dues_payment_record(
        member=members["half"], amount=Decimal("90"), paid_on=NOV, method="bank", actor=None
    )
    return members


def test_report_totals_equal_the_sum_of_member_rows(dues_data, tree, superuser):
    period = dues_period_parse("2026-Q4")
    report = dues_report(user=superuser, root=tree["county"], period=period)
    rows = dues_member_rows(user=superuser, root=tree["county"], period=period)
    # 40 + 90 + 10 a month for two months; 80 and 90 paid
    assert report["total"]["assessed"] == sum(r["assessed"] for r in rows) == Decimal("280.00")
    assert report["total"]["paid"] == sum(r["paid"] for r in rows) == Decimal("170.00")
    assert report["total"]["outstanding"] == sum(r["outstanding"] for r in rows)
    assert report["total"]["rate"] == Decimal("0.6071")
    first = next(r for r in report["rows"] if r["organisation"] == tree["first"])
    assert first["subtotal"]["assessed"] == Decimal("100.00")  # 一支部 80 + 一小组 20
    assert first["own"]["assessed"] == Decimal("80.00")


def test_report_page_xlsx_and_print(dues_data, tree, admin_client):
    url = f"/admin/dues/?organisation={tree['general'].pk}&period=2026-11"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "一总支 党费收缴统计（2026年11月）" in page.content.decode()
    export = admin_client.get(url + "&format=xlsx")
    workbook = load_workbook(io.BytesIO(export.content))
    sheet = workbook["党费收缴统计"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "一总支 党费收缴统计（2026年11月）"
    assert rows[2] == (
        "党组织",
        "本级人数",
        "应缴（小计）",
        "已缴（小计）",
        "欠缴（小计）",
        "收缴率",
        "减免（小计）",
    )
    total = next(row for row in rows if row[0] == "合计")
    assert total[2:5] == (140, 40, 100)  # November: the oldest month is paid first
    money_cell = next(c for c in sheet["C"] if c.value == 140)
    assert money_cell.number_format == '"¥"#,##0.00'
    members = list(workbook["党员明细"].iter_rows(values_only=True))
    assert members[-1][3] == 140 and len(members) == 3 + 3 + 1
    printed = admin_client.get(url + "&format=print").content.decode()
    assert "size: A4 landscape" in printed and "合计" in printed


def test_arrears_list(dues_data, tree, admin_client):
    page = admin_client.get(f"/admin/dues/arrears/?organisation={tree['county'].pk}&months=2")
    text = page.content.decode()
    assert dues_data["none"].name in text and dues_data["full"].name not in text
    export = admin_client.get(
        f"/admin/dues/arrears/?organisation={tree['county'].pk}&months=1&format=xlsx"
    )
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    names = [row[0] for row in rows[3:-1]]
    assert names == [dues_data["none"].name, dues_data["half"].name]
    assert rows[-1][3] == 110


def test_recording_a_payment_in_the_admin(dues_data, admin_client):
    member = dues_data["none"]
    url = f"/admin/dues/members/{member.pk}/"
    refused = admin_client.post(
        url,
        {"action": "pay", "pay-amount": "50", "pay-paid_on": "2026-11-20", "pay-method": "cash"},
    )
    assert refused.status_code == 200 and "超出应缴" in refused.content.decode()
    done = admin_client.post(
        url,
        {
            "action": "pay",
            "pay-amount": "20",
            "pay-paid_on": "2026-11-20",
            "pay-method": "cash",
            "pay-receipt_number": "=SUM(A1)",
        },
    )
    assert done.status_code == 302
    assert DuesAssessment.objects.filter(member=member, paid_amount=Decimal("10.00")).count() == 2
    export = admin_client.get(url + "?format=xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == f"{member.name} 党费缴纳明细"
    payment = DuesPayment.objects.get(member=member)
    reversed_ = admin_client.post(
        url, {"action": "reverse", "reverse-payment": payment.pk, "reverse-reason": "金额有误"}
    )
    assert reversed_.status_code == 302
    assert DuesPayment.objects.filter(member=member).count() == 2


def test_administrators_see_only_their_subtree(dues_data, tree, make_admin, client):
    admin = make_admin("branch_one", tree["first"])
    client.force_login(admin)
    other = dues_data["half"]  # 二支部
    assert client.get(f"/admin/dues/members/{other.pk}/").status_code == 404
    page = client.get(f"/admin/dues/?organisation={tree['second'].pk}&period=2026-11")
    assert other.name not in page.content.decode()
    assert client.get(f"/admin/dues/members/{dues_data['full'].pk}/").status_code == 200


def test_rates_are_editable_only_with_the_dedicated_permission(tree, make_admin, client):
    admin = make_admin("branch_one", tree["first"])
    client.force_login(admin)
    assert client.get("/admin/dues_rates/").status_code == 200
    assert client.get("/admin/dues_rates/new/").status_code == 302  # refused
    admin.user_permissions.add(Permission.objects.get(codename="manage_dues_rates"))
    client.force_login(type(admin).objects.get(pk=admin.pk))
    assert client.get("/admin/dues_rates/new/").status_code == 200

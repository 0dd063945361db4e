"""The corrected dues rules of docs/domain.md §4 (issue 16, item 8), each boundary computed by
hand: a base is never negative; 减免 recorded with its reason and the 上级党委's approval and
applied by the assessment; a single voluntary payment of 1000 yuan or more flagged 全额上缴中央;
the members six months in arrears listed for people to act on."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from openpyxl import load_workbook

from partybuild.dues.models import DuesAssessment, DuesProfile, DuesWaiver
from partybuild.dues.selectors import (
    dues_lapsed_members,
    dues_member_rows,
    dues_period_parse,
    dues_report,
    dues_statement,
    dues_voluntary_passed_up,
)
from partybuild.dues.services import (
    dues_assess_month,
    dues_payment_record,
    dues_payment_reverse,
    dues_profile_set,
    dues_waiver_record,
    dues_waiver_revoke,
)
from partybuild.models import Member, MemberStanding

pytestmark = pytest.mark.django_db


def month(number: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, number, 1)


def codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


def amounts(member) -> dict[str, tuple[Decimal, Decimal]]:
    """Each month: (what the member is charged, what the 减免 took off)."""
    return {
        f"{a.month:%Y-%m}": (a.amount_due, a.waived_amount)
        for a in DuesAssessment.objects.filter(member=member).order_by("month")
    }


# --- a base is never negative ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "amount"),
    [("0", "0.00"), ("0.01", "0.00")],  # 0.01 × 0.5% = 0.00005 → 0.00
)
def test_a_base_of_zero_or_more_is_accepted(member_factory, base, amount):
    member = member_factory("一支部")
    dues_profile_set(
        member=member,
        actor=None,
        category="in_service",
        base_income=Decimal(base),
        effective_from=month(11),
    )
    dues_assess_month(month=month(11))
    assert DuesAssessment.objects.get(member=member).amount_due == Decimal(amount)


def test_a_negative_base_is_refused_by_the_service(member_factory):
    member = member_factory("一支部")
    with pytest.raises(ValidationError) as caught:
        dues_profile_set(
            member=member,
            actor=None,
            category="in_service",
            base_income=Decimal("-0.01"),
            effective_from=month(11),
        )
    assert codes(caught.value) == {"dues_base_negative"}
    assert "不能为负数" in caught.value.message_dict["base_income"][0]
    assert not DuesProfile.objects.filter(member=member).exists()
    with pytest.raises(ValidationError) as caught:
        dues_profile_set(
            member=member,
            actor=None,
            category="other_fixed",
            fixed_amount=Decimal("-1"),
            effective_from=month(11),
        )
    assert codes(caught.value) == {"dues_fixed_negative"}


def test_the_database_refuses_a_negative_base_from_any_other_path(member_factory):
    member = member_factory("一支部")
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesProfile.objects.create(
            member=member,
            category="in_service",
            base_income=Decimal("-0.01"),
            effective_from=month(11),
        )


def test_the_admin_shows_the_refusal_on_the_base(member_factory, admin_client):
    member = member_factory("一支部")
    response = admin_client.post(
        f"/admin/dues/members/{member.pk}/",
        {
            "action": "profile",
            "profile-category": "in_service",
            "profile-base_income": "-0.01",
            "profile-effective_from": "2026-11-01",
        },
    )
    assert response.status_code == 200
    assert not DuesProfile.objects.filter(member=member).exists()


# --- 减免 ----------------------------------------------------------------------------------


@pytest.fixture
def earner(member_factory):
    """An 一支部 member in service on 4000 a month (1% → 40.00), assessed January to May 2026,
    January paid."""
    member = member_factory("一支部")
    dues_profile_set(
        member=member,
        actor=None,
        category="in_service",
        base_income=Decimal("4000"),
        effective_from=month(1),
    )
    for number in range(1, 6):
        dues_assess_month(month=month(number))
    dues_payment_record(
        member=member, amount=Decimal("40"), paid_on=month(1), method="cash", actor=None
    )
    return member


def waive(member, approving, **fields):
    data = {
        "kind": "exemption",
        "start_month": month(1),
        "end_month": month(3),
        "reason": "患重病，生活困难",
        "approving_organisation": approving,
        "approved_on": datetime.date(2026, 2, 10),
        "approval_document": "机党字〔2026〕3号",
        "approver": "王书记",
    }
    data.update(fields)
    return dues_waiver_record(member=member, actor=None, **data)


def test_a_waiver_is_applied_to_its_unpaid_months_and_to_later_assessments(earner, tree):
    exemption = waive(earner, tree["organ"])
    reduction = waive(
        earner,
        tree["county"],
        kind="reduction",
        reduced_amount=Decimal("10"),
        start_month=datetime.date(2026, 4, 18),  # any day of the month
        end_month=month(6),
        approval_document="县组字〔2026〕8号",
    )
    assert (reduction.start_month, reduction.end_month) == (month(4), month(6))
    dues_assess_month(month=month(6))
    dues_assess_month(month=month(7))
    forty, ten, nothing = Decimal("40.00"), Decimal("10.00"), Decimal("0.00")
    assert amounts(earner) == {
        "2026-01": (forty, nothing),  # paid before the waiver: never rewritten
        "2026-02": (nothing, forty),
        "2026-03": (nothing, forty),
        "2026-04": (ten, Decimal("30.00")),
        "2026-05": (ten, Decimal("30.00")),
        "2026-06": (ten, Decimal("30.00")),
        "2026-07": (forty, nothing),
    }
    statement = dues_statement(member=earner)
    feb = next(a for a in statement["assessments"] if a.month == month(2))
    assert feb.waiver == exemption and feb.waiver.label() == "免交（机党字〔2026〕3号）"
    assert statement["owed"] == Decimal("70.00")  # 10 × 3 + 40

    dues_waiver_revoke(waiver=reduction, actor=None, reason="批准文件有误")
    assert amounts(earner)["2026-05"] == (forty, nothing)
    assert DuesWaiver.objects.get(pk=reduction.pk).revoked_at is not None


def test_a_reduced_amount_above_the_table_charges_the_table(earner, tree):
    waive(
        earner,
        tree["organ"],
        kind="reduction",
        reduced_amount=Decimal("50"),
        start_month=month(4),
        end_month=month(4),
    )
    assert amounts(earner)["2026-04"] == (Decimal("40.00"), Decimal("0.00"))


def test_the_report_and_its_export_show_the_waived_amounts(earner, tree, superuser, admin_client):
    waive(earner, tree["organ"])
    period = dues_period_parse("2026-Q1")
    report = dues_report(user=superuser, root=tree["county"], period=period)
    assert report["total"]["waived"] == Decimal("80.00")  # February and March, 40 each
    assert report["total"]["assessed"] == Decimal("40.00")  # January only
    (row,) = dues_member_rows(user=superuser, root=tree["county"], period=period)
    assert row["waived"] == Decimal("80.00")
    export = admin_client.get(
        f"/admin/dues/?organisation={tree['county'].pk}&period=2026-Q1&format=xlsx"
    )
    workbook = load_workbook(io.BytesIO(export.content))
    members = list(workbook["党员明细"].iter_rows(values_only=True))
    assert members[2][-1] == "减免" and members[3][-1] == 80
    page = admin_client.get(f"/admin/dues/members/{earner.pk}/").content.decode()
    assert "免交（机党字〔2026〕3号），减免 ¥40.00" in page and "机关党委 2026-02-10 批准" in page
    statement = admin_client.get(f"/admin/dues/members/{earner.pk}/?format=xlsx")
    rows = list(load_workbook(io.BytesIO(statement.content)).active.iter_rows(values_only=True))
    assert rows[2][5:7] == ("减免金额", "减免")
    assert rows[4][5:7] == (40, "免交（机党字〔2026〕3号）")  # February


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"approving_organisation": "general"}, "dues_waiver_not_superior_committee"),  # 党总支
        ({"approving_organisation": "town"}, "dues_waiver_not_superior_committee"),  # not above
        ({"approved_on": datetime.date(2099, 1, 1)}, "dues_waiver_approved_in_future"),
        ({"approval_document": " "}, "dues_waiver_document_required"),
        ({"reason": ""}, "dues_waiver_reason_required"),
        ({"start_month": month(3), "end_month": month(2)}, "dues_waiver_period_order"),
        ({"kind": "reduction"}, "dues_waiver_reduced_amount"),
        ({"kind": "reduction", "reduced_amount": Decimal("0")}, "dues_waiver_reduced_amount"),
        ({"kind": "reduction", "reduced_amount": Decimal("-5")}, "dues_waiver_reduced_amount"),
    ],
)
def test_a_waiver_needs_a_reason_and_the_approval_of_a_superior_committee(
    earner, tree, fields, code
):
    if isinstance(fields.get("approving_organisation"), str):
        fields["approving_organisation"] = tree[fields["approving_organisation"]]
    with pytest.raises(ValidationError) as caught:
        waive(earner, tree["organ"], **fields)
    assert codes(caught.value) == {code}
    assert not DuesWaiver.objects.exists()


def test_one_waiver_a_month(earner, tree):
    waive(earner, tree["organ"])  # January to March
    with pytest.raises(ValidationError) as caught:
        waive(earner, tree["organ"], start_month=month(3), end_month=month(4))
    assert codes(caught.value) == {"dues_waiver_overlap"}
    waive(earner, tree["organ"], start_month=month(4), end_month=month(4))  # the month after


def test_only_administrators_of_the_member_record_or_revoke(earner, tree, make_admin):
    stranger = make_admin("stranger", tree["second"])
    with pytest.raises(PermissionDenied):
        dues_waiver_record(
            member=earner,
            actor=stranger,
            kind="exemption",
            start_month=month(2),
            end_month=month(2),
            reason="困难",
            approving_organisation=tree["organ"],
            approved_on=datetime.date(2026, 2, 1),
            approval_document="机党字1号",
        )
    waiver = waive(earner, tree["organ"])
    with pytest.raises(PermissionDenied):
        dues_waiver_revoke(waiver=waiver, actor=stranger, reason="错误")


def test_the_waiver_register_in_the_admin(
    earner, tree, make_admin, client, member_factory, django_assert_max_num_queries
):
    branch = make_admin("branch_one", tree["first"])
    client.force_login(branch)
    form = {
        "member": earner.pk,
        "kind": "reduction",
        "reduced_amount": "5",
        "start_month": "2026-02",
        "end_month": "2026-03",
        "reason": "下岗后生活困难",
        "approving_organisation": tree["organ"].pk,
        "approver": "王书记",
        "approved_on": "2026-02-10",
        "approval_document": "机党字〔2026〕3号",
    }
    page = client.get(f"/admin/dues/waivers/add/?member={earner.pk}").content.decode()
    assert "机关党委" in page and "县委" in page and "乡镇党委" not in page  # above 一支部 only
    assert client.get("/admin/dues/waivers/add/?member=999999").status_code == 404
    refused = client.post("/admin/dues/waivers/add/", {**form, "approval_document": ""})
    assert refused.status_code == 200 and not DuesWaiver.objects.exists()
    done = client.post("/admin/dues/waivers/add/", form)
    assert done.status_code == 302
    assert amounts(earner)["2026-02"] == (Decimal("5.00"), Decimal("35.00"))
    page = client.get("/admin/dues/waivers/").content.decode()
    assert earner.name in page and "机党字〔2026〕3号" in page
    export = client.get("/admin/dues/waivers/?format=xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[2][:4] == ("姓名", "所在党组织", "减免方式", "减交后每月应缴")
    assert rows[3][0] == earner.name and rows[3][10] == "机党字〔2026〕3号"

    other = member_factory("二支部")
    waive(other, tree["organ"])
    client.force_login(make_admin("branch_two", tree["second"]))
    page = client.get("/admin/dues/waivers/").content.decode()
    assert other.name in page and earner.name not in page
    waiver = DuesWaiver.objects.get(member=earner)
    assert (
        client.post(f"/admin/dues/waivers/{waiver.pk}/revoke/", {"revoke_reason": "x"}).status_code
        == 404
    )

    client.force_login(branch)
    with django_assert_max_num_queries(40) as small:
        client.get("/admin/dues/waivers/")
    for number in range(10):
        waive(member_factory("一支部"), tree["organ"], approval_document=f"机党字{number}号")
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get("/admin/dues/waivers/").content.decode()
    assert "机党字9号" in page
    revoked = client.post(f"/admin/dues/waivers/{waiver.pk}/revoke/", {"revoke_reason": "撤销"})
    assert revoked.status_code == 302
    assert amounts(earner)["2026-02"] == (Decimal("40.00"), Decimal("0.00"))


# --- 自愿多交 of 1000 yuan or more: 全额上缴中央 --------------------------------------------------


@pytest.mark.parametrize(
    ("paid", "voluntary", "flagged"),
    [("1000.19", "999.99", False), ("1000.20", "1000.00", True), ("1500.20", "1500.00", True)],
)
def test_a_voluntary_payment_of_1000_or_more_is_flagged_passed_up(
    member_factory, tree, superuser, paid, voluntary, flagged
):
    member = member_factory("一支部")
    dues_profile_set(member=member, actor=None, category="student", effective_from=month(11))
    dues_assess_month(month=month(11))  # owes 0.20
    payment = dues_payment_record(
        member=member,
        amount=Decimal(paid),
        paid_on=datetime.date(2026, 11, 20),
        method="bank",
        actor=None,
        extra_is_voluntary=True,
    )
    assert payment.voluntary_extra == Decimal(voluntary)
    assert payment.passes_up_in_full is flagged
    period = dues_period_parse("2026-11")
    listed = dues_voluntary_passed_up(user=superuser, root=tree["county"], period=period)
    assert listed == ([payment] if flagged else [])
    assert not dues_voluntary_passed_up(
        user=superuser, root=tree["county"], period=dues_period_parse("2026-10")
    )


def test_a_reversed_voluntary_payment_is_not_passed_up(member_factory, tree, superuser):
    member = member_factory("一支部")
    payment = dues_payment_record(
        member=member,
        amount=Decimal("2000"),
        paid_on=datetime.date(2026, 11, 20),
        method="bank",
        actor=None,
        extra_is_voluntary=True,
    )
    dues_payment_reverse(payment=payment, actor=None, reason="录入错误")
    assert not dues_voluntary_passed_up(
        user=superuser, root=tree["county"], period=dues_period_parse("2026")
    )
    assert not any(p.passes_up_in_full for p in dues_statement(member=member)["payments"])


def test_the_report_flags_it_on_the_page_in_the_export_and_in_the_api(
    member_factory, tree, admin_client, roles, api_client
):
    member = member_factory("二支部")
    dues_payment_record(
        member=member,
        amount=Decimal("1000"),
        paid_on=datetime.date(2026, 11, 3),
        method="bank",
        receipt_number="ZY-1",
        actor=None,
        extra_is_voluntary=True,
    )
    url = f"/admin/dues/?organisation={tree['general'].pk}&period=2026-11"
    page = admin_client.get(url).content.decode()
    assert "data-passed-up" in page and "全额上缴中央" in page and member.name in page
    export = admin_client.get(url + "&format=xlsx")
    rows = list(
        load_workbook(io.BytesIO(export.content))["全额上缴中央"].iter_rows(values_only=True)
    )
    assert rows[3][1:] == (member.name, "二支部", 1000, 1000, "ZY-1", "全额上缴中央")
    statement = admin_client.get(f"/admin/dues/members/{member.pk}/").content.decode()
    assert "全额上缴中央" in statement
    report = api_client(roles["admin_parent"]).get(
        f"/api/app/dues/report?period=2026-11&organisation={tree['general'].pk}"
    )
    assert [p["member"] for p in report.json()["passed_up"]] == [member.name]


# --- six months unpaid: listed for 自行脱党 handling by people ---------------------------------


@pytest.fixture
def owing(member_factory, tree):
    """Students (0.20 a month) of 一支部 assessed January to July 2026, who paid on 20 July:
    ``seven`` nothing, ``six`` January, ``five`` January and February, ``split`` April only,
    ``waived`` nothing but April is 免交."""
    names = ["seven", "six", "five", "split", "waived"]
    members = {name: member_factory("一支部") for name in names}
    for member in members.values():
        dues_profile_set(member=member, actor=None, category="student", effective_from=month(1))
    waive(members["waived"], tree["organ"], start_month=month(4), end_month=month(4))
    for number in range(1, 8):
        dues_assess_month(month=month(number))
    paid = {"six": [1], "five": [1, 2], "split": [4]}
    for name, numbers in paid.items():
        dues_payment_record(
            member=members[name],
            amount=Decimal("0.20") * len(numbers),
            paid_on=datetime.date(2026, 7, 20),
            method="cash",
            actor=None,
            months=[month(number) for number in numbers],
        )
    return members


def test_members_with_six_or_more_consecutive_unpaid_months_are_listed(owing, tree, superuser):
    rows = dues_lapsed_members(user=superuser, root=tree["county"])
    assert [row["member_id"] for row in rows] == [owing["seven"].pk, owing["six"].pk]
    seven, six = rows
    assert (seven["run_months"], seven["run_start"], seven["run_end"]) == (7, month(1), month(7))
    assert (seven["months_owed"], seven["outstanding"]) == (7, Decimal("1.40"))
    assert (six["run_months"], six["run_start"], six["run_end"]) == (6, month(2), month(7))
    assert (six["months_owed"], six["outstanding"]) == (6, Decimal("1.20"))
    # five months (March–July) is not six; nor are two runs of three (split by a paid or a
    # waived April), though the split member owes six months in all.
    assert Member.objects.filter(standing=MemberStanding.NORMAL).count() == 5  # nothing changes


def test_the_list_in_the_admin_is_scoped_exportable_and_printable(
    owing, tree, make_admin, client, admin_client
):
    page = admin_client.get(f"/admin/dues/lapsed/?organisation={tree['county'].pk}")
    text = page.content.decode()
    assert "data-lapsed" in text and "不会改变党员的党籍状态" in text
    assert owing["seven"].name in text and owing["five"].name not in text
    export = admin_client.get(f"/admin/dues/lapsed/?organisation={tree['county'].pk}&format=xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[2][:3] == ("姓名", "所在党组织", "连续未交月数")
    assert [row[0] for row in rows[3:-1]] == [owing["seven"].name, owing["six"].name]
    assert rows[3][2:5] == (7, "2026-01", "2026-07")
    printed = admin_client.get(
        f"/admin/dues/lapsed/?organisation={tree['county'].pk}&format=print"
    ).content.decode()
    assert "size: A4 landscape" in printed and owing["six"].name in printed
    client.force_login(make_admin("branch_two", tree["second"]))
    assert owing["seven"].name not in client.get("/admin/dues/lapsed/").content.decode()
    # Another branch's subtree is not offered: the list falls back to the user's own.
    elsewhere = client.get(f"/admin/dues/lapsed/?organisation={tree['first'].pk}")
    assert owing["seven"].name not in elsewhere.content.decode()


def test_the_list_costs_the_same_queries_for_more_members(
    owing, member_factory, tree, admin_client, django_assert_max_num_queries
):
    url = f"/admin/dues/lapsed/?organisation={tree['county'].pk}"
    with django_assert_max_num_queries(40) as small:
        admin_client.get(url)
    for _index in range(8):
        member = member_factory("二支部")
        dues_profile_set(member=member, actor=None, category="student", effective_from=month(1))
    for number in range(1, 8):
        dues_assess_month(month=month(number))
    with django_assert_max_num_queries(len(small.captured_queries)):
        text = admin_client.get(url).content.decode()
    assert text.count("2026-01 至 2026-07") == 9

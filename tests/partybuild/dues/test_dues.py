"""Party dues by docs/domain.md §4: the rate table's boundaries, fixed categories, assessment by
month and organisation, payments, back payments, reversals."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from partybuild.core.money import money
from partybuild.dues.models import DuesAssessment, DuesPayment, DuesRate
from partybuild.dues.selectors import dues_amount
from partybuild.dues.services import (
    dues_assess_month,
    dues_payment_record,
    dues_payment_reverse,
    dues_profile_set,
)
from partybuild.models import Member, Transfer, TransferKind, TransferStatus

pytestmark = pytest.mark.django_db

NOV = datetime.date(2026, 11, 1)


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("3000", "15.00"),
        ("3000.01", "30.00"),
        ("5000", "50.00"),
        ("5000.01", "75.00"),
        ("10000", "150.00"),
        ("10000.01", "200.00"),
        ("2999.99", "15.00"),
        ("3333.33", "33.33"),
    ],
)
def test_in_service_rate_boundaries(base, expected):
    _rate, amount = dues_amount(category="in_service", month=NOV, base_income=Decimal(base))
    assert amount == Decimal(expected)


@pytest.mark.parametrize(
    ("base", "expected"), [("5000", "25.00"), ("5000.01", "50.00"), ("1234.50", "6.17")]
)
def test_retired_rate_boundaries(base, expected):
    assert dues_amount(category="retired", month=NOV, base_income=Decimal(base))[1] == Decimal(
        expected
    )


def test_rounding_is_half_up():
    assert money(Decimal("0.005")) == Decimal("0.01")
    assert dues_amount(category="in_service", month=NOV, base_income=Decimal("2101"))[1] == Decimal(
        "10.51"
    )  # 10.505 → 10.51


@pytest.mark.parametrize("category", ["student", "unemployed", "relief"])
def test_fixed_categories_pay_twenty_fen(category):
    assert dues_amount(category=category, month=NOV) == (None, Decimal("0.20"))


def test_farmers_pay_the_branchs_amount_between_020_and_1():
    assert dues_amount(category="farmer", month=NOV, fixed_amount=Decimal("0.5"))[1] == Decimal(
        "0.50"
    )
    with pytest.raises(ValidationError) as error:
        dues_amount(category="farmer", month=NOV, fixed_amount=Decimal("1.50"))
    assert "fixed_amount" in error.value.message_dict


def test_floats_never_reach_money():
    with pytest.raises(TypeError):
        money(0.1)
    with pytest.raises(TypeError):
        DuesRate.objects.create(category="student", fixed_amount=0.2, effective_from=NOV)


def test_a_new_rate_applies_from_its_month_only(member_factory):
    member = member_factory("一支部")
    dues_profile_set(member=member, actor=None, category="student", effective_from=NOV)
    dues_assess_month(month=NOV)
    DuesRate.objects.create(
        category="student", fixed_amount=Decimal("0.30"), effective_from=datetime.date(2026, 12, 1)
    )
    dues_assess_month(month=datetime.date(2026, 12, 1))
    amounts = list(DuesAssessment.objects.order_by("month").values_list("amount_due", flat=True))
    assert amounts == [Decimal("0.20"), Decimal("0.30")]


def test_assessment_is_idempotent_and_keeps_paid_months(member_factory):
    member = member_factory("一支部")
    dues_profile_set(
        member=member,
        actor=None,
        category="in_service",
        base_income=Decimal("4000"),
        effective_from=NOV,
    )
    first = dues_assess_month(month=NOV)
    assert first.created == 1
    dues_payment_record(member=member, amount=Decimal("40"), paid_on=NOV, method="cash", actor=None)
    again = dues_assess_month(month=NOV)
    assert (again.created, again.existing) == (0, 1)
    assert DuesAssessment.objects.get().paid_amount == Decimal("40.00")


def test_changing_the_base_recomputes_only_unpaid_months(member_factory):
    member = member_factory("一支部")
    dues_profile_set(
        member=member,
        actor=None,
        category="in_service",
        base_income=Decimal("4000"),
        effective_from=datetime.date(2026, 10, 1),
    )
    dues_assess_month(month=datetime.date(2026, 10, 1))
    dues_assess_month(month=NOV)
    dues_payment_record(
        member=member,
        amount=Decimal("40"),
        paid_on=NOV,
        method="cash",
        actor=None,
        months=[datetime.date(2026, 10, 1)],
    )
    dues_profile_set(
        member=member,
        actor=None,
        category="in_service",
        base_income=Decimal("6000"),
        effective_from=datetime.date(2026, 10, 1),
    )
    by_month = dict(DuesAssessment.objects.values_list("month", "amount_due"))
    assert by_month == {datetime.date(2026, 10, 1): Decimal("40.00"), NOV: Decimal("90.00")}


def test_probationary_members_pay_from_their_admission_month(member_factory):
    member = member_factory(
        "一支部", category="probationary", joined_on=datetime.date(2026, 11, 20)
    )
    dues_profile_set(member=member, actor=None, category="student", effective_from=NOV)
    assert dues_assess_month(month=datetime.date(2026, 10, 1)).created == 0
    assert dues_assess_month(month=NOV).created == 1


def test_a_transfer_splits_the_months_between_the_organisations(member_factory, tree):
    member = member_factory("一支部")
    dues_profile_set(
        member=member, actor=None, category="student", effective_from=NOV.replace(month=9)
    )
    Transfer.objects.create(
        member=member,
        kind=TransferKind.INTERNAL,
        status=TransferStatus.ACCEPTED,
        from_organisation=tree["first"],
        to_organisation=tree["second"],
        arrived_on=datetime.date(2026, 10, 15),
    )
    Member.objects.filter(pk=member.pk).update(organisation=tree["second"])
    for month in (9, 10, 11):
        dues_assess_month(month=NOV.replace(month=month))
    by_month = dict(DuesAssessment.objects.values_list("month__month", "organisation__name"))
    assert by_month == {9: "一支部", 10: "一支部", 11: "二支部"}
    only_second = DuesAssessment.objects.filter(organisation=tree["second"]).count()
    assert only_second == 1


def test_partial_and_quarterly_payments(member_factory):
    member = member_factory("一支部")
    dues_profile_set(
        member=member,
        actor=None,
        category="in_service",
        base_income=Decimal("4000"),
        effective_from=datetime.date(2026, 9, 1),
    )
    for month in (9, 10, 11):
        dues_assess_month(month=NOV.replace(month=month))
    dues_payment_record(
        member=member, amount=Decimal("100"), paid_on=NOV, method="bank", actor=None
    )
    paid = list(DuesAssessment.objects.order_by("month").values_list("paid_amount", flat=True))
    assert paid == [Decimal("40.00"), Decimal("40.00"), Decimal("20.00")]  # November owes 20
    with pytest.raises(ValidationError) as error:
        dues_payment_record(
            member=member, amount=Decimal("30"), paid_on=NOV, method="cash", actor=None
        )
    assert error.value.message_dict["amount"]  # 10 more than owed, not declared voluntary
    extra = dues_payment_record(
        member=member,
        amount=Decimal("30"),
        paid_on=NOV,
        method="cash",
        actor=None,
        extra_is_voluntary=True,
    )
    assert extra.voluntary_extra == Decimal("10.00")


def test_back_payment_beyond_six_months_needs_a_reason_and_the_parent(
    member_factory, tree, make_admin
):
    member = member_factory("一支部")
    dues_profile_set(
        member=member, actor=None, category="student", effective_from=datetime.date(2026, 1, 1)
    )
    for month in range(1, 12):
        dues_assess_month(month=datetime.date(2026, month, 1))
    branch_admin = make_admin("branch", tree["first"])
    parent_admin = make_admin("parent", tree["general"])
    with pytest.raises(ValidationError) as error:
        dues_payment_record(
            member=member, amount=Decimal("0.20"), paid_on=NOV, method="cash", actor=parent_admin
        )
    assert "reason" in error.value.message_dict  # January is 10 months back
    with pytest.raises(PermissionDenied):
        dues_payment_record(
            member=member,
            amount=Decimal("0.20"),
            paid_on=NOV,
            method="cash",
            actor=branch_admin,
            reason="外出务工",
        )
    dues_payment_record(
        member=member,
        amount=Decimal("0.20"),
        paid_on=NOV,
        method="cash",
        actor=parent_admin,
        reason="外出务工",
    )
    recent = dues_payment_record(
        member=member,
        amount=Decimal("0.20"),
        paid_on=NOV,
        method="cash",
        actor=branch_admin,
        months=[datetime.date(2026, 5, 1)],
    )
    assert recent.allocations.get().assessment.month == datetime.date(2026, 5, 1)


def test_a_reversal_reopens_the_months_and_keeps_both_entries(member_factory):
    member = member_factory("一支部")
    dues_profile_set(member=member, actor=None, category="student", effective_from=NOV)
    dues_assess_month(month=NOV)
    payment = dues_payment_record(
        member=member, amount=Decimal("0.20"), paid_on=NOV, method="cash", actor=None
    )
    with pytest.raises(ValidationError):
        dues_payment_reverse(payment=payment, actor=None, reason="")
    reversal = dues_payment_reverse(payment=payment, actor=None, reason="收据号登记错误")
    assert reversal.amount == Decimal("-0.20")
    assert DuesAssessment.objects.get().paid_amount == Decimal("0.00")
    assert DuesPayment.objects.count() == 2
    with pytest.raises(ValidationError):
        dues_payment_reverse(payment=payment, actor=None, reason="再次")
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {"partybuild.dues.payment", "partybuild.dues.reversal"} <= actions


def test_administrators_record_only_inside_their_subtree(member_factory, tree, make_admin):
    member = member_factory("二支部")
    dues_profile_set(member=member, actor=None, category="student", effective_from=NOV)
    dues_assess_month(month=NOV)
    with pytest.raises(PermissionDenied):
        dues_payment_record(
            member=member,
            amount=Decimal("0.20"),
            paid_on=NOV,
            method="cash",
            actor=make_admin("a", tree["first"]),
        )
    with pytest.raises(PermissionDenied):
        dues_assess_month(month=NOV, root=tree["second"], actor=make_admin("b", tree["first"]))

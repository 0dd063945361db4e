"""Which side charges each month of a transfer (docs/domain.md §6, issue 16 item 9): the sender
up to the letter's 党费交至, the receiver from the month after, whatever half of the month the
member leaves or arrives in — each month charged once, by one side. Every case is a timeline
with its dates and the expected organisation of each month written out by hand; each monthly
assessment runs on the first of its month, as the scheduled command does."""

import datetime
from decimal import Decimal

import pytest

from partybuild.dues.models import DuesAssessment
from partybuild.dues.selectors import dues_organisation_in_month
from partybuild.dues.services import dues_assess_month, dues_payment_record, dues_profile_set
from partybuild.models import Member
from partybuild.services.transfers import (
    transfer_accept,
    transfer_record_incoming,
    transfer_record_outgoing,
    transfer_start,
)
from tests.partybuild.clock import today_setter

pytestmark = pytest.mark.django_db


@pytest.fixture
def set_today(monkeypatch):
    """``set_today(day)``: the services' today is ``day`` (tests/partybuild/clock.py)."""
    return today_setter(monkeypatch)


FIRST, THIRD = "一支部", "三支部"


def day(month: int, number: int) -> datetime.date:
    return datetime.date(2026, month, number)


def assess(set_today, month: int) -> None:
    set_today(day(month, 1))
    dues_assess_month(month=day(month, 1))


def charged_by(member: Member) -> dict[str, str]:
    """Each assessed month and the organisation charging it (one row a month, by constraint)."""
    rows = DuesAssessment.objects.filter(member=member).select_related("organisation")
    return {f"{a.month:%Y-%m}": a.organisation.name for a in rows.order_by("month")}


def pay(member: Member, months: list[int], on: datetime.date) -> None:
    dues_payment_record(
        member=member,
        amount=Decimal("0.20") * len(months),
        paid_on=on,
        method="cash",
        actor=None,
        months=[day(m, 1) for m in months],
    )


@pytest.fixture
def student(member_factory, set_today):
    """An 一支部 student member (0.20 a month), assessed January to March 2026."""
    member = member_factory(FIRST)
    dues_profile_set(member=member, actor=None, category="student", effective_from=day(1, 1))
    for month in (1, 2, 3):
        assess(set_today, month)
    return member


def leave(member, tree, set_today, on: datetime.date, **kwargs):
    set_today(on)
    return transfer_start(
        member=member, to_organisation=tree["third"], actor=None, left_on=on, **kwargs
    )


def arrive(transfer, set_today, on: datetime.date):
    set_today(on)
    return transfer_accept(transfer=transfer, actor=None, arrived_on=on)


def test_leaving_10_march_arriving_5_april_the_receiver_charges_april(student, tree, set_today):
    pay(student, [1, 2, 3], day(3, 5))
    transfer = leave(student, tree, set_today, day(3, 10))
    assert transfer.dues_paid_until == day(3, 1)  # paid to March: 党费交至 2026-03
    assess(set_today, 4)  # 1 April: the letter is on its way; the member is still the sender's
    assert charged_by(student)["2026-04"] == FIRST
    arrive(transfer, set_today, day(4, 5))
    assess(set_today, 4)  # run again: nothing new
    assess(set_today, 5)
    assert charged_by(student) == {
        "2026-01": FIRST,
        "2026-02": FIRST,
        "2026-03": FIRST,
        "2026-04": THIRD,  # was the sender's under the old first-day rule
        "2026-05": THIRD,
    }
    student.refresh_from_db()
    assert dues_organisation_in_month(member=student, month=day(3, 1)) == tree["first"]
    assert dues_organisation_in_month(member=student, month=day(4, 1)) == tree["third"]


def test_leaving_20_march_arriving_25_march_the_receiver_charges_april(student, tree, set_today):
    pay(student, [1, 2, 3], day(3, 15))
    transfer = leave(student, tree, set_today, day(3, 20))
    arrive(transfer, set_today, day(3, 25))
    assess(set_today, 4)
    assert charged_by(student) == {
        "2026-01": FIRST,
        "2026-02": FIRST,
        "2026-03": FIRST,
        "2026-04": THIRD,
    }


def test_leaving_3_march_arriving_12_march_unpaid_march_goes_with_the_letter(
    student, tree, set_today
):
    pay(student, [1, 2], day(2, 20))  # March unpaid: 党费交至 2026-02
    transfer = leave(student, tree, set_today, day(3, 3))
    assert transfer.dues_paid_until == day(2, 1)
    arrive(transfer, set_today, day(3, 12))
    assess(set_today, 4)
    assert charged_by(student) == {
        "2026-01": FIRST,
        "2026-02": FIRST,
        "2026-03": THIRD,  # the receiver assesses from the month after 党费交至
        "2026-04": THIRD,
    }
    march = DuesAssessment.objects.get(member=student, month=day(3, 1))
    assert (march.amount_due, march.paid_amount) == (Decimal("0.20"), Decimal("0.00"))


def test_a_month_paid_to_the_sender_on_the_way_stays_with_the_sender(student, tree, set_today):
    pay(student, [1, 2, 3], day(3, 5))
    transfer = leave(student, tree, set_today, day(3, 10))  # 党费交至 2026-03
    assess(set_today, 4)
    pay(student, [4], day(4, 2))  # paid April to the sender before arriving
    arrive(transfer, set_today, day(4, 5))
    assess(set_today, 5)
    assert charged_by(student) == {
        "2026-01": FIRST,
        "2026-02": FIRST,
        "2026-03": FIRST,
        "2026-04": FIRST,  # collected by the sender: not charged again
        "2026-05": THIRD,
    }


def test_a_letter_stating_a_later_month_leaves_it_to_the_sender(student, tree, set_today):
    transfer = leave(student, tree, set_today, day(3, 28), dues_paid_until=day(5, 1))
    arrive(transfer, set_today, day(4, 16))
    for month in (4, 5, 6):
        assess(set_today, month)
    assert charged_by(student) == {
        "2026-01": FIRST,
        "2026-02": FIRST,
        "2026-03": FIRST,
        "2026-04": FIRST,
        "2026-05": FIRST,  # 党费交至 2026-05 as the letter states
        "2026-06": THIRD,
    }


def test_out_of_the_system_and_back_in(student, tree, set_today):
    pay(student, [1, 2, 3], day(3, 5))
    set_today(day(3, 10))
    transfer_record_outgoing(
        member=student,
        external_organisation="外省某党支部",
        letter_number="组转字1号",
        left_on=day(3, 10),
        actor=None,
    )
    for month in (4, 5):
        assess(set_today, month)  # nobody in the system charges April or May
    set_today(day(6, 20))
    transfer_record_incoming(
        member=student,
        to_organisation=tree["third"],
        external_organisation="外省某党支部",
        letter_number="外转2号",
        arrived_on=day(6, 20),
        dues_paid_until=day(5, 1),  # the other letter: 党费交至 2026-05
        actor=None,
    )
    assess(set_today, 6)
    assess(set_today, 7)
    assert charged_by(student) == {
        "2026-01": FIRST,
        "2026-02": FIRST,
        "2026-03": FIRST,
        "2026-06": THIRD,  # arrived on the 20th, charged from the month after 党费交至
        "2026-07": THIRD,
    }


def test_without_dues_paid_until_the_sender_charges_the_month_of_leaving(student, tree, set_today):
    """Transfers recorded before 党费交至 existed: the month the member left is the sender's."""
    transfer = leave(student, tree, set_today, day(3, 20))
    type(transfer).objects.filter(pk=transfer.pk).update(dues_paid_until=None)
    transfer.refresh_from_db()
    arrive(transfer, set_today, day(4, 5))
    assess(set_today, 4)
    assert charged_by(student)["2026-03"] == FIRST
    assert charged_by(student)["2026-04"] == THIRD


def test_dues_paid_until_is_the_end_of_the_unbroken_run_of_paid_months(member_factory, set_today):
    from partybuild.dues.selectors import dues_paid_until

    member = member_factory(FIRST)
    assert dues_paid_until(member=member) is None  # never assessed
    dues_profile_set(member=member, actor=None, category="student", effective_from=day(1, 1))
    for month in (1, 2, 3):
        assess(set_today, month)
    assert dues_paid_until(member=member) == datetime.date(2025, 12, 1)  # January unpaid
    pay(member, [1, 2], day(3, 2))
    dues_payment_record(
        member=member, amount=Decimal("0.10"), paid_on=day(3, 2), method="cash", actor=None
    )
    assert dues_paid_until(member=member) == day(2, 1)  # March part-paid
    dues_payment_record(
        member=member, amount=Decimal("0.10"), paid_on=day(3, 3), method="cash", actor=None
    )
    assert dues_paid_until(member=member) == day(3, 1)

"""The demo's dues (every member has a basis, six months assessed, some owe) and candidates
(every stage, some overdue, an activist due for examination, probations ending and overrun)."""

from decimal import Decimal

import pytest
from django.db.models import F

from partybuild.demo.load import demo_data_load
from partybuild.demo.members import GENERATED_MEMBER_COUNT
from partybuild.dues.models import DuesAssessment, DuesPayment, DuesProfile
from partybuild.models import User
from partybuild.recruitment.models import Candidate
from partybuild.recruitment.selectors import (
    candidate_stage,
    recruitment_examinations_due,
    recruitment_probation_reminders,
    recruitment_reminders,
)
from tests.partybuild.demo.loading import SEED_MEMBERS

pytestmark = [pytest.mark.django_db, pytest.mark.early]


def test_demo_dues_span_categories_months_and_arrears(demo):
    assert DuesProfile.objects.count() == len(SEED_MEMBERS) + GENERATED_MEMBER_COUNT
    assert set(DuesProfile.objects.values_list("category", flat=True)) >= {
        "in_service",
        "retired",
        "farmer",
        "student",
    }
    assert DuesAssessment.objects.dates("month", "month").count() == 6
    assert DuesAssessment.objects.filter(paid_amount__lt=F("amount_due")).exists()
    assert DuesAssessment.objects.filter(paid_amount=F("amount_due")).exists()
    payments = DuesPayment.objects.count()
    candidates = Candidate.objects.count()
    demo_data_load(with_accounts=False)
    assert DuesPayment.objects.count() == payments
    assert Candidate.objects.count() == candidates


def test_demo_candidates_cover_every_stage_and_some_are_overdue(demo):
    stages = {candidate_stage(candidate=c) for c in Candidate.objects.filter(status="active")}
    assert stages >= {1, 2, 3, 4}
    assert set(Candidate.objects.values_list("status", flat=True)) == {
        "active",
        "probationary",
        "full",
    }
    root = User.objects.create_superuser(username="demo_root", password="x", name="根")
    assert recruitment_reminders(user=root)
    assert recruitment_examinations_due(user=root)
    states = {item["state"] for item in recruitment_probation_reminders(user=root)}
    assert states == {"ending", "overrun"}


def test_demo_dues_show_the_rules_of_issue_16(demo):
    """A 减免 of each kind approved by a 上级党委, a voluntary payment passed up in full beside
    one that is not, members six months unpaid, and a letter on its way stating 党费交至."""
    from partybuild.dues.models import DuesWaiver
    from partybuild.dues.selectors import (
        dues_lapsed_members,
        dues_period_parse,
        dues_voluntary_passed_up,
    )
    from partybuild.models import Organisation, Transfer

    root = User.objects.create_superuser(username="demo_rules", password="x", name="根")
    top = Organisation.objects.get(code="CL")
    assert set(DuesWaiver.objects.values_list("kind", flat=True)) == {"exemption", "reduction"}
    assert DuesAssessment.objects.filter(waiver__isnull=False, waived_amount__gt=0).exists()
    year = dues_period_parse(f"{DuesPayment.objects.latest('paid_on').paid_on:%Y}")
    passed_up = dues_voluntary_passed_up(user=root, root=top, period=year)
    assert [p.voluntary_extra for p in passed_up] == [Decimal("2000.00")]
    assert DuesPayment.objects.filter(voluntary_extra=Decimal("500.00")).exists()
    assert all(row["run_months"] == 6 for row in dues_lapsed_members(user=root, root=top))
    assert dues_lapsed_members(user=root, root=top)
    transfer = Transfer.objects.get()
    assert transfer.status == "pending" and transfer.letter_valid_until is not None
    assert transfer.dues_paid_until is not None

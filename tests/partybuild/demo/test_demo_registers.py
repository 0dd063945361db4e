"""The demo's dues (every member has a basis, six months assessed, some owe) and candidates
(every stage, some overdue, an activist due for examination, probations ending and overrun)."""

import pytest
from django.db.models import F

from partybuild.demo.load import demo_data_load
from partybuild.dues.models import DuesAssessment, DuesPayment, DuesProfile
from partybuild.models import User
from partybuild.recruitment.models import Candidate
from partybuild.recruitment.selectors import (
    candidate_stage,
    recruitment_examinations_due,
    recruitment_probation_reminders,
    recruitment_reminders,
)

pytestmark = [pytest.mark.django_db, pytest.mark.early]


def test_demo_dues_span_categories_months_and_arrears(demo):
    assert DuesProfile.objects.count() == 308
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

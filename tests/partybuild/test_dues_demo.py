"""The demo's dues: every demo member has a basis, six months are assessed, some owe."""

import pytest
from django.db.models import F

from partybuild.models import DuesAssessment, DuesPayment, DuesProfile
from partybuild.services.demo import demo_data_load

pytestmark = pytest.mark.django_db


def test_demo_dues_span_categories_months_and_arrears():
    demo_data_load(with_accounts=False)
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
    demo_data_load(with_accounts=False)
    assert DuesPayment.objects.count() == payments

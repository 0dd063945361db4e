"""The demo's 微心愿 and 微心得: the seed's rows in every state, points awarded, idempotent."""

import pytest

from partybuild.demo.load import demo_data_load
from partybuild.memberservices.models import (
    ExperienceStatus,
    MicroExperience,
    MicroWish,
    PointsEntry,
)

pytestmark = [pytest.mark.django_db, pytest.mark.early]


def test_demo_wishes_experiences_and_points(demo):
    result = demo.result
    assert result.wishes_and_experiences == 18
    assert MicroWish.objects.count() == 10
    assert set(MicroWish.objects.values_list("status", flat=True)) == {
        "pending",
        "published",
        "claimed",
        "completed",
        "rejected",
        "expired",
    }
    assert MicroWish.objects.get(title="一套《三国演义》连环画").value == 50
    assert MicroExperience.objects.count() == 8
    approved = MicroExperience.objects.filter(status=ExperienceStatus.APPROVED)
    assert approved.count() == 6
    assert sorted(approved.values_list("points", flat=True)) == [10] * 5 + [12]
    assert PointsEntry.objects.filter(reason_kind="experience").count() == 6
    assert PointsEntry.objects.filter(reason_kind="wish").count() == 1
    assert demo_data_load(with_accounts=False).wishes_and_experiences == 0
    assert MicroWish.objects.count() == 10

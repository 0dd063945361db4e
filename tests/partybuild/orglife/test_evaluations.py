"""民主评议党员: a branch's annual round writes each member's grade into their dossier."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partybuild.models import DemocraticEvaluation
from partybuild.orglife.models import MeetingKind
from partybuild.orglife.services.evaluations import evaluation_round_record
from tests.partybuild.orglife.test_meetings import held_meeting

pytestmark = pytest.mark.django_db


def test_round_lands_in_dossier_and_can_be_corrected(tree, member_factory, make_admin):
    a = member_factory("一支部")
    g = member_factory("一小组")
    admin = make_admin("admin1", tree["first"])
    meeting = held_meeting(
        tree["first"],
        kind=MeetingKind.EVALUATION,
        starts_at=datetime.datetime(2025, 12, 20, 9, tzinfo=timezone.get_current_timezone()),
    )
    written = evaluation_round_record(
        organisation=tree["first"],
        year=2025,
        grades={a.pk: "excellent", g.pk: "qualified"},
        actor=admin,
        meeting=meeting,
    )
    assert written == 2
    assert a.evaluations.get(year=2025).get_grade_display() == "优秀"
    assert g.evaluations.get(year=2025).grade == "qualified"
    assert "例会" in a.evaluations.get(year=2025).remarks

    evaluation_round_record(
        organisation=tree["first"], year=2025, grades={g.pk: "basically_qualified"}, actor=admin
    )
    assert DemocraticEvaluation.objects.filter(member=g).count() == 1
    assert g.evaluations.get(year=2025).get_grade_display() == "基本合格"


def test_round_refusals_change_nothing(tree, member_factory, make_admin):
    a = member_factory("一支部")
    outsider = member_factory("二支部")
    admin = make_admin("admin1", tree["first"])
    with pytest.raises(ValidationError) as error:
        evaluation_round_record(
            organisation=tree["first"],
            year=2025,
            grades={a.pk: "excellent", outsider.pk: "qualified"},
            actor=admin,
        )
    assert error.value.error_dict["grades"][0].code == "member_outside_branch"
    with pytest.raises(ValidationError) as error:
        evaluation_round_record(
            organisation=tree["first"], year=2025, grades={a.pk: "great"}, actor=admin
        )
    assert error.value.error_dict["grades"][0].code == "grade_invalid"
    with pytest.raises(PermissionDenied):
        evaluation_round_record(
            organisation=tree["second"], year=2025, grades={outsider.pk: "qualified"}, actor=admin
        )
    second_year_meeting = held_meeting(
        tree["first"],
        kind=MeetingKind.EVALUATION,
        starts_at=datetime.datetime(2024, 12, 20, 9, tzinfo=timezone.get_current_timezone()),
    )
    with pytest.raises(ValidationError) as error:
        evaluation_round_record(
            organisation=tree["first"],
            year=2025,
            grades={a.pk: "qualified"},
            actor=admin,
            meeting=second_year_meeting,
        )
    assert error.value.error_dict["meeting"][0].code == "meeting_mismatch"
    assert not DemocraticEvaluation.objects.exists()

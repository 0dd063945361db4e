"""The demo's meetings: a year for every branch with gaps, attendance and minutes, one open
notice, one 民主评议 round; loading twice creates nothing new."""

import pytest
from django.utils import timezone

from partybuild.demo.load import demo_data_load
from partybuild.models import DemocraticEvaluation, Message
from partybuild.orglife.models import Meeting, MeetingAttendee, MeetingKind, MeetingStatus
from partybuild.orglife.selectors.compliance import organisation_compliance_list

pytestmark = [pytest.mark.django_db, pytest.mark.early]


def test_demo_meetings_have_gaps_attendance_and_an_evaluation(demo, superuser):
    closed = Meeting.objects.filter(status=MeetingStatus.CLOSED)
    assert closed.values("organisation").distinct().count() == 6
    assert closed.filter(kind=MeetingKind.COMMITTEE).count() < 6 * 12
    assert MeetingAttendee.objects.filter(attended=True).exists()
    assert MeetingAttendee.objects.filter(response="leave").exclude(leave_reason="").exists()
    upcoming = Meeting.objects.get(status=MeetingStatus.PUBLISHED)
    assert upcoming.attendees.exists()
    year = timezone.localdate().year - 1
    assert DemocraticEvaluation.objects.filter(year=year).exists()

    rows = organisation_compliance_list(user=superuser, year=timezone.localdate().year)
    rates = {row["rate"] for row in rows}
    assert len(rows) == 6 and len(rates) > 1

    meetings, messages = Meeting.objects.count(), Message.objects.count()
    assert demo_data_load(with_accounts=False).meetings == 0
    assert (Meeting.objects.count(), Message.objects.count()) == (meetings, messages)

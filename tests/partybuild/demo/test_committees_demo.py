"""The demo's committees: every demo organisation with members has a current term, 黄主才 is the
UI branch's 书记, that branch's term ends within 6 months (the reminder shows, its 换届 is asked
for), and the branches' 支委会 were attended by their committee; loading twice adds nothing."""

import pytest

from partybuild.committees.models import CommitteeTerm, Reelection
from partybuild.committees.selectors import (
    committee_current_member_ids,
    committee_reelection_reminders,
    committee_secretary,
)
from partybuild.demo.load import demo_data_load
from partybuild.models import Organisation
from partybuild.orglife.models import Meeting, MeetingKind

pytestmark = [pytest.mark.django_db, pytest.mark.early]


def test_demo_committees_secretary_reminder_and_committee_meetings(demo, superuser):
    branch = Organisation.objects.get(code="CL0403")
    assert committee_secretary(organisation=branch).name == "黄主才"
    reminders = {
        entry.reminder.organisation.code: entry
        for entry in committee_reelection_reminders(user=superuser)
    }
    assert reminders["CL0403"].reminder.level == "six_months"
    assert reminders["CL0403"].reelection_status == "requested"
    with_terms = set(
        CommitteeTerm.objects.filter(closed_on__isnull=True).values_list(
            "organisation__code", flat=True
        )
    )
    assert with_terms & set(reminders) == {"CL0403"}
    assert Reelection.objects.count() == 1
    assert CommitteeTerm.objects.filter(closed_on__isnull=True).count() >= 6

    meeting = Meeting.objects.filter(organisation=branch, kind=MeetingKind.COMMITTEE).first()
    committee = set(
        committee_current_member_ids(organisation=branch).values_list("member_id", flat=True)
    )
    assert set(meeting.attendees.values_list("member_id", flat=True)) == committee

    terms = CommitteeTerm.objects.count()
    assert demo_data_load(with_accounts=False).committees == 0
    assert CommitteeTerm.objects.count() == terms

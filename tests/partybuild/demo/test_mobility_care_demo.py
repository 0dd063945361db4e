"""The demo 流动党员 and 党内关怀 rows: a mobile member not yet contacted this quarter (reminded),
one back home, inflows; a 困难党员 due for review and the visits; loading twice adds nothing."""

import pytest

from partybuild.care.models import CareVisit, HardshipMember
from partybuild.care.selectors import hardship_review_due, medal_list
from partybuild.demo.load import demo_data_load
from partybuild.mobility.models import MobileInflow, MobileOutflow
from partybuild.mobility.selectors import mobile_outflow_contact_due
from partybuild.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.early]


def test_demo_mobility_and_care(demo):
    assert demo.result.mobility == 5 and demo.result.care == 5
    root = User.objects.create_superuser(username="demo_root2", password="x", name="根")
    assert mobile_outflow_contact_due(user=root).count() == 1
    assert MobileOutflow.objects.filter(returned_on__isnull=False).count() == 1
    assert MobileInflow.objects.count() == 2
    assert hardship_review_due(user=root).count() == 1
    assert CareVisit.objects.filter(amount__gt=0).count() == 2
    assert medal_list(user=root, year=2024).filter(name__startswith="黄").exists()
    again = demo_data_load(with_accounts=False)
    assert (again.mobility, again.care) == (0, 0)
    assert HardshipMember.objects.count() == 2

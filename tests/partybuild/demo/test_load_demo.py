"""`load_demo`: the seed's rows in one valid tree (a second run: test_demo_content.py; the
accounts: test_demo_accounts.py)."""

import pytest

from partybuild.demo.members import GENERATED_MEMBER_COUNT
from partybuild.models import Member, Organisation
from partybuild.models.organisations import ALLOWED_PARENT_TYPES
from tests.partybuild.demo.loading import SEED_MEMBERS, SEED_ORGANISATIONS

pytestmark = [pytest.mark.django_db, pytest.mark.early]


def test_loads_the_seed_rows_into_one_valid_tree(demo):
    names = set(Organisation.objects.values_list("name", flat=True))
    assert set(SEED_ORGANISATIONS) <= names
    roots = Organisation.get_root_nodes()
    assert [r.name for r in roots] == ["中共慈利县委员会"]
    for organisation in Organisation.objects.all():
        parent = organisation.get_parent()
        assert (parent.org_type if parent else None) in ALLOWED_PARENT_TYPES[organisation.org_type]
    assert Organisation.find_problems() == ([], [], [], [], [])
    members = Member.objects.filter(organisation__name="UI部支部委员会")
    assert set(SEED_MEMBERS) <= set(members.values_list("name", flat=True))
    huang = members.get(name="黄主才")
    huang.full_clean()  # a complete, valid dossier: ID number agrees with birth date and sex
    assert huang.id_number.startswith("430821194803")
    assert huang.phone == "13907441001"
    assert huang.joined_on.isoformat() == "1972-08-06"
    assert huang.confirmed_on.isoformat() == "1973-08-06"
    assert huang.job_post == "502退休人员"
    test_dept = Organisation.objects.get(name="测试一部")
    assert test_dept.get_org_type_display() == "党委"
    assert test_dept.contact_phone == "010-88887777"


def test_generated_members_spread_over_the_branches_with_valid_dossiers(demo):
    # admitted demo candidates add their own dossiers
    assert (
        Member.objects.filter(candidate__isnull=True).count()
        == len(SEED_MEMBERS) + GENERATED_MEMBER_COUNT
    )
    branches = Organisation.objects.filter(org_type="branch")
    counts = [Member.objects.filter(organisation=branch).count() for branch in branches]
    assert min(counts) >= 40
    # One branch passes the 50 members a branch should not exceed, to show the warning.
    over = [branch.code for branch, count in zip(branches, counts, strict=True) if count > 50]
    assert over == ["CL0403"]
    for member in Member.objects.order_by("?")[:25]:
        member.full_clean()
    assert Member.objects.filter(category="probationary").exists()

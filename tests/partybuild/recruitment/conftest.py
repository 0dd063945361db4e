"""Fixtures of the 发展党员 tests: a candidate of 一支部 born 2000-03-15 (18 on 2018-03-15),
three full members of 一支部 to be their 培养联系人 and 入党介绍人, and the administrator of 一支部
with the recruitment permissions."""

import datetime

import pytest
from django.contrib.auth.models import Permission

from partybuild.recruitment.services import candidate_create
from tests.partybuild.recruitment.support import RECRUITMENT_PERMISSIONS, id_number


@pytest.fixture
def candidate(tree):
    birth = datetime.date(2000, 3, 15)
    return candidate_create(
        organisation=tree["first"],
        actor=None,
        name="王小明",
        gender="male",
        birth_date=birth,
        id_number=id_number(birth),
        phone="13700000001",
    )


@pytest.fixture
def full_members(member_factory):
    return [member_factory("一支部", category="full") for _ in range(3)]


@pytest.fixture
def recruiter(tree, make_admin, org_admin_group):
    """The administrator of 一支部 with the recruitment permissions."""
    for codename in RECRUITMENT_PERMISSIONS:
        org_admin_group.permissions.add(Permission.objects.get(codename=codename))
    return make_admin("first_admin", tree["first"])


@pytest.fixture
def recruiter_client(client, recruiter):
    client.force_login(recruiter)
    return client

"""Content fixtures: the demo organisation tree's subtrees, and the three moderation roles."""

import pytest
from django.contrib.auth.models import Group

from content.models import (
    DisclosurePage,
    OrganisationDisclosureIndexPage,
    OrganisationRegulationIndexPage,
)
from partybuild.models import Member, User
from tests.conftest import assign_role

PASSWORD = "correct-horse-battery"


@pytest.fixture
def branches(tree):
    """Two sibling branches (一支部, 二支部) whose folders exist because they were created."""
    return {"a": tree["first"], "b": tree["second"]}


def folder(model, organisation):
    return model.objects.get(organisation=organisation)


@pytest.fixture
def disclosure_folder():
    return lambda organisation: folder(OrganisationDisclosureIndexPage, organisation)


@pytest.fixture
def regulation_folder():
    return lambda organisation: folder(OrganisationRegulationIndexPage, organisation)


def _user(username: str, *groups: Group, role=None, **fields) -> User:
    """An account in ``groups``; ``role`` = (role code, organisation) assigns that role too."""
    user = User.objects.create_user(username=username, password=PASSWORD, name=username, **fields)
    user.groups.add(*groups)
    if role is not None:
        assign_role(user, *role)
    return user


@pytest.fixture
def branch_editor(branches):
    """An editor of branch A: adds and edits A's pages, cannot publish."""
    return _user("editor_a", branches["a"].content_groups.editors)


@pytest.fixture
def branch_secretary(branches):
    """The secretary of branch A: step 1 (支部审核) for A's pages."""
    return _user(
        "secretary_a",
        branches["a"].content_groups.secretaries,
        Group.objects.get(name="支部书记"),
        role=("branch_secretary", branches["a"]),
    )


@pytest.fixture
def other_secretary(branches):
    """The secretary of branch B."""
    return _user(
        "secretary_b",
        branches["b"].content_groups.secretaries,
        Group.objects.get(name="支部书记"),
        role=("branch_secretary", branches["b"]),
    )


@pytest.fixture
def reviewer(db):
    """A 党委审核员: step 2, with publish permission."""
    return _user("reviewer", Group.objects.get(name="党委审核员"))


@pytest.fixture
def make_member():
    def _make(username: str, organisation) -> User:
        user = _user(username)
        Member.objects.create(name=username, gender="male", organisation=organisation, user=user)
        return user

    return _make


@pytest.fixture
def publish_disclosure(disclosure_folder):
    """Publish a DisclosurePage in an organisation's folder (bypassing moderation)."""

    def _publish(organisation, title: str, visibility: str = "public", **fields) -> DisclosurePage:
        page = DisclosurePage(title=title, visibility=visibility, **fields)
        disclosure_folder(organisation).add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return _publish

"""Shared fixtures: a small organisation tree built through the services, and accounts."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission

from partybuild.models import Organisation, User
from partybuild.services.organisations import organisation_create
from tests.api.conftest import client_for, make_member_account

PASSWORD = "correct-horse-battery"


@pytest.fixture
def make_org():
    """Create an organisation through the service, as the system (no actor)."""
    counter = {"n": 0}

    def _make(name: str, org_type: str, parent: Organisation | None = None, **fields):
        counter["n"] += 1
        fields.setdefault("code", f"T{counter['n']:04d}")
        if parent is not None:
            parent.refresh_from_db()
        return organisation_create(
            parent=parent, actor=None, name=name, org_type=org_type, **fields
        )

    return _make


@pytest.fixture
def tree(make_org):
    """县委 → {机关党委 → {一总支 → {一支部 → 一小组, 二支部}}, 乡镇党委 → 三支部}."""
    county = make_org("县委", "committee")
    organ = make_org("机关党委", "committee", county)
    general = make_org("一总支", "general_branch", organ)
    first = make_org("一支部", "branch", general)
    group = make_org("一小组", "group", first)
    second = make_org("二支部", "branch", general)
    town = make_org("乡镇党委", "committee", county)
    third = make_org("三支部", "branch", town)
    nodes = {
        "county": county,
        "organ": organ,
        "general": general,
        "first": first,
        "group": group,
        "second": second,
        "town": town,
        "third": third,
    }
    for node in nodes.values():
        node.refresh_from_db()
    return nodes


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(
        username="root", password=PASSWORD, name="超级管理员", email="root@example.com"
    )


@pytest.fixture
def org_admin_group(db):
    group = Group.objects.create(name="党组织管理员")
    for app_label, codename in [
        ("wagtailadmin", "access_admin"),
        ("partybuild", "add_organisation"),
        ("partybuild", "change_organisation"),
        ("partybuild", "delete_organisation"),
        ("partybuild", "view_organisation"),
    ]:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return group


@pytest.fixture
def make_admin(org_admin_group):
    """An organisation administrator (not a superuser) of the given subtree."""

    def _make(username: str, organisation: Organisation) -> User:
        user = User.objects.create_user(
            username=username,
            password=PASSWORD,
            name=username,
            administered_organisation=organisation,
        )
        user.groups.add(org_admin_group)
        return user

    return _make


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def member_factory(tree):
    """``member_factory("一支部", **fields)``: a full member (joined 2010) in that organisation."""
    import datetime

    from partybuild.models import Member

    by_name = {organisation.name: organisation for organisation in tree.values()}
    counter = {"n": 0}

    def _make(organisation_name: str, **fields) -> Member:
        counter["n"] += 1
        fields.setdefault("joined_on", datetime.date(2010, 7, 1))
        fields.setdefault("gender", "male")
        return Member.objects.create(
            name=f"党员{counter['n']}", organisation=by_name[organisation_name], **fields
        )

    return _make


@pytest.fixture
def roles(tree, make_admin, superuser):
    """The six roles of the API tests; ``anonymous`` is None. ``orgs`` gives branch A, branch B
    and A's parent."""
    return {
        "anonymous": None,
        "member_a": make_member_account(
            "member_a", tree["first"], phone="13800138001", birth=datetime.date(1980, 5, 17)
        ),
        "member_b": make_member_account(
            "member_b", tree["second"], phone="13800138002", birth=datetime.date(1985, 3, 9)
        ),
        "admin_a": make_admin("admin_a", tree["first"]),
        "admin_parent": make_admin("admin_parent", tree["general"]),
        "superuser": superuser,
    }


@pytest.fixture
def api_client():
    """``api_client(user)``: a client authenticated by a fresh token (``None``: anonymous)."""
    return client_for


def migration_state_apps(app_label: str, migration_name: str):
    """The historical app registry right after ``migration_name`` of ``app_label``: what a data
    migration's functions receive (models there keep the app and fields they had then)."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    return MigrationLoader(connection).project_state((app_label, migration_name)).apps

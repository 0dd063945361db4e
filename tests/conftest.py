"""Shared fixtures: a small organisation tree built through the services, and accounts.

The tree is built once per module for the module's tests that use it (``shared_tree``); each
test's own transaction is rolled back after it, so every test finds the same tree. Also here: the
migrated SQLite database kept between runs (tests/migrated_database.py) and the order tests run
in (tests/ordering.py)."""

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, Permission

from partybuild.models import Organisation, Role, RoleAssignment, User
from partybuild.permissions_catalogue import catalogue_permissions
from partybuild.services.organisations import organisation_create
from tests import ordering
from tests.api.conftest import client_for, make_member_account
from tests.live_server import live_server_serialise
from tests.migrated_database import MigratedDatabase, migrated_rows_restore
from tests.shared_rows import rows_for_scope

live_server_serialise()

PASSWORD = "correct-horse-battery"
#: Puts back what migrations made, after a test flushed it (set once the database is set up).
MIGRATED_ROWS_RESTORE = pytest.StashKey[Callable[[], None]]()


@pytest.fixture(scope="session")
def migrated_database(request, django_db_use_migrations):
    """The migrated SQLite test database kept between runs (tests/migrated_database.py)."""
    database = MigratedDatabase.for_session(
        config=request.config, use_migrations=django_db_use_migrations
    )
    yield database
    database.close()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings, migrated_database, django_db_createdb
):
    """pytest-django's, then: the test database filled from the kept copy, if there is one."""
    migrated_database.load(rebuild=django_db_createdb)


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, migrated_database, django_db_blocker):
    """pytest-django's, then: a copy of the migrated test database kept, if there was none."""
    with django_db_blocker.unblock():
        migrated_database.save()
    request.config.stash[MIGRATED_ROWS_RESTORE] = lambda: migrated_rows_restore(django_db_blocker)


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(session, config, items):
    """After pytest-django's order, ours (tests/ordering.py)."""
    result = yield
    items[:] = ordering.items_ordered(items)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test that ran early and flushed the database, put back what migrations made
    (tests/ordering.py), unless the next test reloads it itself."""
    result = yield
    if ordering.migrated_rows_needed_after(item, nextitem):
        restore = item.config.stash.get(MIGRATED_ROWS_RESTORE, None)
        if restore is not None:
            restore()
    return result


def _org_maker(*, first_number: int = 1):
    """``make(name, org_type, parent=None, **fields)``: through the service, as the system, with
    codes T0001, T0002, … from ``first_number`` unless given."""
    counter = {"n": first_number - 1}

    def _make(name: str, org_type: str, parent: Organisation | None = None, **fields):
        counter["n"] += 1
        fields.setdefault("code", f"T{counter['n']:04d}")
        if parent is not None:
            parent.refresh_from_db()
        return organisation_create(
            parent=parent, actor=None, name=name, org_type=org_type, **fields
        )

    return _make


def _tree_build(make_org) -> dict[str, Organisation]:
    county = make_org("县委", "committee")
    organ = make_org("机关党委", "committee", county)
    general = make_org("一总支", "general_branch", organ)
    first = make_org("一支部", "branch", general)
    group = make_org("一小组", "group", first)
    second = make_org("二支部", "branch", general)
    town = make_org("乡镇党委", "committee", county)
    third = make_org("三支部", "branch", town)
    return {
        "county": county,
        "organ": organ,
        "general": general,
        "first": first,
        "group": group,
        "second": second,
        "town": town,
        "third": third,
    }


@pytest.fixture(scope="module")
def shared_tree(request, django_db_setup, django_db_blocker):
    """The ``tree`` of a module's tests, built once (tests/shared_rows.py) instead of once per
    test: its organisations' pks by key. None in a module with a test that flushes the database,
    whose tests build their own tree."""
    items = [item for item in request.session.items if item.module is request.module]
    if not ordering.module_shares_the_tree(items):
        yield None
        return
    with rows_for_scope(django_db_blocker):
        with django_db_blocker.unblock():
            nodes = _tree_build(_org_maker())
        yield {key: node.pk for key, node in nodes.items()}


@pytest.fixture
def make_org(request):
    """Create an organisation through the service, as the system (no actor)."""
    shared = request.getfixturevalue("shared_tree") if "tree" in request.fixturenames else None
    return _org_maker(first_number=len(shared or {}) + 1)


@pytest.fixture
def tree(shared_tree, make_org):
    """县委 → {机关党委 → {一总支 → {一支部 → 一小组, 二支部}}, 乡镇党委 → 三支部}."""
    if shared_tree is not None:
        by_pk = Organisation.objects.in_bulk(shared_tree.values())
        return {key: by_pk[pk] for key, pk in shared_tree.items()}
    nodes = _tree_build(make_org)
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


#: The catalogue entries of the registers every organisation administrator works in, held by
#: ``make_admin``'s role (partybuild/admin/permissions.py asks for them besides a scope).
SHARED_REGISTER_ENTRIES = (
    "orglife.view",
    "orglife.edit",
    "committees.view",
    "committees.edit",
    "supervision.view",
    "supervision.edit",
    "memberservices.view",
    "memberservices.edit",
    "representatives.view",
    "representatives.edit",
    "learning.view",
    "learning.edit",
    "dues.view",
    "dues.edit",
    "mobility.view",
    "mobility.edit",
    "care.view",
    "care.edit",
)


def _permission_rows(names) -> list[Permission]:
    rows = []
    for name in sorted(names):
        app_label, codename = name.split(".", 1)
        rows.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return rows


def assign_role(user: User, role_code: str, organisation: Organisation) -> RoleAssignment:
    """Give ``user`` the role ``role_code`` on ``organisation``'s subtree (no delegation checks)."""
    assignment, _ = RoleAssignment.objects.get_or_create(
        user=user, role=Role.objects.get(code=role_code), organisation=organisation
    )
    for attribute in ("_partybuild_scope_paths", "_perm_cache", "_role_perm_cache"):
        user.__dict__.pop(attribute, None)
    return assignment


@pytest.fixture
def make_admin(org_admin_group):
    """An organisation administrator (not a superuser) of the given subtree: a role assigned on it
    gives the scope and the permissions of the shared registers (``SHARED_REGISTER_ENTRIES``,
    which partybuild.admin.permissions checks), ``org_admin_group`` (to which a test may add
    permissions) the others."""
    role, created = Role.objects.get_or_create(code="test_scope", defaults={"name": "测试管理范围"})
    if created:
        role.permissions.set(_permission_rows(catalogue_permissions(SHARED_REGISTER_ENTRIES)))

    def _make(username: str, organisation: Organisation) -> User:
        user = User.objects.create_user(username=username, password=PASSWORD, name=username)
        assign_role(user, "test_scope", organisation)
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


#: What the API tests' administrators also hold: the member, change-request, transfer and
#: recruitment registers (the app API's administrators' operations ask for their permissions).
API_ADMIN_ENTRIES = (
    "member.view",
    "member.edit",
    "transfer.view",
    "transfer.edit",
    "recruitment.view",
    "recruitment.edit",
)


@pytest.fixture
def api_admin(make_admin):
    """``api_admin(username, organisation)``: ``make_admin``'s administrator who also holds the
    member and transfer registers (``API_ADMIN_ENTRIES``) there."""
    role, created = Role.objects.get_or_create(
        code="test_api_registers", defaults={"name": "测试党员与转接"}
    )
    if created:
        role.permissions.set(_permission_rows(catalogue_permissions(API_ADMIN_ENTRIES)))

    def _make(username: str, organisation: Organisation) -> User:
        user = make_admin(username, organisation)
        assign_role(user, "test_api_registers", organisation)
        return user

    return _make


@pytest.fixture
def roles(tree, api_admin, superuser):
    """The six roles of the API tests; ``anonymous`` is None. ``orgs`` gives branch A, branch B
    and A's parent."""
    make_admin = api_admin
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

"""Delegated user administration (管理员管理) stays inside the administrator's subtree.

A 党组织管理员 given the user permissions lists, opens, edits, deletes and bulk-changes only the
accounts placed in their subtree (by the organisation they administer or by their member
dossier, and by nothing outside it); they never see or edit Django groups (an account's powers
are its roles: the bulk 分配角色 grants a role through role_assignment_grant, all or nothing),
never superuser status. Disabling an account by any path
revokes its app tokens for good.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from wagtail.models import APIToken

from content.models import OrganisationContentGroups
from partybuild.models import Member, Role, RoleAssignment, User
from tests.partybuild.account_forms import account_data, edit_data

pytestmark = pytest.mark.django_db

INDEX = reverse("wagtailusers_users:index")
INDEX_RESULTS = reverse("wagtailusers_users:index_results")
ADD = reverse("wagtailusers_users:add")
REVIEWERS = "党委审核员"


def bulk_url(action: str, users) -> str:
    url = reverse("wagtail_bulk_action", args=("partybuild", "user", action))
    return url + "?" + "&".join(f"id={user.pk}" for user in users)


def member_account(username: str, organisation) -> User:
    user = User.objects.create_user(
        username=username, password="x-long-passphrase-1", name=username
    )
    Member.objects.create(
        name=username,
        organisation=organisation,
        gender="male",
        joined_on=datetime.date(2010, 7, 1),
        user=user,
    )
    return user


def secretaries_group(organisation) -> Group:
    return OrganisationContentGroups.objects.get(organisation=organisation).secretaries


@pytest.fixture
def accounts(tree, make_admin):
    """The administrator of 一总支 (with the user permissions) and accounts in and out of scope."""
    general_admin = make_admin("general_admin", tree["general"])
    general_admin.groups.first().permissions.add(
        *Permission.objects.filter(
            content_type__app_label="partybuild",
            codename__in=["add_user", "change_user", "delete_user"],
        )
    )
    county_official = make_admin("county_official", tree["county"])
    Member.objects.create(
        name="county_official",
        organisation=tree["first"],
        gender="male",
        joined_on=datetime.date(2000, 7, 1),
        user=county_official,
    )
    return {
        "general_admin": general_admin,
        # in scope
        "first_admin": make_admin("first_admin", tree["first"]),
        "member_second": member_account("member_second", tree["second"]),
        # out of scope
        "town_admin": make_admin("town_admin", tree["town"]),
        "member_third": member_account("member_third", tree["third"]),
        "loner": User.objects.create_user(username="loner", password="x-long-passphrase-1"),
        # administers the whole county although their dossier is in 一支部
        "county_official": county_official,
    }


IN_SCOPE = ("first_admin", "member_second")
OUT_OF_SCOPE = ("town_admin", "member_third", "loner", "county_official")


@pytest.fixture
def delegated(client, accounts):
    client.force_login(accounts["general_admin"])
    return client


def listed_usernames(html: str) -> set[str]:
    return {name for name in IN_SCOPE + OUT_OF_SCOPE if name in html}


def test_user_list_shows_only_accounts_of_the_subtree(delegated, accounts, superuser):
    assert listed_usernames(delegated.get(INDEX).content.decode()) == set(IN_SCOPE)
    assert listed_usernames(delegated.get(INDEX_RESULTS).content.decode()) == set(IN_SCOPE)
    # Selecting "all" in the listing acts on the listed accounts only.
    all_url = (
        reverse("wagtail_bulk_action", args=("partybuild", "user", "set_active_state")) + "?id=all"
    )
    assert listed_usernames(delegated.get(all_url).content.decode()) == set(IN_SCOPE)
    delegated.force_login(superuser)
    assert listed_usernames(delegated.get(INDEX).content.decode()) == set(IN_SCOPE + OUT_OF_SCOPE)


@pytest.mark.parametrize("view", ["edit", "delete", "history", "usage", "copy"])
def test_out_of_scope_accounts_answer_404_on_every_view(delegated, accounts, view):
    for username in OUT_OF_SCOPE:
        url = f"/admin/users/{view}/{accounts[username].pk}/"
        assert delegated.get(url).status_code == 404, (view, username)
        if view == "delete":
            assert delegated.post(url).status_code == 404
            assert User.objects.filter(username=username).exists()


@pytest.mark.parametrize("view", ["edit", "history"])
def test_in_scope_accounts_open(delegated, accounts, view):
    for username in IN_SCOPE:
        url = reverse(f"wagtailusers_users:{view}", args=[accounts[username].pk])
        assert delegated.get(url).status_code == 200, (view, username)
    # … and the copy view, which would show an account's details in a new form, is gone.
    assert delegated.get(f"/admin/users/copy/{accounts['first_admin'].pk}/").status_code == 404


def test_bulk_deactivation_of_accounts_in_scope(delegated, accounts):
    in_scope = [accounts[name] for name in IN_SCOPE]
    url = bulk_url("set_active_state", in_scope)
    assert listed_usernames(delegated.get(url).content.decode()) == set(IN_SCOPE)
    response = delegated.post(url, {"mark_as_active": False})
    assert response.status_code == 302
    active = dict(User.objects.values_list("username", "is_active"))
    assert {name: active[name] for name in IN_SCOPE} == dict.fromkeys(IN_SCOPE, False)
    assert {name: active[name] for name in OUT_OF_SCOPE} == dict.fromkeys(OUT_OF_SCOPE, True)


@pytest.mark.parametrize("action", ["set_active_state", "delete", "assign_role"])
def test_bulk_action_naming_any_out_of_scope_account_is_refused_whole(
    delegated, accounts, tree, action
):
    data = {
        "set_active_state": {"mark_as_active": False},
        "delete": {},
        "assign_role": {
            "role": Role.objects.get(code="test_scope").pk,
            "organisation": tree["second"].pk,
        },
    }[action]
    for outsider in OUT_OF_SCOPE:
        url = bulk_url(action, [accounts["member_second"], accounts[outsider]])
        assert delegated.get(url).status_code == 404, outsider
        assert delegated.post(url, data).status_code == 404, outsider
    second = User.objects.get(username="member_second")
    assert second.is_active
    assert not second.groups.exists()
    assert not RoleAssignment.objects.filter(user=second).exists()
    assert set(User.objects.values_list("username", flat=True)) >= set(IN_SCOPE + OUT_OF_SCOPE)
    assert all(User.objects.filter(username__in=OUT_OF_SCOPE).values_list("is_active", flat=True))


def test_bulk_action_naming_an_account_that_does_not_exist_is_refused(delegated, accounts):
    ghost = User(pk=999_999)
    url = bulk_url("set_active_state", [accounts["member_second"], ghost])
    assert delegated.post(url, {"mark_as_active": False}).status_code == 404
    assert User.objects.get(username="member_second").is_active


def test_bulk_action_on_out_of_scope_accounts_only_is_404(delegated, accounts):
    url = bulk_url("set_active_state", [accounts["town_admin"]])
    assert delegated.get(url).status_code == 404
    assert delegated.post(url, {"mark_as_active": False}).status_code == 404
    assert User.objects.get(username="town_admin").is_active


def test_bulk_role_assignment_grants_only_grantable_roles_all_or_nothing(delegated, accounts, tree):
    """The bulk 分配角色 offers the roles the administrator holds (and those below them) and
    grants through role_assignment_grant: a role above their own is not a choice, and when the
    service refuses one account of the selection nobody is given the role."""
    accounts["general_admin"].groups.first().permissions.add(
        Permission.objects.get(content_type__app_label="partybuild", codename="add_roleassignment")
    )
    own = Role.objects.get(code="test_scope")
    url = bulk_url("assign_role", [accounts["member_second"]])
    form = delegated.get(url).context["form"]
    assert list(form.fields["role"].queryset) == [own]
    response = delegated.post(
        url,
        {"role": Role.objects.get(code="committee_reviewer").pk, "organisation": tree["second"].pk},
    )
    assert response.status_code == 200  # refused: not a choice
    assert not RoleAssignment.objects.filter(role__code="committee_reviewer").exists()
    response = delegated.post(url, {"role": own.pk, "organisation": tree["town"].pk})
    assert response.status_code == 200  # outside the subtree: not a choice
    assert not RoleAssignment.objects.filter(user=accounts["member_second"]).exists()

    # first_admin already holds the role on 一支部: refused, and member_second gets nothing.
    both = bulk_url("assign_role", [accounts["member_second"], accounts["first_admin"]])
    response = delegated.post(both, {"role": own.pk, "organisation": tree["first"].pk})
    assert response.status_code == 200
    assert "first_admin：该账号在「一支部」已有角色" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=accounts["member_second"]).exists()

    assert (
        delegated.post(url, {"role": own.pk, "organisation": tree["second"].pk}).status_code == 302
    )
    granted = RoleAssignment.objects.get(user=accounts["member_second"])
    assert (granted.role, granted.organisation) == (own, tree["second"])
    assert not accounts["member_second"].groups.exists()


def test_bulk_role_assignment_needs_the_assignment_permission(delegated, accounts, tree):
    url = bulk_url("assign_role", [accounts["member_second"]])
    own = Role.objects.get(code="test_scope")
    delegated.post(url, {"role": own.pk, "organisation": tree["second"].pk})
    assert not RoleAssignment.objects.filter(user=accounts["member_second"]).exists()


def test_groups_are_not_offered_and_organisation_choices_are_the_subtree(
    delegated, accounts, tree, superuser
):
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    form = delegated.get(ADD).context["form"]
    assert "groups" not in form.fields
    subtree = {tree["general"], tree["first"], tree["group"], tree["second"]}
    assert set(form.fields["organisation"].queryset) == subtree
    assert set(form.fields["administered_organisation"].queryset) == subtree
    assert form.fields["is_superuser"].disabled

    # A forged groups value is ignored; superuser status is never granted here.
    response = delegated.post(
        ADD, account_data(tree["first"], groups=[reviewers.pk], is_superuser="on")
    )
    assert response.status_code == 302, response.content.decode()
    created = User.objects.get(username="zhangsan")
    assert not created.groups.exists()
    assert created.is_superuser is False

    delegated.force_login(superuser)
    assert "groups" in delegated.get(ADD).context["form"].fields


def test_editing_leaves_the_account_groups_alone(delegated, accounts, tree):
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    account = accounts["first_admin"]
    account.groups.add(reviewers)
    before = set(account.groups.all())
    response = delegated.post(
        reverse("wagtailusers_users:edit", args=[account.pk]),
        edit_data(
            account,
            tree["first"],
            name="一支部管理员",
            administered_organisation=tree["first"].pk,
            groups=[secretaries_group(tree["first"]).pk],
        ),
    )
    assert response.status_code == 302, response.content.decode()
    assert set(account.groups.all()) == before


def api_me(token: str) -> int:
    return Client().get("/api/app/me/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code


def new_token(user: User) -> str:
    return APIToken.create_token(user=user, name="test")[1]


def edit_active(client, user: User, tree, *, active: bool):
    data = edit_data(user, tree["second"], is_active="on" if active else None)
    response = client.post(reverse("wagtailusers_users:edit", args=[user.pk]), data)
    assert response.status_code == 302, response.content.decode()


def test_disabling_an_account_by_any_path_revokes_its_tokens_for_good(delegated, accounts, tree):
    user = accounts["member_second"]
    # By the bulk action.
    token = new_token(user)
    assert api_me(token) == 200
    delegated.post(bulk_url("set_active_state", [user]), {"mark_as_active": False})
    assert api_me(token) == 401
    delegated.post(bulk_url("set_active_state", [user]), {"mark_as_active": True})
    user.refresh_from_db()
    assert user.is_active
    assert api_me(token) == 401
    assert api_me(new_token(user)) == 200

    # By the account form.
    token = new_token(user)
    edit_active(delegated, user, tree, active=False)
    assert api_me(token) == 401
    edit_active(delegated, user, tree, active=True)
    assert User.objects.get(pk=user.pk).is_active
    assert api_me(token) == 401

    # By a direct save (a service, a command, the shell).
    user.refresh_from_db()
    token = new_token(user)
    user.is_active = False
    user.save()
    user.is_active = True
    user.save()
    assert api_me(token) == 401


def test_the_listing_filters_by_role_and_shows_groups_to_superusers_only(
    delegated, accounts, tree, superuser
):
    filters = delegated.get(INDEX).context["filters"]
    assert "group" not in filters.filters
    assert "is_superuser" not in filters.filters
    own = Role.objects.get(code="test_scope")
    html = delegated.get(INDEX, {"role": own.pk}).content.decode()
    assert "first_admin" in html and "member_second" not in html
    delegated.force_login(superuser)
    assert "group" in delegated.get(INDEX).context["filters"].filters

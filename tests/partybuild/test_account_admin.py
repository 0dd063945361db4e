"""管理员管理 as the specification has it (issue 17): the required fields, the 所属党组织 picker
limited to the administrator's subtree, search by 姓名/账号/编码 and exact 手机号码, the
organisation filter, masked identifiers, and the 启用/停用 and 重置密码 row actions."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

from partybuild.admin.users import account_password_reset_url
from partybuild.models import User
from tests.partybuild.account_forms import account_data, female_id_number
from tests.partybuild.test_user_admin_scope import member_account

pytestmark = pytest.mark.django_db

INDEX = reverse("wagtailusers_users:index")
ADD = reverse("wagtailusers_users:add")
REQUIRED = ("username", "name", "code", "id_number", "phone", "gender", "organisation")


def account(username: str, organisation, *, number: int, **fields) -> User:
    """An account placed in ``organisation`` only by its 所属党组织."""
    user = User.objects.create_user(
        username=username,
        password="x-long-passphrase-1",
        organisation=organisation,
        phone=f"1390000{number:04d}",
        code=f"BM{number:03d}",
        **fields,
    )
    user.id_number = female_id_number(number)
    user.save()
    return user


@pytest.fixture
def delegated(client, tree, make_admin):
    """The administrator of 一总支, allowed to manage accounts."""
    admin = make_admin("general_admin", tree["general"])
    admin.groups.first().permissions.add(
        *Permission.objects.filter(
            content_type__app_label="partybuild",
            codename__in=["add_user", "change_user", "delete_user"],
        )
    )
    client.force_login(admin)
    return client


@pytest.fixture
def people(tree):
    """Accounts placed by 所属党组织: two in 一总支's subtree, one in 三支部 (out of scope)."""
    return {
        "first": account("liwei", tree["first"], number=1, name="李伟"),
        "second": account("wangfang", tree["second"], number=2, name="王芳"),
        "third": account("zhaolei", tree["third"], number=3, name="赵雷"),
    }


@pytest.mark.parametrize("field", REQUIRED)
def test_each_required_field_is_required(admin_client, tree, field):
    response = admin_client.post(ADD, account_data(tree["first"], **{field: ""}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not User.objects.filter(name="张三").exists()


def test_an_account_with_the_required_fields_is_created(admin_client, tree):
    response = admin_client.post(ADD, account_data(tree["first"]))
    assert response.status_code == 302, response.context["form"].errors
    created = User.objects.get(username="zhangsan")
    assert (created.code, created.phone, created.gender) == ("A001", "13812341234", "female")
    assert created.organisation == tree["first"]
    assert created.administered_organisation is None


def test_the_organisation_picker_offers_the_subtree_only(delegated, tree):
    response = delegated.post(ADD, account_data(tree["third"]))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not User.objects.filter(username="zhangsan").exists()

    response = delegated.post(ADD, account_data(tree["second"]))
    assert response.status_code == 302
    created = User.objects.get(username="zhangsan")
    # Placed by its 所属党组织 alone, the new account is the administrator's to manage.
    assert "zhangsan" in delegated.get(INDEX).content.decode()
    edit = reverse("wagtailusers_users:edit", args=[created.pk])
    assert delegated.get(edit).status_code == 200


def test_an_account_placed_outside_the_subtree_is_404_by_url(delegated, people):
    outsider = people["third"]
    for view in ("edit", "delete", "history"):
        url = reverse(f"wagtailusers_users:{view}", args=[outsider.pk])
        assert delegated.get(url).status_code == 404, view
    assert (
        delegated.post(reverse("wagtailusers_users:delete", args=[outsider.pk])).status_code == 404
    )
    assert User.objects.filter(pk=outsider.pk).exists()


def test_an_account_placed_outside_stays_out_even_with_a_dossier_inside(delegated, tree):
    """Placed in 三支部 by its 所属党组织, the account is not 一总支's although its dossier is."""
    user = member_account("dual", tree["second"])
    user.organisation = tree["third"]
    user.save()
    assert delegated.get(reverse("wagtailusers_users:edit", args=[user.pk])).status_code == 404


def listed(client, **params) -> set[str]:
    html = client.get(INDEX, params).content.decode()
    return {name for name in ("liwei", "wangfang", "zhaolei") if name in html}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("李伟", {"liwei"}),
        ("王", {"wangfang"}),
        ("liw", {"liwei"}),
        ("BM002", {"wangfang"}),
        ("bm00", {"liwei", "wangfang"}),
        ("13900000002", {"wangfang"}),
        ("139 0000 0001", {"liwei"}),
        # A phone number is matched whole, never by a fragment.
        ("1390000000", set()),
        ("0000001", set()),
        # Out of scope: found by nobody but a superuser.
        ("赵雷", set()),
        ("13900000003", set()),
    ],
)
def test_search_by_name_username_code_and_exact_phone(delegated, people, query, found):
    assert listed(delegated, q=query) == found


def test_superuser_search_finds_any_account(admin_client, people):
    assert listed(admin_client, q="13900000003") == {"zhaolei"}


def test_the_organisation_filter_takes_the_subtree(delegated, people, tree, superuser):
    assert listed(delegated, organisation=tree["general"].pk) == {"liwei", "wangfang"}
    assert listed(delegated, organisation=tree["first"].pk) == {"liwei"}
    # An organisation outside the subtree is no choice: it reveals nobody.
    assert "zhaolei" not in listed(delegated, organisation=tree["third"].pk)
    filters = delegated.get(INDEX).context["filters"]
    offered = set(filters.filters["organisation"].queryset)
    assert offered == {tree["general"], tree["first"], tree["group"], tree["second"]}
    delegated.force_login(superuser)
    assert listed(delegated, organisation=tree["town"].pk) == {"zhaolei"}


def test_the_listing_masks_phone_and_id_numbers(delegated, people):
    html = delegated.get(INDEX).content.decode()
    assert "139****0001" in html
    assert "13900000001" not in html
    number = people["first"].id_number
    assert f"{number[:3]}{'*' * 11}{number[-4:]}" in html
    assert number not in html


def test_each_row_can_be_disabled_and_enabled(delegated, people):
    target = people["first"]
    html = delegated.get(INDEX).content.decode()
    url = (
        reverse("wagtail_bulk_action", args=("partybuild", "user", "set_active_state"))
        + f"?id={target.pk}"
    )
    assert url + "&" in html.replace("&amp;", "&")
    assert delegated.post(url, {"mark_as_active": False}).status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    assert "启用" in delegated.get(INDEX).content.decode()
    assert delegated.post(url, {"mark_as_active": True}).status_code == 302
    target.refresh_from_db()
    assert target.is_active


def test_the_row_action_on_an_out_of_scope_account_is_refused(delegated, people):
    url = (
        reverse("wagtail_bulk_action", args=("partybuild", "user", "set_active_state"))
        + f"?id={people['third'].pk}"
    )
    assert delegated.post(url, {"mark_as_active": False}).status_code == 404
    people["third"].refresh_from_db()
    assert people["third"].is_active


def test_select_all_acts_on_the_searched_listing_in_scope(delegated, people):
    url = (
        reverse("wagtail_bulk_action", args=("partybuild", "user", "set_active_state"))
        + "?id=all&q=BM00"
    )
    assert delegated.post(url, {"mark_as_active": False}).status_code == 302
    active = dict(User.objects.values_list("username", "is_active"))
    assert (active["liwei"], active["wangfang"], active["zhaolei"]) == (False, False, True)
    assert active["general_admin"]


def test_without_the_reset_view_the_pages_render_without_the_button(delegated, people):
    try:
        reverse("partybuild_account_password_reset", args=[people["first"].pk])
    except NoReverseMatch:
        assert account_password_reset_url(people["first"]) is None
        assert "重置密码" not in delegated.get(INDEX).content.decode()
        edit = reverse("wagtailusers_users:edit", args=[people["first"].pk])
        assert delegated.get(edit).status_code == 200
    else:
        pytest.skip("the password reset view is installed")


@override_settings(ROOT_URLCONF="tests.partybuild.urls_password_reset")
def test_the_reset_button_links_to_the_reset_view(delegated, people):
    reset = reverse("partybuild_account_password_reset", args=[people["first"].pk])
    html = delegated.get(reverse("wagtailusers_users:index")).content.decode()
    assert "重置密码" in html
    assert reset in html
    edit = delegated.get(reverse("wagtailusers_users:edit", args=[people["first"].pk]))
    assert reset in edit.content.decode()


def test_the_migration_places_existing_accounts(tree):
    migration = importlib.import_module("partybuild.migrations.0020_user_organisation")
    member = member_account("member", tree["second"])
    administrator = User.objects.create_user(
        username="admin2", password="x-long-passphrase-1", administered_organisation=tree["town"]
    )
    both = member_account("both", tree["first"])
    both.administered_organisation = tree["county"]
    both.save()
    nowhere = User.objects.create_user(username="nowhere", password="x-long-passphrase-1")
    migration.place_existing_accounts(apps, None)
    placed = dict(User.objects.values_list("username", "organisation"))
    assert placed[member.username] == tree["second"].pk
    assert placed[administrator.username] == tree["town"].pk
    assert placed[both.username] == tree["first"].pk
    assert placed[nowhere.username] is None

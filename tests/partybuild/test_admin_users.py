"""Wagtail's user admin with our account fields: ID validation, masking and scope."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from partybuild.models import User
from tests.partybuild.account_forms import account_data

pytestmark = pytest.mark.django_db


def test_the_account_form_shows_our_fields(admin_client, tree):
    html = admin_client.get(reverse("wagtailusers_users:add")).content.decode()
    for label in [
        "姓名",
        "编码",
        "公民身份号码",
        "手机号码",
        "性别",
        "出生日期",
        "联系地址",
        "所属党组织",
        "管理的党组织",
    ]:
        assert label in html


def test_creating_an_account_normalises_the_id_number(admin_client, tree):
    response = admin_client.post(reverse("wagtailusers_users:add"), account_data(tree["first"]))
    assert response.status_code == 302, response.content.decode()
    user = User.objects.get(username="zhangsan")
    assert user.id_number == "11010519491231002X"
    assert user.name == "张三"
    assert user.get_full_name() == "张三"
    assert user.organisation == tree["first"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"id_number": "110105194912310021"}, "公民身份号码校验位不正确"),
        ({"birth_date": "1950-01-01"}, "出生日期与公民身份号码不一致"),
        ({"gender": "male"}, "性别与公民身份号码不一致"),
        ({"phone": "1381234123"}, "手机号码应为以1开头的11位数字"),
    ],
)
def test_invalid_personal_data_is_refused_in_chinese(admin_client, tree, overrides, message):
    response = admin_client.post(
        reverse("wagtailusers_users:add"), account_data(tree["first"], **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username="zhangsan").exists()


def test_user_listing_masks_phone_numbers(admin_client, tree):
    admin_client.post(reverse("wagtailusers_users:add"), account_data(tree["first"]))
    html = admin_client.get(reverse("wagtailusers_users:index")).content.decode()
    assert "138****1234" in html
    assert "13812341234" not in html


def grant_user_admin(user):
    user.groups.first().permissions.add(
        *Permission.objects.filter(codename__in=["add_user", "change_user", "delete_user"])
    )


def test_organisation_administrator_sees_only_accounts_of_their_subtree(client, tree, make_admin):
    own = make_admin("general_admin", tree["general"])
    make_admin("first_admin", tree["first"])
    make_admin("town_admin", tree["town"])
    grant_user_admin(own)
    client.force_login(own)
    html = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert "first_admin" in html
    assert "town_admin" not in html
    town_admin = User.objects.get(username="town_admin")
    assert client.get(reverse("wagtailusers_users:edit", args=[town_admin.pk])).status_code == 404
    assert (
        client.post(reverse("wagtailusers_users:delete", args=[town_admin.pk])).status_code == 404
    )
    assert User.objects.filter(username="town_admin").exists()


def test_organisation_administrator_cannot_create_accounts_elsewhere_or_superusers(
    client, tree, make_admin
):
    own = make_admin("general_admin", tree["general"])
    grant_user_admin(own)
    client.force_login(own)
    response = client.post(reverse("wagtailusers_users:add"), account_data(tree["town"]))
    assert response.status_code == 200
    assert not User.objects.filter(username="zhangsan").exists()

    response = client.post(
        reverse("wagtailusers_users:add"), account_data(tree["first"], is_superuser="on")
    )
    assert response.status_code == 302
    created = User.objects.get(username="zhangsan")
    assert created.is_superuser is False
    assert created.organisation == tree["first"]

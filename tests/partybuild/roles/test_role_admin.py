"""角色管理 in the admin (partybuild/admin/roles.py): listing, create and edit through the
services with the catalogue's checkboxes, 启用/停用, and who reaches it."""

import pytest
from django.urls import reverse

from partybuild.models import Role, User
from partybuild.permissions_catalogue import CATALOGUE
from partybuild.selectors.roles import role_permission_names
from tests.conftest import assign_role

pytestmark = pytest.mark.django_db

INDEX = "partybuild_roles:index"
ADD = "partybuild_roles:add"


def _area_field(label: str) -> str:
    return next(f"permissions_{i}" for i, area in enumerate(CATALOGUE) if str(area.label) == label)


def _account(username: str, role: str | None, organisation) -> User:
    user = User.objects.create_user(username=username, password="x", name=username)
    if role:
        assign_role(user, role, organisation)
    return user


def _data(**overrides) -> dict:
    data = {
        "code": "secretary_plus",
        "name": "组织委员",
        "order": "5",
        "note": "",
        "is_enabled": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_listing_shows_roles_and_their_number_of_assignments(admin_client, tree):
    _account("one", "editor", tree["first"])
    _account("two", "editor", tree["second"])
    response = admin_client.get(reverse(INDEX))
    html = response.content.decode()
    for text in ("editor", "编辑", "支部书记", "security_admin", "审计管理员", "分配数"):
        assert text in html
    counts = {role.code: role.assignment_count for role in response.context["object_list"]}
    assert counts["editor"] == 2
    assert counts["audit_admin"] == 0


def test_creating_a_role_saves_the_ticked_catalogue_entries(admin_client, db):
    response = admin_client.post(
        reverse(ADD),
        _data(**{_area_field("三会一课"): ["orglife.view", "orglife.edit"]}),
    )
    assert response.status_code == 302, response.content.decode()
    role = Role.objects.get(code="secretary_plus")
    assert role_permission_names(role=role) == {
        "orglife.view_meeting",
        "orglife.add_meeting",
        "orglife.change_meeting",
    }


def test_a_child_above_its_parent_is_refused_on_the_form(admin_client, db):
    editor = Role.objects.get(code="editor")
    response = admin_client.post(
        reverse(ADD), _data(parent=str(editor.pk), **{_area_field("三会一课"): ["orglife.view"]})
    )
    assert response.status_code == 200
    assert "下级角色的权限不能超过上级角色「编辑」" in response.content.decode()
    assert not Role.objects.filter(code="secretary_plus").exists()


def test_a_taken_code_is_refused_on_the_form(admin_client, db):
    response = admin_client.post(reverse(ADD), _data(code="editor"))
    assert response.status_code == 200
    assert "角色编码「editor」已被使用" in response.content.decode()


def test_a_security_administrator_is_offered_only_what_they_hold(client, tree):
    security = _account("security", "security_admin", tree["county"])
    client.force_login(security)
    form = client.get(reverse(ADD)).context["form"]
    offered = {key for name in form.area_fields for key, _label in form.fields[name].choices}
    assert offered == {"admin.access", "system.roles", "system.assignments", "system.security"}
    # An entry not offered, posted by a forged form, is not granted.
    response = client.post(
        reverse(ADD),
        _data(
            **{_area_field("党员管理"): ["member.view"], _area_field("系统设置"): ["system.roles"]}
        ),
    )
    assert response.status_code == 302
    role = Role.objects.get(code="secretary_plus")
    assert "partybuild.view_member" not in role_permission_names(role=role)
    assert "partybuild.change_role" in role_permission_names(role=role)
    response = client.post(reverse(ADD), _data(code="x2", **{_area_field("系统设置"): ["nope"]}))
    assert response.status_code == 200
    assert not Role.objects.filter(code="x2").exists()


def test_editing_keeps_the_permissions_the_editor_is_not_offered(client, tree):
    security = _account("security", "security_admin", tree["county"])
    client.force_login(security)
    org_admin = Role.objects.get(code="org_admin")
    before = role_permission_names(role=org_admin)
    response = client.post(
        reverse("partybuild_roles:edit", args=[org_admin.pk]),
        _data(
            code="ignored", name="党组织管理员（县）", **{_area_field("管理后台"): ["admin.access"]}
        ),
    )
    assert response.status_code == 302, response.content.decode()
    org_admin.refresh_from_db()
    assert org_admin.code == "org_admin"
    assert org_admin.name == "党组织管理员（县）"
    assert role_permission_names(role=org_admin) == before


def test_a_disabled_role_grants_nothing(admin_client, tree):
    holder = _account("holder", "org_admin", tree["first"])
    assert User.objects.get(pk=holder.pk).has_perm("partybuild.view_member")
    role = Role.objects.get(code="org_admin")
    url = reverse("partybuild_roles:toggle", args=[role.pk])
    assert "停用" in admin_client.get(url).content.decode()
    assert admin_client.post(url).status_code == 302
    role.refresh_from_db()
    assert role.is_enabled is False
    holder = User.objects.get(pk=holder.pk)
    assert not holder.has_perm("partybuild.view_member")
    assert admin_client.post(url).status_code == 302
    assert Role.objects.get(pk=role.pk).is_enabled is True


@pytest.mark.parametrize("role", ["audit_admin", "org_admin", None])
def test_only_role_managers_reach_the_role_admin(client, tree, role):
    user = _account("someone", role, tree["county"])
    client.force_login(user)
    target = Role.objects.get(code="editor")
    for url in (
        reverse(INDEX),
        reverse(ADD),
        reverse("partybuild_roles:edit", args=[target.pk]),
        reverse("partybuild_roles:toggle", args=[target.pk]),
    ):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(reverse("partybuild_roles:toggle", args=[target.pk])).status_code in (
        302,
        403,
    )
    assert Role.objects.get(pk=target.pk).is_enabled is True


def test_roles_are_not_deleted_in_the_admin(admin_client, db):
    role = Role.objects.get(code="editor")
    response = admin_client.post(reverse("partybuild_roles:delete", args=[role.pk]))
    assert response.status_code in (302, 403)
    assert Role.objects.filter(pk=role.pk).exists()

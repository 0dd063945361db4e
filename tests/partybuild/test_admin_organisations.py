"""The organisation admin as its users meet it: listing, add child, edit, move, delete, scope."""

import pytest
from django.urls import reverse

from partybuild.models import Member, Organisation
from partybuild.services.organisations import organisation_create

pytestmark = pytest.mark.django_db

INDEX = reverse("organisations:index")


def url(name, org):
    return reverse(f"organisations:{name}", args=[org.pk])


def form_data(**overrides):
    data = {
        "name": "新支部",
        "org_type": "branch",
        "code": "NEW01",
        "leader_name": "王五",
        "contact_phone": "13812341234",
        "unit_party_status": "same_as_parent",
        "sort_order": "0",
        "founded_on": "",
        "term_start": "",
        "term_end": "",
        "remarks": "",
    }
    data.update(overrides)
    return data


def test_anonymous_visitor_is_sent_to_login(client, tree):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_member_without_admin_access_is_refused(client, tree, django_user_model):
    user = django_user_model.objects.create_user(username="plain", password="x")
    client.force_login(user)
    response = client.get(INDEX)
    assert response.status_code in (302, 403)
    assert "一支部" not in response.content.decode()


def test_superuser_sees_the_tree_in_order_with_types(admin_client, tree):
    response = admin_client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    positions = [
        html.index(name)
        for name in [
            "县委",
            "机关党委",
            "一总支",
            "一支部",
            "一小组",
            "二支部",
            "乡镇党委",
            "三支部",
        ]
    ]
    assert positions == sorted(positions)
    assert "党小组" in html and "党总支" in html
    assert "添加下级组织" in html and "移动" in html


def test_listing_filters_by_type_and_searches_by_name(admin_client, tree):
    html = admin_client.get(INDEX, {"org_type": "branch"}).content.decode()
    assert "一支部" in html and "三支部" in html
    assert "乡镇党委" not in html
    html = admin_client.get(INDEX, {"q": "乡镇"}).content.decode()
    assert "乡镇党委" in html
    assert "二支部" not in html


def test_listing_query_count_does_not_grow_with_the_tree(
    admin_client, tree, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as small:
        admin_client.get(INDEX)
    for index in range(30):
        organisation_create(
            parent=Organisation.objects.get(pk=tree["organ"].pk),
            actor=None,
            name=f"批量支部{index}",
            org_type="branch",
            code=f"BULK{index:02d}",
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = admin_client.get(INDEX)
    assert "批量支部29" in response.content.decode()


def test_add_child_here_preselects_the_parent_and_creates_under_it(admin_client, tree):
    response = admin_client.get(reverse("organisations:add"), {"parent": tree["general"].pk})
    assert response.status_code == 200
    assert f'<option value="{tree["general"].pk}" selected>' in response.content.decode()

    response = admin_client.post(reverse("organisations:add"), form_data(parent=tree["general"].pk))
    assert response.status_code == 302
    created = Organisation.objects.get(code="NEW01")
    assert created.get_parent().pk == tree["general"].pk


def test_invalid_nesting_in_the_form_shows_the_reason_and_saves_nothing(admin_client, tree):
    response = admin_client.post(
        reverse("organisations:add"), form_data(parent=tree["general"].pk, org_type="group")
    )
    assert response.status_code == 200
    assert "党小组不能设在党总支「一总支」之下" in response.content.decode()
    assert not Organisation.objects.filter(code="NEW01").exists()


def test_edit_changes_fields_but_not_the_place(admin_client, tree):
    response = admin_client.post(
        url("edit", tree["second"]), form_data(name="第二支部", code=tree["second"].code)
    )
    assert response.status_code == 302
    second = Organisation.objects.get(pk=tree["second"].pk)
    assert second.name == "第二支部"
    assert second.get_parent().pk == tree["general"].pk


def test_move_view_moves_the_subtree(admin_client, tree):
    response = admin_client.post(url("move", tree["first"]), {"parent": tree["town"].pk})
    assert response.status_code == 302
    assert Organisation.objects.get(pk=tree["first"].pk).get_parent().pk == tree["town"].pk
    assert Organisation.objects.get(pk=tree["group"].pk).get_parent().pk == tree["first"].pk


def test_move_view_refuses_invalid_target_with_a_message(admin_client, tree):
    response = admin_client.post(url("move", tree["second"]), {"parent": tree["first"].pk})
    assert response.status_code == 200
    assert "党支部不能设在党支部「一支部」之下" in response.content.decode()
    assert Organisation.objects.get(pk=tree["second"].pk).get_parent().pk == tree["general"].pk


def test_delete_with_members_is_refused_with_a_message(admin_client, tree):
    Member.objects.create(name="张三", gender="male", organisation=tree["second"])
    response = admin_client.post(url("delete", tree["second"]), follow=True)
    assert "不能删除党组织「二支部」：还有1名党员" in response.content.decode()
    assert Organisation.objects.filter(pk=tree["second"].pk).exists()


def test_delete_of_an_empty_organisation(admin_client, tree):
    response = admin_client.post(url("delete", tree["group"]))
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=tree["group"].pk).exists()


def test_branch_administrator_sees_only_their_subtree(client, tree, make_admin):
    client.force_login(make_admin("general_admin", tree["general"]))
    html = client.get(INDEX).content.decode()
    assert "一支部" in html and "二支部" in html and "一小组" in html
    assert "三支部" not in html and "乡镇党委" not in html and "县委" not in html


@pytest.mark.parametrize("view", ["edit", "delete", "move", "inspect", "history", "usage"])
def test_branch_administrator_cannot_open_other_branches(client, tree, make_admin, view):
    client.force_login(make_admin("general_admin", tree["general"]))
    assert client.get(url(view, tree["third"])).status_code == 404
    assert client.get(url(view, tree["first"])).status_code == 200


def test_branch_administrator_cannot_write_outside_their_subtree(client, tree, make_admin):
    client.force_login(make_admin("general_admin", tree["general"]))
    assert client.post(url("delete", tree["third"])).status_code == 404
    assert (
        client.post(url("edit", tree["third"]), form_data(code=tree["third"].code)).status_code
        == 404
    )
    assert client.post(url("move", tree["second"]), {"parent": tree["town"].pk}).status_code == 200
    assert Organisation.objects.get(pk=tree["second"].pk).get_parent().pk == tree["general"].pk
    response = client.post(reverse("organisations:add"), form_data(parent=tree["town"].pk))
    assert response.status_code == 200
    assert not Organisation.objects.filter(code="NEW01").exists()
    assert Organisation.objects.get(pk=tree["third"].pk).name == "三支部"

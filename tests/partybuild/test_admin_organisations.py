"""The organisation admin as its users meet it: listing, add child, edit, move, delete, scope."""

import re

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


# --- size warnings (docs/domain.md §1): shown, never refused -------------------------------------

TOO_FEW = "正式党员不足3人"
TOO_MANY = "党员超过50人"


def add_members(organisation, count: int, **fields) -> None:
    fields.setdefault("category", "full")
    Member.objects.bulk_create(
        Member(name=f"党员{n}", gender="male", organisation=organisation, **fields)
        for n in range(count)
    )


def listing_row(html: str, name: str) -> str:
    """The listing's table row of the organisation called ``name``."""
    start = re.search(rf">\s*{re.escape(name)}\s*<", html).start()
    return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]


@pytest.mark.parametrize(
    ("full", "probationary", "warnings"),
    [
        (2, 0, [TOO_FEW]),
        (2, 5, [TOO_FEW]),  # 预备党员 are not 正式党员
        (3, 0, []),
        (3, 47, []),  # 50 members
        (3, 48, [TOO_MANY]),  # 51 members
        (2, 49, [TOO_FEW, TOO_MANY]),
    ],
)
def test_listing_and_edit_page_warn_about_a_branchs_size(
    admin_client, tree, full, probationary, warnings
):
    add_members(tree["first"], full - 1)
    add_members(tree["group"], 1)  # a 党小组's members are the branch's
    add_members(tree["first"], probationary, category="probationary")
    row = listing_row(admin_client.get(INDEX).content.decode(), "一支部")
    for warning in (TOO_FEW, TOO_MANY):
        assert (warning in row) == (warning in warnings)
    if TOO_MANY in warnings:
        assert f"现有{full + probationary}人" in row
    edit = admin_client.get(url("edit", tree["first"])).content.decode()
    for warning in (TOO_FEW, TOO_MANY):
        assert (warning in edit) == (warning in warnings)
    # A warning, not a refusal: the branch is saved all the same.
    response = admin_client.post(
        url("edit", tree["first"]), form_data(name="一支部", code=tree["first"].code)
    )
    assert response.status_code == 302


def test_members_out_of_good_standing_are_not_counted(admin_client, tree):
    add_members(tree["first"], 2)
    add_members(tree["first"], 1, standing="suspended")
    add_members(tree["first"], 1, standing="expelled")
    add_members(tree["first"], 1, is_on_roll=False)
    assert TOO_FEW in listing_row(admin_client.get(INDEX).content.decode(), "一支部")
    add_members(tree["first"], 1, standing="retained")
    assert TOO_FEW not in listing_row(admin_client.get(INDEX).content.decode(), "一支部")


def test_only_branches_are_warned(admin_client, tree):
    html = admin_client.get(INDEX).content.decode()
    for name in ("县委", "一总支", "一小组"):
        assert TOO_FEW not in listing_row(html, name)
    assert TOO_FEW not in admin_client.get(url("edit", tree["general"])).content.decode()


def test_size_warnings_keep_the_listing_queries_constant(
    admin_client, tree, django_assert_max_num_queries
):
    add_members(tree["first"], 2)
    with django_assert_max_num_queries(20) as small:
        admin_client.get(INDEX)
    for index in range(20):
        branch = organisation_create(
            parent=Organisation.objects.get(pk=tree["organ"].pk),
            actor=None,
            name=f"规模支部{index}",
            org_type="branch",
            code=f"SIZE{index:02d}",
        )
        add_members(branch, index * 3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = admin_client.get(INDEX).content.decode()
    assert TOO_FEW in listing_row(html, "规模支部0")
    assert TOO_MANY in listing_row(html, "规模支部17")  # 51 members
    assert TOO_MANY not in listing_row(html, "规模支部16")  # 48


def test_a_village_branch_is_recorded_from_the_form(admin_client, tree):
    data = form_data(
        parent=tree["general"].pk,
        is_village_or_community="on",
        term_start="2024-01-01",
        term_end="2028-12-31",
    )
    response = admin_client.post(reverse("organisations:add"), data)
    assert response.status_code == 302
    created = Organisation.objects.get(code="NEW01")
    assert created.is_village_or_community and created.term_years == 5
    data["is_village_or_community"] = ""
    response = admin_client.post(url("edit", created), {**data, "code": "NEW01"})
    assert response.status_code == 200
    assert "党支部每届任期3年" in response.content.decode()

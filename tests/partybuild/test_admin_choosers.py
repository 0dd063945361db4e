"""The organisation and member choosers of the admin (partybuild/admin/choosers.py): what the modal
lists is the user's subtree only (also through its search and a chosen id), numbers are masked,
a posted id outside the scope is refused whatever the widget, and pages that used to render an
``<option>`` per organisation no longer do."""

import json

import pytest
from django import forms
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import NoReverseMatch, reverse

from partybuild.admin.common import ScopedOrganisationFieldMixin
from partybuild.care.models import CareVisit, HardshipMember
from partybuild.models import Role, User
from tests.conftest import PASSWORD, assign_role

pytestmark = pytest.mark.django_db

ORGANISATIONS = reverse("organisation_chooser:choose")
ORGANISATION_RESULTS = reverse("organisation_chooser:choose_results")
MEMBERS = reverse("member_chooser:choose")
MEMBER_RESULTS = reverse("member_chooser:choose_results")
MEMBER_LIST = reverse("members:index")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _modal_html(response) -> str:
    """The HTML of a modal-workflow response (JSON with ``html``)."""
    assert response.status_code == 200, response.status_code
    return json.loads(response.content)["html"]


@pytest.fixture
def secretary(tree, make_admin):
    """The secretary of 一支部 (branch A): administers 一支部 and its 一小组 only."""
    return make_admin("secretary_a", tree["first"])


@pytest.fixture
def people(member_factory):
    """黄主才 in 一支部 (A), 李秀英 in 二支部 (B), 张三 in 三支部 (another 党委)."""

    def named(organisation, name, **fields):
        member = member_factory(organisation, **fields)
        member.name = name
        member.save()
        return member

    return {
        "a": named("一支部", "黄主才", phone="13812345678"),
        "b": named("二支部", "李秀英", phone="13900001111"),
        "c": named("三支部", "张三"),
    }


# --- scope -----------------------------------------------------------------------------------


def test_organisation_chooser_lists_only_the_users_subtree(secretary, tree):
    client = _client(secretary)
    html = _modal_html(client.get(ORGANISATIONS))
    assert "一支部" in html and "一小组" in html
    assert "二支部" not in html and "三支部" not in html and "乡镇党委" not in html
    # 上级 › 本级
    assert "一总支 › 一支部" in html and "一支部 › 一小组" in html

    # (A search without results repeats the words searched, so look for the row's link.)
    searched = client.get(ORGANISATION_RESULTS, {"q": "二支部"}).content.decode()
    assert reverse("organisation_chooser:chosen", args=[tree["second"].pk]) not in searched
    assert "一总支 › 二支部" not in searched
    assert "一小组" in client.get(ORGANISATION_RESULTS, {"q": "小组"}).content.decode()


def test_organisation_chooser_refuses_a_chosen_id_outside_the_subtree(secretary, tree):
    client = _client(secretary)
    outsider = reverse("organisation_chooser:chosen", args=[tree["second"].pk])
    assert client.get(outsider).status_code == 404
    assert client.get(reverse("organisation_chooser:chosen", args=["abc"])).status_code == 404
    chosen = client.get(reverse("organisation_chooser:chosen", args=[tree["group"].pk]))
    result = json.loads(chosen.content)["result"]
    assert result == {"id": str(tree["group"].pk), "title": "一支部 › 一小组", "edit_url": ""}
    many = client.get(
        reverse("organisation_chooser:chosen_multiple"),
        {"id": [tree["first"].pk, tree["second"].pk]},
    )
    assert [item["id"] for item in json.loads(many.content)["result"]] == [str(tree["first"].pk)]


def test_member_chooser_lists_only_the_users_members(secretary, people):
    client = _client(secretary)
    html = _modal_html(client.get(MEMBERS))
    assert "黄主才" in html
    assert "李秀英" not in html and "张三" not in html
    assert "一总支 › 一支部" in html

    # The search of the member list: by name and by pinyin initials, never beyond the scope.
    # (A search without results repeats the words searched, so look for the row's link.)
    outsider = reverse("member_chooser:chosen", args=[people["b"].pk])
    for query in ("李秀英", "lxy"):
        searched = client.get(MEMBER_RESULTS, {"q": query}).content.decode()
        assert outsider not in searched and "一总支 › 二支部" not in searched
    assert "黄主才" in client.get(MEMBER_RESULTS, {"q": "hzc"}).content.decode()
    # Narrowing to another branch's subtree gives nothing.
    narrowed = client.get(MEMBER_RESULTS, {"organisation": people["b"].organisation_id})
    assert "李秀英" not in narrowed.content.decode() and "黄主才" not in narrowed.content.decode()

    assert client.get(outsider).status_code == 404
    mine = client.get(reverse("member_chooser:chosen", args=[people["a"].pk]))
    assert json.loads(mine.content)["result"]["title"] == "黄主才（一总支 › 一支部）"


def test_member_chooser_masks_the_mobile_number(secretary, people):
    html = _client(secretary).get(MEMBER_RESULTS).content.decode()
    assert "138****5678" in html
    assert "13812345678" not in html


def test_member_chooser_narrows_to_members_on_the_roll(secretary, people, member_factory):
    gone = member_factory("一支部", is_on_roll=False)
    client = _client(secretary)
    assert gone.name in client.get(MEMBER_RESULTS).content.decode()
    assert gone.name not in client.get(MEMBER_RESULTS, {"on_roll": "1"}).content.decode()


def test_choosers_refuse_an_account_without_a_scope(tree, people):
    user = User.objects.create_user(username="nobody", password=PASSWORD, name="无范围")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = _client(user)
    assert client.get(MEMBERS).status_code == 403
    assert client.get(ORGANISATIONS).status_code == 403
    assert client.get(reverse("member_chooser:chosen", args=[people["a"].pk])).status_code == 403


def test_member_chooser_needs_a_register_that_picks_members(tree, people):
    """A role in force without the member register or a register that picks a member (e.g. an
    auditor's) does not list members."""
    Role.objects.get_or_create(code="no_registers", defaults={"name": "无登记权限"})
    user = User.objects.create_user(username="scoped_only", password=PASSWORD, name="仅范围")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assign_role(user, "no_registers", tree["first"])
    client = _client(user)
    assert client.get(MEMBERS).status_code == 403
    assert client.get(ORGANISATIONS).status_code == 200


# --- forms refuse what the chooser would not offer ----------------------------------------------


def test_a_posted_member_outside_the_scope_is_refused(secretary, people):
    client = _client(secretary)
    data = {
        "member": people["b"].pk,
        "kind": "illness",
        "level": "serious",
        "description": "本人患病住院",
        "registered_on": "2026-12-01",
    }
    response = client.post(reverse("care_hardship_add"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "所选党员不在您的管理范围内或不符合登记条件，请重新选择。" in html
    assert "李秀英" not in html  # the form shows nothing of the outsider it was sent
    assert not HardshipMember.objects.exists()

    response = client.post(reverse("care_hardship_add"), {**data, "member": people["a"].pk})
    assert response.status_code == 302
    assert HardshipMember.objects.get().member == people["a"]


def test_a_posted_organisation_outside_the_scope_is_refused(secretary, people, tree):
    client = _client(secretary)
    data = {
        "member": people["a"].pk,
        "kind": "help",
        "visited_on": "2026-12-01",
        "organisation": tree["second"].pk,
        "visitor": "张明",
        "content": "送去米面油",
    }
    response = client.post("/admin/care/visits/add/", data)
    assert "所选党组织不在您的管理范围内或不可选，请重新选择。" in response.content.decode()
    assert not CareVisit.objects.exists()


class _FilterForm(ScopedOrganisationFieldMixin, forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, required=False)


def test_the_scoped_organisation_field_is_a_chooser_that_keeps_the_choice(secretary, tree):
    form = _FilterForm({"organisation": tree["group"].pk}, user=secretary)
    assert form.is_valid()
    html = str(form["organisation"])
    assert "<option" not in html
    assert f'value="{tree["group"].pk}"' in html and "一支部 › 一小组" in html
    assert ORGANISATIONS in html

    refused = _FilterForm({"organisation": tree["third"].pk}, user=secretary)
    assert not refused.is_valid()
    assert refused.errors["organisation"] == ["所选党组织不在您的管理范围内或不可选，请重新选择。"]
    assert "三支部" not in str(refused["organisation"])


def test_the_member_form_fields_of_the_registers_render_no_options(secretary, people):
    client = _client(secretary)
    for url in (
        reverse("care_hardship_add"),
        "/admin/care/visits/add/",
        reverse("mobility_outflow_add"),
    ):
        html = client.get(url).content.decode()
        assert '<select name="member"' not in html, url
        assert "李秀英" not in html and "黄主才" not in html, url
        assert f"{MEMBERS}?on_roll=1" in html, url


# --- the member list -------------------------------------------------------------------------


def test_the_member_list_renders_no_option_per_organisation(admin_client, tree, make_org, people):
    extra = [make_org(f"新建第{n}支部", "branch", tree["town"]) for n in range(1, 31)]
    html = admin_client.get(MEMBER_LIST).content.decode()
    for organisation in extra:
        assert organisation.name not in html
        assert f'<option value="{organisation.pk}"' not in html
    assert ORGANISATIONS in html  # the filter opens the organisation chooser


def test_the_member_list_filter_shows_the_chosen_organisation_and_applies(
    admin_client, tree, people
):
    response = admin_client.get(MEMBER_LIST, {"organisation": tree["third"].pk})
    html = response.content.decode()
    assert "张三" in html and "黄主才" not in html
    assert "乡镇党委 › 三支部" in html  # the chooser shows the choice after a reload


def test_the_member_list_filter_refuses_another_subtree(make_admin, tree, people):
    user = make_admin("member_secretary", tree["first"])
    for codename in ("view_member", "change_member"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    html = _client(user).get(MEMBER_LIST, {"organisation": tree["third"].pk}).content.decode()
    assert "张三" not in html and "乡镇党委 › 三支部" not in html


# --- query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("members", [3, 25])
def test_member_chooser_results_query_count_is_constant(
    secretary, member_factory, django_assert_max_num_queries, members
):
    for _ in range(members):
        member_factory("一支部", phone="13812345678")
    client = _client(secretary)
    client.get(MEMBER_RESULTS)  # session and permissions read once
    with django_assert_max_num_queries(12):
        response = client.get(MEMBER_RESULTS)
    assert response.content.decode().count("138****5678") == min(members, 20)


@pytest.mark.parametrize("organisations", [2, 25])
def test_organisation_chooser_results_query_count_is_constant(
    secretary, tree, make_org, django_assert_max_num_queries, organisations
):
    for n in range(organisations):
        make_org(f"第{n}党小组", "group", tree["first"])
    client = _client(secretary)
    client.get(ORGANISATION_RESULTS)
    with django_assert_max_num_queries(12):
        response = client.get(ORGANISATION_RESULTS)
    assert response.content.decode().count("一支部 › 第") == min(organisations, 18)


def test_the_choosers_create_nothing():
    """No 新建 tab: the modal only chooses among what exists."""
    with pytest.raises(NoReverseMatch):
        reverse("member_chooser:create")
    with pytest.raises(NoReverseMatch):
        reverse("organisation_chooser:create")


# --- a member's organisation: 党支部 and 党小组 only ---------------------------------------------


def test_organisation_chooser_narrows_to_the_types_asked_for(admin_client, tree):
    html = _modal_html(admin_client.get(ORGANISATIONS, {"org_types": "branch,group"}))
    for key in ("first", "group", "second", "third"):
        assert reverse("organisation_chooser:chosen", args=[tree[key].pk]) in html, key
    for key in ("county", "organ", "general", "town"):
        assert reverse("organisation_chooser:chosen", args=[tree[key].pk]) not in html, key
    # The search and the next pages keep the narrowing; an unknown type is ignored.
    searched = admin_client.get(
        ORGANISATION_RESULTS, {"org_types": "branch,group", "q": "党委"}
    ).content.decode()
    assert reverse("organisation_chooser:chosen", args=[tree["town"].pk]) not in searched
    everything = _modal_html(admin_client.get(ORGANISATIONS, {"org_types": "nonsense"}))
    assert reverse("organisation_chooser:chosen", args=[tree["county"].pk]) in everything


def test_the_member_form_picks_its_organisation_among_branches_and_groups(
    admin_client, tree, make_org
):
    extra = [make_org(f"新建第{n}支部", "branch", tree["town"]) for n in range(1, 31)]
    html = admin_client.get(reverse("members:add")).content.decode()
    assert '<select name="organisation"' not in html
    assert extra[0].name not in html and f'<option value="{extra[0].pk}"' not in html
    assert f"{ORGANISATIONS}?org_types=branch%2Cgroup" in html

    edit = reverse("members:edit", args=[_member_in(tree["third"]).pk])
    assert "乡镇党委 › 三支部" in admin_client.get(edit).content.decode()


def _member_in(organisation):
    from partybuild.models import Member

    member = Member(name="赵六", gender="male", organisation=organisation, joined_on="1995-07-01")
    member.save()
    return member


def test_the_member_form_refuses_an_organisation_that_is_not_a_branch_or_group(admin_client, tree):
    response = admin_client.post(reverse("members:add"), {"organisation": tree["town"].pk})
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"] == [
        "所选党组织不在您的管理范围内或不可选，请重新选择。"
    ]

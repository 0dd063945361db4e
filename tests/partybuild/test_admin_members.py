"""The member admin as its users meet it: scope, filters, search, masking, reveal, forms, roster."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from partybuild.core.privacy import mask_identifier
from partybuild.core.validators import id_number_check_character
from partybuild.models import (
    DemocraticEvaluation,
    Member,
    MemberChangeRequest,
    RewardPunishment,
    Transfer,
)
from partybuild.services.audit import IDENTITY_REVEAL_ACTION

pytestmark = pytest.mark.django_db

INDEX = reverse("members:index")
ADD = reverse("members:add")
ROSTER = reverse("members:roster")
MEMBER_PERMISSIONS = ("add_member", "change_member", "delete_member", "view_member")
SUB_RECORD_PREFIXES = ("rewards", "evaluations", "abroad")
SEED_ROSTER_HEADINGS = (
    "序号",
    "姓名",
    "所在党支部",
    "性别",
    "入党日期",
    "转正日期",
    "工作岗位",
    "党员状态",
)


def make_id_number(birth_date: datetime.date, sequence: int, *, male: bool = True) -> str:
    """A valid 18-digit number of 慈利县 whose birth date and sex agree with the arguments."""
    first17 = f"430821{birth_date:%Y%m%d}{sequence % 100:02d}{1 if male else 2}"
    return first17 + id_number_check_character(first17)


def url(name: str, member: Member) -> str:
    return reverse(f"members:{name}", args=[member.pk])


def grant(user, *codenames: str) -> None:
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))


@pytest.fixture
def make_member(tree):
    counter = {"n": 0}

    def _make(name: str, organisation, **fields) -> Member:
        counter["n"] += 1
        birth_date = fields.pop("birth_date", datetime.date(1950, 1, 1 + counter["n"] % 28))
        male = fields.get("gender", "male") == "male"
        member = Member(
            name=name,
            gender="male" if male else "female",
            birth_date=birth_date,
            organisation=organisation,
            joined_on=fields.pop("joined_on", datetime.date(1995, 7, 1)),
            **{k: v for k, v in fields.items() if k != "gender"},
        )
        member.id_number = make_id_number(birth_date, counter["n"], male=male)
        member.full_clean()
        member.save()
        return member

    return _make


@pytest.fixture
def people(tree, make_member):
    """黄主才, 王五 in 一支部 (王五 in its 一小组), 李四 in 二支部, 张三 in 三支部 (another党委)."""
    return {
        "huang": make_member(
            "黄主才",
            tree["first"],
            phone="13812345678",
            job_post="502退休人员",
            joined_on=datetime.date(1972, 8, 6),
            confirmed_on=datetime.date(1973, 8, 6),
            education="bachelor",
        ),
        "wang": make_member(
            "王五",
            tree["group"],
            phone="13900001111",
            category="probationary",
            joined_on=datetime.date(2024, 6, 1),
            education="college",
        ),
        "li": make_member(
            "李四",
            tree["second"],
            gender="female",
            phone="13700002222",
            standing="retained",
            joined_on=datetime.date(1990, 3, 1),
        ),
        "zhang": make_member(
            "张三", tree["third"], phone="13600003333", joined_on=datetime.date(2001, 7, 1)
        ),
    }


@pytest.fixture
def branch_admin(make_admin, tree):
    """An administrator of 一支部 (and its 一小组) with the member permissions."""
    user = make_admin("branch_admin", tree["first"])
    grant(user, *MEMBER_PERMISSIONS)
    return user


@pytest.fixture
def branch_client(client, branch_admin):
    client.force_login(branch_admin)
    return client


def names_in(html: str, people: dict) -> set[str]:
    return {member.name for member in people.values() if member.name in html}


def form_data(organisation, **overrides) -> dict:
    birth_date = datetime.date(1985, 5, 20)
    data = {
        "name": "赵六",
        "gender": "male",
        "ethnicity": "汉族",
        "birth_date": "1985-05-20",
        "native_place": "湖南慈利",
        "id_number": make_id_number(birth_date, 77),
        "phone": "13500005555",
        "home_address": "慈利县零阳镇",
        "photo": "",
        "user": "",
        "education": "bachelor",
        "degree": "bachelor",
        "school_major": "湖南大学 土木工程",
        "employer": "慈利县人民政府",
        "job_post": "0111公务员",
        "organisation": str(organisation.pk),
        "category": "full",
        "joined_on": "2008-07-01",
        "confirmed_on": "2009-07-01",
        "standing": "normal",
        "is_on_roll": "on",
    }
    for prefix in SUB_RECORD_PREFIXES:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


# --- scope -----------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(client, people):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_superuser_sees_every_member(admin_client, people):
    response = admin_client.get(INDEX)
    assert response.status_code == 200
    assert names_in(response.content.decode(), people) == {"黄主才", "王五", "李四", "张三"}


def test_branch_administrator_sees_only_their_subtree(branch_client, people):
    response = branch_client.get(INDEX)
    assert response.status_code == 200
    assert names_in(response.content.decode(), people) == {"黄主才", "王五"}


def test_menu_offers_member_management(admin_client, people):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar is rendered from JSON, where non-ASCII text is \u-escaped.
    assert INDEX in html
    assert "党员管理".encode("unicode_escape").decode() in html


@pytest.mark.parametrize("view", ["inspect", "edit", "delete", "history", "usage", "reveal"])
def test_member_outside_the_subtree_is_404_everywhere(branch_client, branch_admin, people, view):
    grant(branch_admin, "view_full_identity")
    outsider = people["zhang"]
    response = branch_client.get(url(view, outsider))
    assert response.status_code == 404
    assert "张三" not in response.content.decode()
    assert response.status_code == 404


def test_member_inside_the_subtree_opens(branch_client, people):
    for view in ("inspect", "edit", "delete", "history"):
        assert branch_client.get(url(view, people["wang"])).status_code == 200, view


def test_post_edit_and_delete_outside_the_subtree_change_nothing(branch_client, people, tree):
    outsider = people["zhang"]
    response = branch_client.post(
        url("edit", outsider), form_data(tree["first"], name="篡改", id_number="")
    )
    assert response.status_code == 404
    response = branch_client.post(url("delete", outsider))
    assert response.status_code == 404
    outsider.refresh_from_db()
    assert outsider.name == "张三"
    assert Member.objects.count() == 4


def test_reveal_of_an_outsider_is_404_and_leaves_no_record(branch_client, branch_admin, people):
    grant(branch_admin, "view_full_identity")
    response = branch_client.post(url("reveal", people["zhang"]))
    assert response.status_code == 404
    assert people["zhang"].id_number not in response.content.decode()
    assert not ModelLogEntry.objects.filter(action=IDENTITY_REVEAL_ACTION).exists()


def test_roster_of_an_organisation_outside_the_subtree_is_404(branch_client, people, tree):
    response = branch_client.get(ROSTER, {"organisation": tree["third"].pk})
    assert response.status_code == 404
    assert "张三" not in response.content.decode()


def test_listing_filter_with_an_organisation_outside_the_subtree_shows_no_outsider(
    branch_client, people, tree
):
    response = branch_client.get(INDEX, {"organisation": tree["third"].pk})
    assert "张三" not in response.content.decode()


def test_user_without_member_permissions_is_refused(client, make_admin, tree, people):
    user = make_admin("no_perms", tree["first"])
    client.force_login(user)
    assert client.get(INDEX).status_code in (302, 403)
    assert client.get(url("inspect", people["huang"])).status_code in (302, 403)
    assert client.get(ROSTER).status_code in (302, 403)


def test_create_is_limited_to_branches_and_groups_in_scope(branch_client, people, tree):
    response = branch_client.get(ADD)
    organisation_field = response.context["form"].fields["organisation"]
    assert set(organisation_field.queryset) == {tree["first"], tree["group"]}

    response = branch_client.post(ADD, form_data(tree["third"]))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Member.objects.filter(name="赵六").exists()


# --- filters and search ----------------------------------------------------------------------


def test_organisation_filter_includes_the_subtree(admin_client, people, tree):
    html = admin_client.get(INDEX, {"organisation": tree["general"].pk}).content.decode()
    assert names_in(html, people) == {"黄主才", "王五", "李四"}
    html = admin_client.get(INDEX, {"organisation": tree["first"].pk}).content.decode()
    assert names_in(html, people) == {"黄主才", "王五"}
    html = admin_client.get(INDEX, {"organisation": tree["town"].pk}).content.decode()
    assert names_in(html, people) == {"张三"}


def test_organisation_filter_offers_only_the_users_scope(branch_client, people, tree):
    response = branch_client.get(INDEX)
    choices = set(response.context["filters"].form.fields["organisation"].queryset)
    assert choices == {tree["first"], tree["group"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "probationary"}, {"王五"}),
        ({"standing": "retained"}, {"李四"}),
        ({"gender": "female"}, {"李四"}),
        ({"education": "college"}, {"王五"}),
        ({"joined_year": "1972"}, {"黄主才"}),
        ({"joined_year": "2001", "gender": "male"}, {"张三"}),
    ],
)
def test_field_filters(admin_client, people, params, expected):
    html = admin_client.get(INDEX, params).content.decode()
    assert names_in(html, people) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hzc", {"黄主才"}),
        ("HZC", {"黄主才"}),
        ("黄", {"黄主才"}),
        ("ww", {"王五"}),
        ("李", {"李四"}),
    ],
)
def test_search_by_name_and_pinyin_initials(admin_client, people, query, expected):
    html = admin_client.get(INDEX, {"q": query}).content.decode()
    assert names_in(html, people) == expected


def test_search_stays_within_scope(branch_client, people):
    html = branch_client.get(INDEX, {"q": "zs"}).content.decode()
    assert "张三" not in html


def test_default_order_is_organisation_then_surname_strokes(admin_client, tree, make_member):
    for name in ("黄一", "李二", "王三", "魏四", "曹五"):
        make_member(name, tree["second"])
    make_member("丁零", tree["third"])
    html = admin_client.get(INDEX).content.decode()
    # 王 4, 李 7, 曹 = 黄 = 11 (then pinyin: cao before huang), 魏 17; then the next organisation.
    positions = [html.index(name) for name in ("王三", "李二", "曹五", "黄一", "魏四", "丁零")]
    assert positions == sorted(positions)


# --- masking and reveal ----------------------------------------------------------------------


def test_listing_masks_phone_numbers(admin_client, people):
    html = admin_client.get(INDEX).content.decode()
    huang = people["huang"]
    assert mask_identifier(huang.phone, kind="mobile") in html
    for member in people.values():
        assert member.phone not in html
        assert member.id_number not in html


def test_inspect_masks_id_and_phone(admin_client, people):
    huang = people["huang"]
    response = admin_client.get(url("inspect", huang))
    html = response.content.decode()
    assert response.status_code == 200
    assert huang.id_number not in html and huang.phone not in html
    assert mask_identifier(huang.id_number, kind="id_number") in html
    assert mask_identifier(huang.phone, kind="mobile") in html
    assert "显示完整身份信息" in html  # a superuser holds every permission


def test_edit_form_does_not_show_the_full_numbers(branch_client, people):
    huang = people["huang"]
    html = branch_client.get(url("edit", huang)).content.decode()
    assert huang.id_number not in html and huang.phone not in html
    assert mask_identifier(huang.id_number, kind="id_number") in html


def test_reveal_with_permission_shows_full_values_and_writes_one_audit_record(
    branch_client, branch_admin, people
):
    grant(branch_admin, "view_full_identity")
    huang = people["huang"]
    html = branch_client.get(url("inspect", huang)).content.decode()
    assert "显示完整身份信息" in html
    assert huang.id_number not in html
    assert not ModelLogEntry.objects.filter(action=IDENTITY_REVEAL_ACTION).exists()

    response = branch_client.post(url("reveal", huang))
    html = response.content.decode()
    assert response.status_code == 200
    assert huang.id_number in html and huang.phone in html
    records = ModelLogEntry.objects.filter(action=IDENTITY_REVEAL_ACTION)
    assert records.count() == 1
    record = records.get()
    assert record.object_id == str(huang.pk)
    assert record.user_id == branch_admin.pk
    assert record.data == {"context": "inspect"}


def test_reveal_by_get_only_returns_to_the_masked_dossier(branch_client, branch_admin, people):
    grant(branch_admin, "view_full_identity")
    response = branch_client.get(url("reveal", people["huang"]))
    assert response.status_code == 302
    assert response.url == url("inspect", people["huang"])
    assert not ModelLogEntry.objects.filter(action=IDENTITY_REVEAL_ACTION).exists()


def test_reveal_without_permission_is_403_and_leaves_no_record(branch_client, people):
    huang = people["huang"]
    html = branch_client.get(url("inspect", huang)).content.decode()
    assert "显示完整身份信息" not in html
    response = branch_client.post(url("reveal", huang))
    assert response.status_code == 403
    assert huang.id_number not in response.content.decode()
    assert not ModelLogEntry.objects.filter(action=IDENTITY_REVEAL_ACTION).exists()


# --- dossier ---------------------------------------------------------------------------------


def test_inspect_shows_sub_records_transfers_and_change_requests(admin_client, people, superuser):
    huang = people["huang"]
    RewardPunishment.objects.create(
        member=huang, kind="reward", title="优秀共产党员", awarded_on=datetime.date(2021, 6, 30)
    )
    DemocraticEvaluation.objects.create(member=huang, year=2023, grade="excellent")
    huang.abroad_records.create(
        destination="新加坡", purpose="探亲", departed_on=datetime.date(2019, 1, 5)
    )
    Transfer.objects.create(
        member=huang,
        kind="incoming",
        status="accepted",
        to_organisation=huang.organisation,
        external_organisation="石门县委",
        letter_number="JS-2019-008",
    )
    MemberChangeRequest.objects.create(
        member=huang, changes={"employer": "县财政局"}, requested_by=superuser
    )
    html = admin_client.get(url("inspect", huang)).content.decode()
    for text in ("优秀共产党员", "2023", "优秀", "新加坡", "JS-2019-008", "石门县委", "工作单位"):
        assert text in html, text
    assert "待审核" in html


def test_create_with_a_bad_check_character_is_refused_in_chinese(branch_client, tree):
    good = form_data(tree["first"])["id_number"]
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    response = branch_client.post(ADD, form_data(tree["first"], id_number=bad))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["id_number"] == ["公民身份号码校验位不正确。"]
    assert "公民身份号码校验位不正确" in response.content.decode()
    assert Member.objects.count() == 0


def test_create_with_mismatched_birth_date_names_the_field(branch_client, tree):
    response = branch_client.post(ADD, form_data(tree["first"], birth_date="1985-05-21"))
    assert response.status_code == 200
    assert "birth_date" in response.context["form"].errors
    assert Member.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        # Born 1985-05-20: 18 on 2003-05-20, so a member admitted the day before is refused.
        ({"joined_on": "2003-05-19", "confirmed_on": ""}, "joined_on", "年满18周岁"),
        # Admitted 2008-07-01: the probation ends on 2009-07-01, not a day after admission.
        ({"confirmed_on": "2008-07-02"}, "confirmed_on", "预备期满之日"),
    ],
)
def test_create_refuses_dates_that_cannot_be_true(branch_client, tree, overrides, field, message):
    response = branch_client.post(ADD, form_data(tree["first"], **overrides))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert Member.objects.count() == 0


def test_create_requires_an_id_number(branch_client, tree):
    response = branch_client.post(ADD, form_data(tree["first"], id_number=""))
    assert response.context["form"].errors["id_number"] == ["请填写公民身份号码。"]
    assert Member.objects.count() == 0


def test_create_saves_the_dossier_with_sub_records(branch_client, branch_admin, tree):
    data = form_data(
        tree["group"],
        **{
            "rewards-TOTAL_FORMS": "1",
            "rewards-0-kind": "reward",
            "rewards-0-title": "优秀党务工作者",
            "rewards-0-awarded_on": "2020-07-01",
            "evaluations-TOTAL_FORMS": "1",
            "evaluations-0-year": "2022",
            "evaluations-0-grade": "qualified",
        },
    )
    response = branch_client.post(ADD, data)
    assert response.status_code == 302, response.context["form"].errors
    member = Member.objects.get(name="赵六")
    assert member.organisation == tree["group"]
    assert member.id_number == data["id_number"]
    assert member.name_initials == "zl"
    assert list(member.rewards_punishments.values_list("title", flat=True)) == ["优秀党务工作者"]
    assert list(member.evaluations.values_list("year", flat=True)) == [2022]
    assert ModelLogEntry.objects.filter(
        action="wagtail.create", object_id=str(member.pk), user=branch_admin
    ).exists()


def test_sub_record_errors_keep_everything_unsaved(branch_client, tree):
    data = form_data(
        tree["first"],
        **{
            "abroad-TOTAL_FORMS": "1",
            "abroad-0-destination": "日本",
            "abroad-0-purpose": "考察",
            "abroad-0-departed_on": "2020-05-01",
            "abroad-0-returned_on": "2020-04-01",
        },
    )
    response = branch_client.post(ADD, data)
    assert response.status_code == 200
    assert "回国(境)日期不能早于出境日期" in response.content.decode()
    assert Member.objects.count() == 0


def test_edit_keeps_numbers_left_empty_and_changes_the_rest(branch_client, people, tree):
    huang = people["huang"]
    old_id, old_phone = huang.id_number, huang.phone
    data = form_data(
        tree["first"],
        name="黄主才",
        id_number="",
        phone="",
        birth_date=huang.birth_date.isoformat(),
        joined_on="1972-08-06",
        confirmed_on="1973-08-06",
        employer="慈利县档案馆",
    )
    response = branch_client.post(url("edit", huang), data)
    assert response.status_code == 302, response.context["form"].errors
    huang.refresh_from_db()
    assert huang.employer == "慈利县档案馆"
    assert huang.id_number == old_id and huang.phone == old_phone


def test_edit_can_clear_the_phone_number(branch_client, people, tree):
    huang = people["huang"]
    data = form_data(
        tree["first"],
        name="黄主才",
        id_number="",
        phone="",
        clear_phone="on",
        birth_date=huang.birth_date.isoformat(),
    )
    response = branch_client.post(url("edit", huang), data)
    assert response.status_code == 302, response.context["form"].errors
    huang.refresh_from_db()
    assert huang.phone == ""


def test_edit_refuses_an_id_number_of_another_member(branch_client, people, tree):
    huang, wang = people["huang"], people["wang"]
    data = form_data(
        tree["first"],
        name="黄主才",
        id_number=wang.id_number,
        birth_date=wang.birth_date.isoformat(),
    )
    response = branch_client.post(url("edit", huang), data)
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"] == ["该公民身份号码已被登记。"]


def test_delete_inside_the_subtree(branch_client, people):
    response = branch_client.post(url("delete", people["wang"]))
    assert response.status_code == 302
    assert not Member.objects.filter(pk=people["wang"].pk).exists()


def test_member_with_transfer_history_is_not_deleted(branch_client, people, tree):
    huang = people["huang"]
    Transfer.objects.create(
        member=huang, kind="incoming", status="accepted", to_organisation=tree["first"]
    )
    response = branch_client.post(url("delete", huang), follow=True)
    assert "不能删除" in response.content.decode()
    assert Member.objects.filter(pk=huang.pk).exists()


# --- roster ----------------------------------------------------------------------------------


def test_listing_links_to_the_roster_with_its_filters(admin_client, people, tree):
    html = admin_client.get(INDEX, {"organisation": tree["first"].pk}).content.decode()
    assert "打印花名册" in html
    assert f"{ROSTER}?organisation={tree['first'].pk}" in html


def test_roster_renders_the_seed_columns_on_a4(admin_client, people):
    response = admin_client.get(ROSTER)
    assert response.status_code == 200
    html = response.content.decode()
    for heading in SEED_ROSTER_HEADINGS:
        assert f"<th>{heading}</th>" in html
    assert "@page { size: A4" in html
    assert "@media print" in html
    # The button is bound by a static script (tests/browser/test_portal_mobile.py clicks it).
    assert "data-print" in html and "partybuild/js/print_button.js" in html and "打印" in html
    assert "w-sidebar" not in html and "wagtail-sidebar" not in html  # no admin chrome
    assert "1972-08-06" in html and "502退休人员" in html and "正式党员" in html
    assert "预备党员" in html  # 王五
    assert "李四" in html and "保留党籍" in html
    for member in people.values():
        assert member.phone not in html and member.id_number not in html


def test_roster_names_the_branch_of_a_group_member(admin_client, people):
    html = admin_client.get(ROSTER, {"q": "王五"}).content.decode()
    assert "王五" in html and "一支部" in html and "一小组" not in html
    assert "黄主才" not in html


def test_roster_honours_scope(branch_client, people):
    html = branch_client.get(ROSTER).content.decode()
    assert names_in(html, people) == {"黄主才", "王五"}
    assert "一支部 党员花名册" in html


def test_roster_honours_filters(admin_client, people, tree):
    html = admin_client.get(ROSTER, {"organisation": tree["general"].pk, "gender": "female"})
    assert names_in(html.content.decode(), people) == {"李四"}
    html = admin_client.get(ROSTER, {"joined_year": "1972"}).content.decode()
    assert names_in(html, people) == {"黄主才"}


def test_roster_lists_in_roster_order_with_numbers(admin_client, tree, make_member):
    for name in ("黄一", "李二", "王三"):
        make_member(name, tree["second"])
    html = admin_client.get(ROSTER).content.decode()
    assert html.index("王三") < html.index("李二") < html.index("黄一")
    assert "<td>3</td>" in html


# --- query counts ----------------------------------------------------------------------------


def _populate(make_member, organisation, count: int) -> None:
    for n in range(count):
        make_member(f"党员{n:03d}", organisation, phone=f"139{n:08d}")


@pytest.mark.parametrize("account", ["superuser", "branch_admin"])
def test_listing_queries_do_not_grow_with_the_members(
    account, request, client, tree, make_member, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(account))
    _populate(make_member, tree["first"], 20)
    client.get(INDEX)  # warm caches (content types, permissions)
    with django_assert_max_num_queries(QUERY_LIMIT) as twenty:
        assert client.get(INDEX).status_code == 200
    _populate(make_member, tree["group"], 40)
    with django_assert_max_num_queries(QUERY_LIMIT) as sixty:
        response = client.get(INDEX)
        assert response.status_code == 200
    assert response.context["paginator"].count == 60
    assert len(response.context["object_list"]) == 20
    assert len(sixty.captured_queries) == len(twenty.captured_queries)


#: Queries of one listing page, measured (13 for a branch administrator): session, user, user
#: and group permissions, user profile, the administered organisation, the organisation filter's
#: choices, count, page, Wagtail's locale and page/collection permission look-ups, and the admin
#: menu's check of the organisations the user administers (党建督查).
QUERY_LIMIT = 16  # 3 of them read the account's roles in force, its scope and permissions

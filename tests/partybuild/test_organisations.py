"""The organisation tree's rules (docs/domain.md §1): nesting, terms, moves, deletion and scope."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partybuild.models import Member, Organisation, User
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.services.organisations import (
    organisation_create,
    organisation_delete,
    organisation_move,
    organisation_update,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def error_messages(excinfo) -> str:
    return " ".join(excinfo.value.messages)


@pytest.mark.parametrize(
    ("parent_type", "child_type"),
    [
        (None, "committee"),
        ("committee", "committee"),
        ("committee", "general_branch"),
        ("committee", "branch"),
        ("general_branch", "branch"),
        ("branch", "group"),
    ],
)
def test_allowed_nesting(make_org, parent_type, child_type):
    parent = None
    if parent_type:
        parent = make_org("党委", "committee")
        if parent_type != "committee":
            parent = make_org("上级", parent_type, parent)
    child = make_org("下级", child_type, parent)
    assert child.get_parent() == parent


@pytest.mark.parametrize(
    ("parent_key", "child_type", "expected"),
    [
        (None, "branch", "党支部不能作为顶级组织"),
        (None, "group", "党小组不能作为顶级组织"),
        (None, "general_branch", "党总支不能作为顶级组织"),
        ("general", "group", "党小组不能设在党总支「一总支」之下"),
        ("general", "general_branch", "党总支不能设在党总支「一总支」之下"),
        ("first", "branch", "党支部不能设在党支部「一支部」之下"),
        ("first", "committee", "党委不能设在党支部「一支部」之下"),
        ("group", "group", "党小组不能设在党小组「一小组」之下"),
        ("organ", "group", "党小组不能设在党委「机关党委」之下"),
    ],
)
def test_invalid_nesting_is_refused_in_chinese(tree, parent_key, child_type, expected):
    parent = tree[parent_key] if parent_key else None
    before = Organisation.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        organisation_create(
            parent=parent, actor=None, name="新组织", org_type=child_type, code="NEW"
        )
    assert expected in error_messages(excinfo)
    assert excinfo.value.error_dict["parent"][0].code == "invalid_nesting"
    assert Organisation.objects.count() == before


def test_duplicate_code_is_refused(tree):
    with pytest.raises(ValidationError) as excinfo:
        organisation_create(
            parent=tree["organ"],
            actor=None,
            name="重复",
            org_type="branch",
            code=tree["first"].code,
        )
    assert "组织编码已被使用" in error_messages(excinfo)


def test_invalid_contact_phone_is_refused(tree):
    with pytest.raises(ValidationError) as excinfo:
        organisation_create(
            parent=tree["organ"],
            actor=None,
            name="电话错误",
            org_type="branch",
            code="PHONE",
            contact_phone="88887777",
        )
    assert "联系方式" in error_messages(excinfo)


@pytest.mark.parametrize(
    ("org_type", "start", "end", "ok"),
    [
        ("committee", D(2022, 6, 1), D(2027, 5, 31), True),  # 5 years
        ("committee", D(2022, 6, 1), D(2026, 5, 31), True),  # advanced by 1 year (4 years)
        ("committee", D(2022, 6, 1), D(2028, 6, 1), True),  # delayed by 1 year (6 years)
        ("committee", D(2022, 6, 1), D(2026, 5, 30), False),  # advanced by more than a year
        ("committee", D(2022, 6, 1), D(2028, 6, 2), False),  # delayed by more than a year
        ("branch", D(2024, 1, 1), D(2026, 12, 31), True),  # 3 years
        ("branch", D(2024, 1, 1), D(2025, 12, 30), False),  # under 2 years
        ("branch", D(2024, 1, 1), D(2028, 1, 2), False),  # over 4 years
    ],
)
def test_term_of_office_length(tree, org_type, start, end, ok):
    parent = tree["organ"]
    fields = {
        "name": "任期",
        "org_type": org_type,
        "code": "TERM",
        "term_start": start,
        "term_end": end,
    }
    if ok:
        assert organisation_create(parent=parent, actor=None, **fields).term_end == end
    else:
        with pytest.raises(ValidationError) as excinfo:
            organisation_create(parent=parent, actor=None, **fields)
        assert "提前或延期换届不得超过1年" in error_messages(excinfo)


@pytest.mark.parametrize(
    ("org_type", "village", "end", "ok"),
    [
        # From 2024-01-01 a 3-year term ends 2026-12-31; advanced or delayed by at most a year:
        # 2025-12-31 … 2028-01-01 (3 years), 2027-12-31 … 2030-01-01 (5 years).
        ("branch", False, D(2026, 12, 31), True),  # 3 years
        ("branch", False, D(2028, 1, 1), True),  # 3 years delayed by 1
        ("branch", False, D(2028, 12, 31), False),  # 5 years: refused before issue 16 for all
        ("branch", False, D(2029, 12, 31), False),  # 6 years
        ("branch", True, D(2026, 12, 31), False),  # 3 years: advanced by 2
        ("branch", True, D(2027, 12, 30), False),
        ("branch", True, D(2027, 12, 31), True),  # 5 years advanced by 1
        ("branch", True, D(2028, 12, 31), True),  # 5 years
        ("branch", True, D(2029, 12, 31), True),  # 6 years: 5 delayed by 1
        ("branch", True, D(2030, 1, 1), True),
        ("branch", True, D(2030, 1, 2), False),
        ("general_branch", False, D(2028, 12, 31), False),
        ("general_branch", True, D(2028, 12, 31), True),
        ("general_branch", True, D(2026, 12, 31), False),
        ("committee", True, D(2028, 12, 31), True),  # a 党委 serves 5 years either way
        ("committee", False, D(2028, 12, 31), True),
        ("committee", True, D(2026, 12, 31), False),
    ],
)
def test_villages_and_communities_serve_five_years(tree, org_type, village, end, ok):
    parent = tree["organ"] if org_type != "committee" else tree["county"]
    fields = {
        "name": "村党支部" if village else "机关支部",
        "org_type": org_type,
        "code": "VILLAGE",
        "is_village_or_community": village,
        "term_start": D(2024, 1, 1),
        "term_end": end,
    }
    if ok:
        created = organisation_create(parent=parent, actor=None, **fields)
        assert (created.term_end, created.is_village_or_community) == (end, village)
        return
    with pytest.raises(ValidationError) as excinfo:
        organisation_create(parent=parent, actor=None, **fields)
    messages = error_messages(excinfo)
    assert "提前或延期换届不得超过1年" in messages
    assert ("村（社区）" in messages) == village
    assert ("每届任期5年" in messages) == (village or org_type == "committee")


def test_village_flag_changes_the_term_on_update(tree):
    branch = organisation_create(
        parent=tree["organ"],
        actor=None,
        name="社区支部",
        org_type="branch",
        code="COMMUNITY",
        term_start=D(2024, 1, 1),
        term_end=D(2026, 12, 31),
    )
    data = {"is_village_or_community": True, "term_end": D(2028, 12, 31)}
    updated = organisation_update(organisation=branch, actor=None, data=data)
    assert updated.term_years == 5 and updated.term_end == D(2028, 12, 31)
    with pytest.raises(ValidationError, match="党支部每届任期3年"):
        organisation_update(
            organisation=updated, actor=None, data={"is_village_or_community": False}
        )


def test_group_has_no_term_and_dates_come_in_pairs(tree):
    with pytest.raises(ValidationError, match="党小组不设任期"):
        organisation_create(
            parent=tree["first"],
            actor=None,
            name="小组",
            org_type="group",
            code="G2",
            term_start=D(2024, 1, 1),
            term_end=D(2027, 1, 1),
        )
    with pytest.raises(ValidationError, match="同时填写"):
        organisation_create(
            parent=tree["organ"],
            actor=None,
            name="支部",
            org_type="branch",
            code="B9",
            term_start=D(2024, 1, 1),
        )


def test_founding_date_cannot_be_in_the_future(tree):
    with pytest.raises(ValidationError, match="成立日期不能晚于今天"):
        organisation_create(
            parent=tree["organ"],
            actor=None,
            name="未来",
            org_type="branch",
            code="FUT",
            founded_on=D(2999, 1, 1),
        )


def test_siblings_are_listed_by_sort_order_and_follow_changes(tree, make_org):
    organ = tree["organ"]
    late = make_org("后排支部", "branch", organ, sort_order=9)
    early = make_org("前排支部", "branch", organ, sort_order=1)
    names = [o.name for o in Organisation.objects.get(pk=organ.pk).get_children()]
    assert names == ["一总支", "前排支部", "后排支部"]  # 一总支 has the default order 0
    organisation_update(organisation=late, actor=None, data={"sort_order": 0})
    names = [o.name for o in Organisation.objects.get(pk=organ.pk).get_children()]
    assert names == ["一总支", "后排支部", "前排支部"]  # equal order: by code
    assert Organisation.objects.get(pk=early.pk).get_parent().pk == organ.pk


def test_changing_type_must_still_fit_parent_and_children(tree, make_org):
    make_org("三支部小组", "group", tree["third"])
    with pytest.raises(ValidationError, match="该组织下设有党小组，不能改为党总支") as excinfo:
        organisation_update(
            organisation=tree["third"], actor=None, data={"org_type": "general_branch"}
        )
    assert "org_type" in excinfo.value.error_dict
    with pytest.raises(ValidationError, match="党委不能设在党总支「一总支」之下") as excinfo:
        organisation_update(organisation=tree["first"], actor=None, data={"org_type": "committee"})
    assert "org_type" in excinfo.value.error_dict
    with pytest.raises(ValidationError, match="党小组不能设在党总支"):
        organisation_update(organisation=tree["second"], actor=None, data={"org_type": "group"})
    assert Organisation.objects.get(pk=tree["first"].pk).org_type == "branch"


def test_move_takes_the_subtree_along(tree):
    moved = organisation_move(organisation=tree["first"], new_parent=tree["town"], actor=None)
    assert moved.get_parent() == tree["town"]
    group = Organisation.objects.get(pk=tree["group"].pk)
    assert group.get_parent().pk == tree["first"].pk
    assert group.path.startswith(Organisation.objects.get(pk=tree["town"].pk).path)


def test_move_refuses_invalid_targets(tree):
    with pytest.raises(ValidationError, match="不能把党组织移动到它自己或它的下级组织之下"):
        organisation_move(organisation=tree["organ"], new_parent=tree["general"], actor=None)
    with pytest.raises(ValidationError, match="党支部不能设在党支部"):
        organisation_move(organisation=tree["second"], new_parent=tree["first"], actor=None)
    with pytest.raises(ValidationError, match="党小组不能设在党委"):
        organisation_move(organisation=tree["group"], new_parent=tree["town"], actor=None)
    assert Organisation.objects.get(pk=tree["second"].pk).get_parent().pk == tree["general"].pk


def test_delete_is_refused_while_children_members_or_administrators_remain(tree, make_admin):
    with pytest.raises(ValidationError, match="还有1个下级组织"):
        organisation_delete(organisation=tree["first"], actor=None)

    Member.objects.create(name="张三", gender="male", organisation=tree["second"])
    with pytest.raises(ValidationError, match="还有1名党员"):
        organisation_delete(organisation=tree["second"], actor=None)

    make_admin("third_admin", tree["third"])
    with pytest.raises(ValidationError, match="还有1个管理员账号"):
        organisation_delete(organisation=tree["third"], actor=None)

    assert (
        Organisation.objects.filter(
            pk__in=[tree["first"].pk, tree["second"].pk, tree["third"].pk]
        ).count()
        == 3
    )


def test_delete_of_an_empty_organisation_updates_the_tree(tree):
    organisation_delete(organisation=tree["group"], actor=None)
    assert not Organisation.objects.filter(pk=tree["group"].pk).exists()
    first = Organisation.objects.get(pk=tree["first"].pk)
    assert first.numchild == 0
    assert first.get_children_count() == 0


def test_scope_is_the_administered_subtree(tree, make_admin, superuser):
    admin = make_admin("organ_admin", tree["organ"])
    names = set(organisation_scope_for_user(user=admin).values_list("name", flat=True))
    assert names == {"机关党委", "一总支", "一支部", "一小组", "二支部"}
    assert organisation_scope_for_user(user=superuser).count() == 8
    nobody = User.objects.create_user(username="nobody", password="x")
    nobody.administered_organisation = tree["third"]  # the former field grants nothing
    nobody.save()
    assert organisation_scope_for_user(user=nobody).count() == 0


def test_services_refuse_actors_outside_their_subtree(tree, make_admin):
    admin = make_admin("first_admin", tree["first"])
    with pytest.raises(PermissionDenied):
        organisation_create(
            parent=tree["town"], actor=admin, name="越权", org_type="branch", code="X1"
        )
    with pytest.raises(PermissionDenied):
        organisation_update(organisation=tree["second"], actor=admin, data={"name": "改名"})
    with pytest.raises(PermissionDenied):
        organisation_delete(organisation=tree["third"], actor=admin)
    with pytest.raises(PermissionDenied):
        organisation_move(organisation=tree["group"], new_parent=tree["second"], actor=admin)
    with pytest.raises(PermissionDenied):
        organisation_move(organisation=tree["first"], new_parent=tree["third"], actor=admin)
    with pytest.raises(PermissionDenied):
        organisation_create(parent=None, actor=admin, name="顶级", org_type="committee", code="X2")
    # Inside their subtree they may act.
    created = organisation_create(
        parent=tree["first"], actor=admin, name="二小组", org_type="group", code="X3"
    )
    assert created.get_parent().pk == tree["first"].pk


def test_member_rules(tree):
    member = Member(
        name="李四",
        gender="male",
        organisation=tree["first"],
        category="probationary",
        joined_on=D(2025, 7, 1),
        confirmed_on=D(2026, 7, 1),
    )
    with pytest.raises(ValidationError, match="预备党员不应有转正日期"):
        member.full_clean()
    member.category = "full"
    member.confirmed_on = D(2024, 7, 1)
    with pytest.raises(ValidationError, match="转正日期应为预备期满之日"):
        member.full_clean()
    member.confirmed_on = D(2026, 7, 1)
    member.organisation = tree["general"]
    with pytest.raises(ValidationError, match="党员只能编入党支部或党小组"):
        member.full_clean()

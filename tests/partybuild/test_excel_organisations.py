"""Excel import and export of the organisation register: parents before children in any order,
nesting rules, scope, all or nothing, the round trip and the admin pages."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from partybuild.core.excel import reader
from partybuild.excel.organisations import ORGANISATION_COLUMNS
from partybuild.models import Organisation
from partybuild.services import imports
from partybuild.services.exports import organisation_export_xlsx, organisation_template_xlsx
from partybuild.services.imports import organisation_import_xlsx
from partybuild.services.organisations import organisation_delete

pytestmark = pytest.mark.django_db

HEADINGS = [column.heading for column in ORGANISATION_COLUMNS]
SEED_HEADINGS = [
    "党组织名称",
    "上级党组织",
    "组织类别",
    "组织负责人",
    "联系方式",
    "单位建立党组织情况",
    "排序",
]
FIELDS = [
    "name",
    "code",
    "org_type",
    "leader_name",
    "contact_phone",
    "unit_party_status",
    "is_village_or_community",
    "sort_order",
    "founded_on",
    "term_start",
    "term_end",
    "remarks",
    "depth",
]


def xlsx(*rows: dict, headings: list[str] | None = None) -> bytes:
    if headings is None:
        headings = []
        for values in rows:
            headings.extend(key for key in values if key not in headings)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for values in rows:
        sheet.append([values.get(heading) for heading in headings])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def org(name: str, code: str, org_type: str, parent: str = "", **extra) -> dict:
    return {
        "党组织名称": name,
        "组织编码": code,
        "组织类别": org_type,
        "上级党组织": parent,
        **extra,
    }


def issue_map(result) -> dict[tuple[int | None, str], str]:
    return {(issue.row, issue.column): issue.code for issue in result.errors}


def read_sheet(content: bytes) -> list[tuple]:
    return [
        tuple(r)
        for r in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True)
    ]


def parent_code(organisation: Organisation) -> str | None:
    parent = organisation.get_parent()
    return parent.code if parent else None


@pytest.fixture
def branch_admin(make_admin, tree):
    """Administers 机关党委's subtree, not 乡镇党委."""
    return make_admin("jiguan", tree["organ"])


def test_children_may_come_before_their_parents_in_the_file(tree, superuser):
    rows = [
        org("第一党小组", "G1", "党小组", "新支部", 组织负责人="赵六"),
        org("新支部", "B1", "党支部", "N1", 联系方式="0744-3221234", 排序=2),
        org("新总支", "N1", "党总支", "T0002", 单位建立党组织情况="单独建立"),  # 机关党委 by code
        org("乡镇二支部", "B2", "党支部", "乡镇党委"),  # an existing parent by name
        {**org("新党委", "C1", "党委"), "上级党组织": None},  # top level
    ]
    result = organisation_import_xlsx(file=xlsx(*rows), actor=superuser)
    assert result.ok, result.report_lines()
    assert (result.rows, result.created) == (5, 5)
    created = {
        o.code: o for o in Organisation.objects.filter(code__in=["G1", "B1", "N1", "B2", "C1"])
    }
    assert parent_code(created["G1"]) == "B1" and created["G1"].leader_name == "赵六"
    assert parent_code(created["B1"]) == "N1" and created["B1"].sort_order == 2
    assert created["B1"].contact_phone == "0744-3221234"
    assert parent_code(created["N1"]) == "T0002"
    assert created["N1"].unit_party_status == "standalone"
    assert created["B1"].unit_party_status == "same_as_parent"  # blank → default
    assert parent_code(created["B2"]) == tree["town"].code
    assert created["C1"].is_root()


def test_the_seed_headings_with_codes_and_dates_in_text_forms(tree, superuser):
    headings = [*SEED_HEADINGS, "组织编码", "成立日期", "本届任期开始日期", "本届任期届满日期"]
    values = {
        "党组织名称": "设备部支部委员会",
        "上级党组织": "一总支",
        "组织类别": "党支部",
        "组织负责人": "杨浩宝",
        "联系方式": 13778230785,
        "单位建立党组织情况": "与上级党组织相同",
        "排序": 1,
        "组织编码": "SB01",
        "成立日期": "2001年7月1日",
        "本届任期开始日期": "2024/1/1",
        "本届任期届满日期": datetime.datetime(2026, 12, 31),
    }
    result = organisation_import_xlsx(file=xlsx(values, headings=headings), actor=superuser)
    assert result.ok, result.report_lines()
    branch = Organisation.objects.get(code="SB01")
    assert branch.contact_phone == "13778230785"
    assert branch.founded_on == datetime.date(2001, 7, 1)
    assert (branch.term_start, branch.term_end) == (
        datetime.date(2024, 1, 1),
        datetime.date(2026, 12, 31),
    )


@pytest.mark.parametrize(("flag", "village"), [("是", True), ("否", False), (None, False)])
def test_the_village_column_and_its_five_year_term(tree, superuser, flag, village):
    end = "2028-12-31" if village else "2026-12-31"
    values = org(
        "大尖村党支部",
        "V1",
        "党支部",
        "一总支",
        **{"村（社区）党组织": flag},
        本届任期开始日期="2024-01-01",
        本届任期届满日期=end,
    )
    result = organisation_import_xlsx(file=xlsx(values), actor=superuser)
    assert result.ok, result.report_lines()
    assert Organisation.objects.get(code="V1").is_village_or_community is village


def test_dry_run_writes_nothing(tree, superuser):
    count = Organisation.objects.count()
    result = organisation_import_xlsx(
        file=xlsx(org("新支部", "B1", "党支部", "一总支")), actor=superuser, dry_run=True
    )
    assert result.ok and result.created == 1
    assert Organisation.objects.count() == count


ROW_CASES = {
    "group under a committee": (
        [org("小组", "G1", "党小组", "机关党委")],
        {(2, "上级党组织"): "invalid_nesting"},
    ),
    "general branch under a file branch": (
        [org("支部", "B1", "党支部", "一总支"), org("总支", "N1", "党总支", "B1")],
        {(3, "上级党组织"): "invalid_nesting"},
    ),
    "branch at the top": ([org("支部", "B1", "党支部")], {(2, "上级党组织"): "invalid_nesting"}),
    "code used twice in the file": (
        [org("甲支部", "B1", "党支部", "一总支"), org("乙支部", "B1", "党支部", "一总支")],
        {(3, "组织编码"): "code_duplicate_in_file"},
    ),
    "code already registered": (
        [org("甲支部", "T0004", "党支部", "一总支")],
        {(2, "组织编码"): "code_duplicate"},
    ),
    "unknown parent": (
        [org("甲支部", "B1", "党支部", "不存在的总支")],
        {(2, "上级党组织"): "parent_not_found"},
    ),
    "unknown parent code": (
        [{**org("甲支部", "B1", "党支部"), "上级组织编码": "NOPE"}],
        {(2, "上级组织编码"): "parent_not_found"},
    ),
    "parent name and code disagree": (
        [{**org("甲支部", "B1", "党支部", "二支部"), "上级组织编码": "T0003"}],
        {(2, "上级党组织"): "parent_mismatch"},
    ),
    "a cycle": (
        [org("甲总支", "N1", "党总支", "N2"), org("乙总支", "N2", "党总支", "N1")],
        {(2, "上级党组织"): "parent_cycle", (3, "上级党组织"): "parent_cycle"},
    ),
    "its own parent": ([org("甲党委", "C1", "党委", "C1")], {(2, "上级党组织"): "parent_self"}),
    "unknown type": ([org("甲", "X1", "支委会", "一总支")], {(2, "组织类别"): "invalid_choice"}),
    "blank name": ([org("", "B1", "党支部", "一总支")], {(2, "党组织名称"): "required"}),
    "bad contact": (
        [org("甲支部", "B1", "党支部", "一总支", 联系方式="12345")],
        {(2, "联系方式"): "phone_format"},
    ),
    "negative order": (
        [org("甲支部", "B1", "党支部", "一总支", 排序=-1)],
        {(2, "排序"): "invalid_integer"},
    ),
    "bad date": (
        [org("甲支部", "B1", "党支部", "一总支", 成立日期="2001-02-30")],
        {(2, "成立日期"): "date_invalid"},
    ),
    "term too long": (
        [
            org(
                "甲支部",
                "B1",
                "党支部",
                "一总支",
                本届任期开始日期="2024-01-01",
                本届任期届满日期="2030-01-01",
            )
        ],
        {(2, "本届任期届满日期"): "term_length"},
    ),
    "village term of 3 years": (
        [
            org(
                "甲村党支部",
                "B1",
                "党支部",
                "一总支",
                **{"村（社区）党组织": "是"},
                本届任期开始日期="2024-01-01",
                本届任期届满日期="2026-12-31",
            )
        ],
        {(2, "本届任期届满日期"): "term_length"},
    ),
    "bad village flag": (
        [org("甲村党支部", "B1", "党支部", "一总支", **{"村（社区）党组织": "也许"})],
        {(2, "村（社区）党组织"): "invalid_boolean"},
    ),
    "unclear seed status": (
        [org("测试一部", "C1", "党委", "县委", 单位建立党组织情况="测试一部党支部, 12名党员。")],
        {(2, "单位建立党组织情况"): "invalid_choice"},
    ),
}


@pytest.mark.parametrize("name", ROW_CASES)
def test_a_bad_row_rejects_the_file_and_nothing_is_written(tree, superuser, name):
    rows, expected = ROW_CASES[name]
    good = org("好支部", "OK1", "党支部", "一总支")
    count = Organisation.objects.count()
    result = organisation_import_xlsx(file=xlsx(good, *rows), actor=superuser)
    assert not result.ok and result.created == 0
    assert issue_map(result) == {
        (row + 1, column): code for (row, column), code in expected.items()
    }
    assert Organisation.objects.count() == count


def test_ambiguous_parent_name_asks_for_the_code(tree, superuser, make_org):
    make_org("一总支", "general_branch", tree["town"], code="DUP")
    result = organisation_import_xlsx(
        file=xlsx(org("甲支部", "B1", "党支部", "一总支")), actor=superuser
    )
    assert issue_map(result) == {(2, "上级党组织"): "parent_ambiguous"}
    rows = [{**org("甲支部", "B1", "党支部", "一总支"), "上级组织编码": "DUP"}]
    assert organisation_import_xlsx(file=xlsx(*rows), actor=superuser).ok
    assert parent_code(Organisation.objects.get(code="B1")) == "DUP"


def test_scoped_administrator_cannot_place_outside_their_subtree(tree, branch_admin):
    count = Organisation.objects.count()
    rows = [
        org("甲支部", "B1", "党支部", "一总支"),
        org("乙支部", "B2", "党支部", "乡镇党委"),
        {**org("丙支部", "B3", "党支部"), "上级组织编码": "T0007"},
        org("新党委", "C1", "党委"),
    ]
    result = organisation_import_xlsx(file=xlsx(*rows), actor=branch_admin)
    assert issue_map(result) == {
        (3, "上级党组织"): "parent_out_of_scope",
        (4, "上级组织编码"): "parent_out_of_scope",
        (5, "上级党组织"): "top_level_forbidden",
    }
    assert Organisation.objects.count() == count
    assert organisation_import_xlsx(file=xlsx(rows[0]), actor=branch_admin).ok


def test_errors_of_organisation_create_are_reported_per_row_and_roll_everything_back(
    tree, superuser, monkeypatch
):
    real_create = imports.organisation_create

    def refusing_create(*, parent, actor, **fields):
        if fields["code"] == "B1":
            raise ValidationError({"parent": ValidationError("拒绝。", code="refused")})
        return real_create(parent=parent, actor=actor, **fields)

    monkeypatch.setattr(imports, "organisation_create", refusing_create)
    count = Organisation.objects.count()
    rows = [
        org("新总支", "N1", "党总支", "机关党委"),
        org("新支部", "B1", "党支部", "N1"),
        org("新小组", "G1", "党小组", "B1"),
    ]
    result = organisation_import_xlsx(file=xlsx(*rows), actor=superuser)
    assert issue_map(result) == {(3, "上级党组织"): "refused", (4, "上级党组织"): "parent_failed"}
    assert Organisation.objects.count() == count  # 新总支 was created, then rolled back


@pytest.mark.parametrize(
    "content,code",
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "file_not_xlsx"),
        ("党组织名称,组织类别\n甲,党委\n".encode(), "file_not_xlsx"),
    ],
    ids=["png", "csv"],
)
def test_files_that_are_not_xlsx_are_refused(tree, superuser, content, code):
    count = Organisation.objects.count()
    result = organisation_import_xlsx(file=content, actor=superuser)
    assert [issue.code for issue in result.errors] == [code]
    assert Organisation.objects.count() == count


def test_limits_and_headings(tree, superuser, monkeypatch):
    rows = [org(f"支部{n}", f"B{n}", "党支部", "一总支") for n in range(4)]
    result = organisation_import_xlsx(file=xlsx(headings=["Name", "Type"]), actor=superuser)
    assert issue_map(result) == {(None, ""): "no_headings"}
    result = organisation_import_xlsx(
        file=xlsx(headings=["党组织名称", "上级党组织"]), actor=superuser
    )
    assert issue_map(result) == {
        (1, "组织编码"): "column_missing",
        (1, "组织类别"): "column_missing",
    }
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    result = organisation_import_xlsx(file=xlsx(*rows), actor=superuser)
    assert issue_map(result) == {(None, ""): "too_many_rows"}
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 100)
    result = organisation_import_xlsx(file=xlsx(*rows[:1]), actor=superuser)
    assert issue_map(result) == {(None, ""): "file_too_large"}
    assert not Organisation.objects.filter(code__startswith="B").exists()


# --- export --------------------------------------------------------------------------------


def test_export_has_the_headings_in_tree_order_with_parents(tree, superuser):
    rows = read_sheet(organisation_export_xlsx(user=superuser))
    assert list(rows[0]) == HEADINGS
    assert [r[0] for r in rows[1:]] == [
        "县委",
        "机关党委",
        "一总支",
        "一支部",
        "一小组",
        "二支部",
        "乡镇党委",
        "三支部",
    ]
    by_name = {r[0]: dict(zip(HEADINGS, r, strict=True)) for r in rows[1:]}
    assert by_name["一小组"]["上级党组织"] == "一支部"
    assert by_name["一小组"]["上级组织编码"] == "T0004"
    assert by_name["一小组"]["组织类别"] == "党小组"
    assert by_name["县委"]["上级党组织"] is None


def test_scoped_export_contains_only_the_subtree(tree, branch_admin):
    rows = read_sheet(organisation_export_xlsx(user=branch_admin))
    names = [r[0] for r in rows[1:]]
    assert names == ["机关党委", "一总支", "一支部", "一小组", "二支部"]
    content = " ".join(str(value) for r in rows for value in r)
    assert "县委" not in content and "乡镇" not in content and "三支部" not in content


def test_names_that_look_like_formulas_stay_text(tree, superuser, make_org):
    make_org("=1+1", "branch", tree["general"], code="F1", remarks="@备注", leader_name="-王")
    sheet = load_workbook(io.BytesIO(organisation_export_xlsx(user=superuser))).worksheets[0]
    cells = [c for r in sheet.iter_rows() for c in r if c.value == "=1+1"]
    assert len(cells) == 1 and cells[0].data_type == "s"


def test_round_trip_into_an_empty_register(tree, superuser, make_org):
    make_org(
        "=支部",
        "branch",
        tree["town"],
        code="R1",
        leader_name="乔霍",
        contact_phone="010-88887777",
        unit_party_status="joint",
        is_village_or_community=True,
        sort_order=3,
        founded_on=datetime.date(2001, 7, 1),
        term_start=datetime.date(2024, 1, 1),
        term_end=datetime.date(2028, 12, 31),
        remarks="+备注",
    )

    def snapshot():
        return {
            o.code: ({f: getattr(o, f) for f in FIELDS}, parent_code(o))
            for o in Organisation.objects.all()
        }

    before = snapshot()
    content = organisation_export_xlsx(user=superuser)
    for organisation in Organisation.objects.order_by("-depth"):
        organisation_delete(organisation=organisation, actor=None)
    assert not Organisation.objects.exists()
    result = organisation_import_xlsx(file=content, actor=superuser)
    assert result.ok, result.report_lines()
    assert snapshot() == before


def test_template_has_the_headings_and_imports_once_filled(tree, superuser):
    workbook = load_workbook(io.BytesIO(organisation_template_xlsx()))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADINGS
    assert set(SEED_HEADINGS) <= set(HEADINGS)
    values = org("新支部", "B1", "党支部", "一总支")
    for position, heading in enumerate(HEADINGS, start=1):
        sheet.cell(2, position, values.get(heading))
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert organisation_import_xlsx(file=buffer.getvalue(), actor=superuser).ok


# --- admin ---------------------------------------------------------------------------------

IMPORT = reverse("partybuild_excel_organisation_import")
TEMPLATE = reverse("partybuild_excel_organisation_template")
EXPORT = reverse("partybuild_excel_organisation_export")


def upload(client, content: bytes, **data):
    file = io.BytesIO(content)
    file.name = "党组织.xlsx"
    return client.post(IMPORT, {"file": file, **data})


def test_upload_page_shows_every_error_and_imports_a_good_file(admin_client, tree):
    html = admin_client.get(IMPORT).content.decode()
    assert TEMPLATE in html
    count = Organisation.objects.count()
    rows = [org("小组", "G1", "党小组", "机关党委"), org("甲支部", "T0004", "党支部", "一总支")]
    html = upload(admin_client, xlsx(*rows)).content.decode()
    assert "导入失败" in html and "第2行" in html and "第3行" in html
    assert "invalid_nesting" in html and "code_duplicate" in html
    assert Organisation.objects.count() == count
    html = upload(admin_client, xlsx(org("甲支部", "B1", "党支部", "一总支"))).content.decode()
    assert "导入成功" in html and Organisation.objects.filter(code="B1").exists()


def test_scoped_administrator_downloads_template_and_subtree_export(client, tree, branch_admin):
    client.force_login(branch_admin)
    response = client.get(TEMPLATE)
    assert response.status_code == 200 and list(read_sheet(response.content)[0]) == HEADINGS
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert [r[0] for r in read_sheet(response.content)[1:]] == [
        "机关党委",
        "一总支",
        "一支部",
        "一小组",
        "二支部",
    ]
    html = upload(client, xlsx(org("乙支部", "B2", "党支部", "乡镇党委"))).content.decode()
    assert "parent_out_of_scope" in html


def test_user_without_organisation_permissions_is_refused(client, tree, django_user_model):
    from django.contrib.auth.models import Permission

    from partybuild.models import Role, RoleAssignment

    user = django_user_model.objects.create_user(username="viewer", password="x")
    RoleAssignment.objects.create(
        user=user,
        role=Role.objects.create(code="scope_only", name="仅范围"),
        organisation=tree["organ"],
    )
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(user)
    for address in (IMPORT, TEMPLATE, EXPORT, reverse("partybuild_excel_index")):
        assert client.get(address).status_code == 403

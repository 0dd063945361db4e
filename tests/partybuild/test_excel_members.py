"""Excel import and export of the member register: the malformed-file corpus (nothing written
each time), the row checks, masking and reveal, formulas kept as text, scope, the round trip,
the import_members command and the admin upload and download pages."""

import datetime
import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.management import execute_from_command_line
from django.db import connections
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from wagtail.models import ModelLogEntry

from partybuild.core.excel import reader
from partybuild.core.privacy import mask_identifier
from partybuild.core.validators import id_number_check_character
from partybuild.excel.members import MEMBER_COLUMNS
from partybuild.models import Member
from partybuild.services.audit import IDENTITY_REVEAL_ACTION
from partybuild.services.exports import member_export_xlsx, member_template_xlsx
from partybuild.services.imports import member_import_xlsx

pytestmark = pytest.mark.django_db

HEADINGS = [column.heading for column in MEMBER_COLUMNS]
REQUIRED = ["姓名", "性别", "公民身份号码", "所在党组织", "人员类别", "入党日期"]
DOSSIER_FIELDS = [
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "native_place",
    "id_number",
    "phone",
    "home_address",
    "education",
    "degree",
    "school_major",
    "employer",
    "job_post",
    "category",
    "joined_on",
    "confirmed_on",
    "standing",
    "organisation_id",
    "is_lost_contact",
    "is_abroad",
    "is_mobile",
    "is_on_roll",
    "name_initials",
    "name_sort_key",
]


def make_id_number(birth: datetime.date, sequence: int, *, male: bool = True) -> str:
    first17 = f"430821{birth:%Y%m%d}{sequence % 100:02d}{1 if male else 2}"
    return first17 + id_number_check_character(first17)


def with_bad_check_character(number: str) -> str:
    wrong = "0" if number[17] != "0" else "1"
    return number[:17] + wrong


def row(**overrides) -> dict:
    """A valid data row of a male full member of 一支部, born 1980-05-06."""
    values = {
        "姓名": "张三",
        "性别": "男",
        "出生日期": "1980-05-06",
        "公民身份号码": make_id_number(datetime.date(1980, 5, 6), 1),
        "手机号码": "13812345678",
        "人员类别": "正式党员",
        "入党日期": "2005-07-01",
        "转正日期": "2006-07-01",
        "所在党组织": "一支部",
    }
    values.update(overrides)
    return values


def xlsx(*rows: dict, headings: list[str] | None = None, title_rows: int = 0) -> bytes:
    """An xlsx whose first sheet has ``headings`` (default: the keys of the rows, in order)."""
    if headings is None:
        headings = []
        for values in rows:
            headings.extend(key for key in values if key not in headings)
    workbook = Workbook()
    sheet = workbook.active
    for _ in range(title_rows):
        sheet.append(["党员信息表"])
    sheet.append(headings)
    for values in rows:
        sheet.append([values.get(heading) for heading in headings])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def codes(result) -> list[str]:
    return [issue.code for issue in result.errors]


def issue_map(result) -> dict[tuple[int | None, str], str]:
    return {(issue.row, issue.column): issue.code for issue in result.errors}


def grant(user, *codenames: str) -> None:
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))


def read_sheet(content: bytes) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(content))
    return [tuple(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]


@pytest.fixture
def make_member(tree):
    counter = {"n": 0}

    def _make(name: str, organisation, **fields) -> Member:
        counter["n"] += 1
        birth = fields.pop(
            "birth_date", datetime.date(1970, 1, 1) + datetime.timedelta(counter["n"])
        )
        member = Member(
            name=name,
            gender="male",
            birth_date=birth,
            organisation=organisation,
            joined_on=fields.pop("joined_on", datetime.date(1995, 7, 1)),
            **fields,
        )
        member.id_number = make_id_number(birth, 50 + counter["n"])
        member.full_clean()
        member.save()
        return member

    return _make


@pytest.fixture
def branch_admin(make_admin, tree):
    """Administers 机关党委's subtree (一总支, 一支部, 一小组, 二支部), not 乡镇党委."""
    user = make_admin("jiguan", tree["organ"])
    grant(user, "add_member", "change_member", "view_member", "delete_member")
    return user


# --- a valid import ------------------------------------------------------------------------


def test_headings_in_any_order_all_date_forms_choices_and_flags(tree, superuser):
    born = datetime.date(1985, 2, 3)
    rows = [
        row(),
        row(
            姓名="李四",
            性别="女",
            出生日期=datetime.datetime(1985, 2, 3),  # a real Excel date
            公民身份号码=make_id_number(born, 2, male=False).lower(),
            入党日期="2018/3/7",
            转正日期="",
            人员类别="预备党员",
            所在党组织="T0005",  # 一小组's code
            民族="回族",
            学历="大学本科",
            学位="学士",
            党籍状态="保留党籍",
            失联="是",
        ),
        row(
            姓名="王五",
            出生日期="1990.01.02",
            公民身份号码=make_id_number(datetime.date(1990, 1, 2), 3),
            入党日期="2018年3月7日",
            转正日期="2019.03.07",
            **{"出国(境)": "是", "流动党员": "否", "所在党组织": "二支部"},
        ),
    ]
    headings = list(reversed(HEADINGS))
    result = member_import_xlsx(file=xlsx(*rows, headings=headings), actor=superuser)
    assert result.ok, result.report_lines()
    assert (result.rows, result.created) == (3, 3)
    li = Member.objects.get(name="李四")
    assert li.organisation == tree["group"]
    assert (li.gender, li.category, li.standing) == ("female", "probationary", "retained")
    assert (li.education, li.degree, li.ethnicity) == ("bachelor", "bachelor", "回族")
    assert li.birth_date == born and li.joined_on == datetime.date(2018, 3, 7)
    assert li.is_lost_contact and not li.is_abroad
    assert li.name_initials == "ls"
    wang = Member.objects.get(name="王五")
    assert wang.joined_on == datetime.date(2018, 3, 7)
    assert wang.confirmed_on == datetime.date(2019, 3, 7)
    assert wang.is_abroad and not wang.is_mobile
    assert wang.organisation == tree["second"]
    zhang = Member.objects.get(name="张三")
    assert zhang.standing == "normal" and zhang.ethnicity == ""  # the column is blank
    assert Member.objects.filter(Member.id_number_lookup(rows[0]["公民身份号码"])).count() == 1


def test_only_required_columns_a_title_row_and_unknown_columns_are_fine(tree, superuser):
    values = {heading: row()[heading] for heading in REQUIRED}
    values["序号"] = 1
    numbered_blank_row = {"序号": 2}
    result = member_import_xlsx(
        file=xlsx(values, numbered_blank_row, title_rows=1), actor=superuser
    )
    assert result.ok, result.report_lines()
    assert result.rows == 1
    member = Member.objects.get()
    assert member.ethnicity == "汉族"  # the model's default when the column is absent
    assert member.birth_date is None


def test_a_number_typed_into_the_phone_column_is_read_as_its_digits(tree, superuser):
    result = member_import_xlsx(file=xlsx(row(手机号码=13812345678)), actor=superuser)
    assert result.ok, result.report_lines()
    assert Member.objects.get().phone == "13812345678"


def test_dry_run_checks_everything_and_writes_nothing(tree, superuser):
    result = member_import_xlsx(file=xlsx(row()), actor=superuser, dry_run=True)
    assert result.ok and result.dry_run and result.created == 1
    assert Member.objects.count() == 0


def test_organisation_by_code_column_and_ambiguous_names(tree, superuser, make_org):
    make_org("一支部", "branch", tree["town"], code="DUP1")  # a second 「一支部」
    result = member_import_xlsx(file=xlsx(row()), actor=superuser)
    assert issue_map(result) == {(2, "所在党组织"): "organisation_ambiguous"}
    assert "T0004" in result.errors[0].message and "DUP1" in result.errors[0].message
    result = member_import_xlsx(file=xlsx(row(组织编码="DUP1")), actor=superuser)
    assert result.ok, result.report_lines()
    assert Member.objects.get().organisation.code == "DUP1"


# --- the malformed-file corpus: refused, nothing written -----------------------------------


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
CSV = "姓名,性别,公民身份号码,所在党组织,人员类别,入党日期\n张三,男,1,一支部,正式党员,2005-07-01\n"
FILE_CORPUS = {
    "png renamed .xlsx": (PNG, "file_not_xlsx"),
    "csv": (CSV.encode(), "file_not_xlsx"),
    "empty file": (b"", "file_not_xlsx"),
    "old .xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "file_xls"),
    "zip that is not a workbook": (_zip({"readme.txt": b"hello"}), "file_not_xlsx"),
    "truncated zip": (b"PK\x03\x04" + b"\x00" * 60, "file_not_xlsx"),
    "workbook parts that are not xml": (
        _zip({"[Content_Types].xml": b"<not xml", "xl/workbook.xml": b"<<<"}),
        "file_not_xlsx",
    ),
}


@pytest.mark.parametrize("name", FILE_CORPUS)
def test_files_that_are_not_xlsx_are_refused_and_nothing_is_written(
    tree, superuser, make_member, name
):
    make_member("已有", tree["first"])
    content, code = FILE_CORPUS[name]
    result = member_import_xlsx(file=content, actor=superuser)
    assert codes(result) == [code]
    assert result.errors[0].row is None and result.created == 0
    assert "xlsx" in result.errors[0].message
    assert Member.objects.count() == 1


def test_a_file_over_the_size_limit_is_refused_before_opening(tree, superuser, monkeypatch):
    content = xlsx(row())
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", len(content) - 1)
    result = member_import_xlsx(file=content, actor=superuser)
    assert codes(result) == ["file_too_large"]
    assert Member.objects.count() == 0


def test_a_file_that_unzips_too_large_is_refused(tree, superuser, monkeypatch):
    monkeypatch.setattr(reader, "MAX_UNZIPPED_BYTES", 2000)
    result = member_import_xlsx(file=xlsx(row()), actor=superuser)
    assert codes(result) == ["unzipped_too_large"]
    assert Member.objects.count() == 0


def test_too_many_rows_by_the_declared_dimension(tree, superuser, monkeypatch):
    rows = [
        row(姓名=f"人{n}", 公民身份号码=make_id_number(datetime.date(1980, 5, 6), n))
        for n in range(1, 5)
    ]
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    result = member_import_xlsx(file=xlsx(*rows), actor=superuser)
    assert codes(result) == ["too_many_rows"]
    assert Member.objects.count() == 0


def _without_dimension(content: bytes) -> bytes:
    """The same workbook with the sheet's <dimension> removed, as some programs write it."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index("<dimension")
                data = (text[:start] + text[text.index("/>", start) + 2 :]).encode()
            target.writestr(info, data)
    return buffer.getvalue()


def test_too_many_rows_counted_while_reading_when_the_dimension_is_missing(
    tree, superuser, monkeypatch
):
    rows = [
        row(姓名=f"人{n}", 公民身份号码=make_id_number(datetime.date(1980, 5, 6), n))
        for n in range(1, 5)
    ]
    content = _without_dimension(xlsx(*rows))
    assert member_import_xlsx(file=content, actor=superuser, dry_run=True).ok
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    result = member_import_xlsx(file=content, actor=superuser)
    assert codes(result) == ["too_many_rows"]
    assert Member.objects.count() == 0


@pytest.mark.parametrize(
    "headings",
    [["Name", "Sex", "ID"], ["", None], ["序号", "备注"]],
    ids=["english", "blank", "unknown"],
)
def test_a_file_without_recognisable_headings_is_refused(tree, superuser, headings):
    result = member_import_xlsx(file=xlsx(headings=headings), actor=superuser)
    assert codes(result) == ["no_headings"]
    assert "姓名" in result.errors[0].message


def test_missing_and_repeated_columns_are_each_reported(tree, superuser):
    content = xlsx(headings=["姓名", "性别", "姓名", "入党日期"])
    result = member_import_xlsx(file=content, actor=superuser)
    assert issue_map(result) == {
        (1, "姓名"): "column_duplicate",
        (1, "公民身份号码"): "column_missing",
        (1, "所在党组织"): "column_missing",
        (1, "人员类别"): "column_missing",
    }


def test_headings_only_is_an_empty_file(tree, superuser):
    result = member_import_xlsx(file=xlsx(headings=HEADINGS), actor=superuser)
    assert codes(result) == ["no_rows"]


# --- bad rows: every one reported, nothing written -----------------------------------------

BORN = datetime.date(1980, 5, 6)
ROW_CASES = {
    "bad date text": (row(入党日期="昨天"), "入党日期", "date_format"),
    "impossible date": (row(入党日期="2018-02-30"), "入党日期", "date_invalid"),
    "date as a bare number": (row(入党日期=43166), "入党日期", "date_format"),
    "mixed separators": (row(入党日期="2018-03/07"), "入党日期", "date_format"),
    "bad ID check character": (
        row(公民身份号码=with_bad_check_character(make_id_number(BORN, 1))),
        "公民身份号码",
        "id_number_checksum",
    ),
    "ID too short": (row(公民身份号码="43082119800506"), "公民身份号码", "id_number_format"),
    "ID with an impossible birth date": (
        row(
            公民身份号码=(lambda n: n + id_number_check_character(n))("43082119800230011"),
            出生日期="",
        ),
        "公民身份号码",
        "id_number_birth_date",
    ),
    "ID with a birth date in the future": (
        row(公民身份号码=make_id_number(datetime.date(2999, 1, 1), 1), 出生日期=""),
        "公民身份号码",
        "id_number_birth_date_future",
    ),
    "ID stored as a number": (
        row(公民身份号码=430821198005060111.0),
        "公民身份号码",
        "id_number_not_text",
    ),
    "birth date disagrees with the ID": (
        row(出生日期="1980-05-07"),
        "出生日期",
        "birth_date_mismatch",
    ),
    "sex disagrees with the ID": (row(性别="女"), "性别", "gender_mismatch"),
    "unknown sex": (row(性别="未知"), "性别", "invalid_choice"),
    "unknown category": (row(人员类别="群众"), "人员类别", "invalid_choice"),
    "bad flag": (row(失联="也许"), "失联", "invalid_boolean"),
    "blank name": (row(姓名=""), "姓名", "required"),
    "blank date of joining": (row(入党日期=None), "入党日期", "required"),
    "bad mobile": (row(手机号码="12345"), "手机号码", "mobile_format"),
    "probationary with a confirmation date": (
        row(人员类别="预备党员"),
        "转正日期",
        "probationary_confirmed",
    ),
    "confirmed before joining": (
        row(转正日期="2004-01-01"),
        "转正日期",
        "confirmed_not_probation_end",
    ),
    "confirmed a day after joining": (
        row(转正日期="2005-07-02"),
        "转正日期",
        "confirmed_not_probation_end",
    ),
    "joined in the future": (
        row(入党日期="2999-01-01", 转正日期=""),
        "入党日期",
        "joined_in_future",
    ),
    "joined under 18": (row(入党日期="1998-05-05", 转正日期=""), "入党日期", "joined_under_18"),
    "unknown organisation": (row(所在党组织="不存在支部"), "所在党组织", "organisation_not_found"),
    "organisation is a committee": (
        row(所在党组织="机关党委"),
        "所在党组织",
        "member_organisation_type",
    ),
    "name and code disagree": (
        row(所在党组织="二支部", 组织编码="T0004"),
        "所在党组织",
        "organisation_mismatch",
    ),
    "name too long": (row(姓名="张" * 51), "姓名", "max_length"),
}


@pytest.mark.parametrize("name", ROW_CASES)
def test_a_bad_row_rejects_the_file_and_is_reported(tree, superuser, name):
    bad, column, code = ROW_CASES[name]
    good = row(姓名="好人", 公民身份号码=make_id_number(datetime.date(1980, 5, 6), 7))
    result = member_import_xlsx(file=xlsx(good, bad), actor=superuser)
    assert not result.ok and result.created == 0
    assert issue_map(result) == {(3, column): code}, result.report_lines()
    assert all(issue.message and "（" not in issue.code for issue in result.errors)
    assert Member.objects.count() == 0


def test_every_bad_row_is_listed_with_row_column_reason_and_code(tree, superuser):
    rows = [
        row(),
        row(姓名="甲", 公民身份号码=make_id_number(BORN, 2), 入党日期="不知道"),
        row(姓名="乙", 公民身份号码=make_id_number(BORN, 3)),
        row(姓名="", 公民身份号码=make_id_number(BORN, 4), 性别="女", 所在党组织="无此组织"),
    ]
    result = member_import_xlsx(file=xlsx(*rows), actor=superuser)
    assert issue_map(result) == {
        (3, "入党日期"): "date_format",
        (5, "姓名"): "required",
        (5, "性别"): "gender_mismatch",
        (5, "所在党组织"): "organisation_not_found",
    }
    assert [issue.row for issue in result.errors] == [3, 5, 5, 5]
    line = result.report_lines()[0]
    assert line.startswith("第3行「入党日期」：") and line.endswith("（date_format）")
    assert Member.objects.count() == 0


def test_duplicate_id_numbers_within_the_file(tree, superuser):
    number = make_id_number(BORN, 1)
    rows = [row(), row(姓名="李四"), row(姓名="王五", 公民身份号码=number.replace("X", "x"))]
    result = member_import_xlsx(file=xlsx(*rows), actor=superuser)
    assert issue_map(result) == {
        (3, "公民身份号码"): "id_number_duplicate_in_file",
        (4, "公民身份号码"): "id_number_duplicate_in_file",
    }
    assert "第2行" in result.errors[0].message
    assert Member.objects.count() == 0


def test_duplicate_id_number_against_the_database(tree, superuser, make_member):
    existing = make_member("老党员", tree["third"])
    rows = [row(), row(姓名="李四", 公民身份号码=existing.id_number, 出生日期=None)]
    result = member_import_xlsx(file=xlsx(*rows), actor=superuser)
    assert issue_map(result) == {(3, "公民身份号码"): "id_number_duplicate"}
    assert "老党员" not in result.errors[0].message  # another subtree's member is not named
    assert Member.objects.count() == 1


def test_organisation_outside_the_actors_scope(tree, branch_admin):
    rows = [row(), row(姓名="李四", 公民身份号码=make_id_number(BORN, 2), 所在党组织="三支部")]
    result = member_import_xlsx(file=xlsx(*rows), actor=branch_admin)
    assert issue_map(result) == {(3, "所在党组织"): "organisation_out_of_scope"}
    result = member_import_xlsx(file=xlsx(row(组织编码="T0008")), actor=branch_admin)
    assert issue_map(result) == {(2, "组织编码"): "organisation_out_of_scope"}
    assert Member.objects.count() == 0
    assert member_import_xlsx(file=xlsx(row()), actor=branch_admin).ok


# --- export --------------------------------------------------------------------------------


def test_export_uses_the_import_headings_and_masks_by_default(tree, superuser, make_member):
    member = make_member("黄主才", tree["first"], phone="13812345678", job_post="502退休人员")
    rows = read_sheet(member_export_xlsx(user=superuser))
    assert list(rows[0]) == HEADINGS
    exported = dict(zip(HEADINGS, rows[1], strict=True))
    assert exported["公民身份号码"] == mask_identifier(member.id_number, kind="id_number")
    assert exported["手机号码"] == "138****5678"
    assert member.id_number[6:14] not in str(exported["公民身份号码"])
    assert exported["所在党组织"] == "一支部" and exported["组织编码"] == "T0004"
    assert exported["性别"] == "男" and exported["人员类别"] == "正式党员"
    assert exported["入党日期"] == datetime.datetime(1995, 7, 1)
    assert exported["失联"] == "否"
    assert not ModelLogEntry.objects.filter(action=IDENTITY_REVEAL_ACTION).exists()


def test_strings_that_look_like_formulas_are_written_as_text(tree, superuser, make_member):
    make_member("=1+1", tree["first"], employer="+86 工厂", school_major="-大学", job_post="@岗位")
    content = member_export_xlsx(user=superuser)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    cells = {sheet.cell(1, c).value: sheet.cell(2, c) for c in range(1, len(HEADINGS) + 1)}
    assert cells["姓名"].value == "=1+1" and cells["姓名"].data_type == "s"
    assert cells["工作单位"].value == "+86 工厂" and cells["工作单位"].data_type == "s"
    assert cells["毕业院校及专业"].value == "-大学" and cells["工作岗位"].value == "@岗位"


def test_unmasked_export_needs_the_permission(tree, branch_admin, make_member):
    make_member("张三", tree["first"])
    with pytest.raises(PermissionDenied):
        member_export_xlsx(user=branch_admin, reveal=True)
    assert not ModelLogEntry.objects.filter(action=IDENTITY_REVEAL_ACTION).exists()


def test_unmasked_export_shows_full_values_and_records_each_member(tree, branch_admin, make_member):
    grant(branch_admin, "view_full_identity")
    inside = [
        make_member("张三", tree["first"], phone="13812345678"),
        make_member("李四", tree["second"]),
    ]
    make_member("外人", tree["third"])
    rows = read_sheet(member_export_xlsx(user=branch_admin, reveal=True))
    exported = {r[0]: dict(zip(HEADINGS, r, strict=True)) for r in rows[1:]}
    assert set(exported) == {"张三", "李四"}
    assert exported["张三"]["公民身份号码"] == inside[0].id_number
    assert exported["张三"]["手机号码"] == "13812345678"
    entries = ModelLogEntry.objects.filter(action=IDENTITY_REVEAL_ACTION)
    assert sorted(int(e.object_id) for e in entries) == sorted(m.pk for m in inside)
    assert all(e.user_id == branch_admin.pk and e.data == {"context": "export"} for e in entries)


def test_export_is_scoped_to_the_users_subtree_and_narrowed_by_a_queryset(
    tree, branch_admin, superuser, make_member
):
    make_member("张三", tree["first"])
    make_member("李四", tree["group"])
    make_member("外人", tree["third"])
    names = [r[0] for r in read_sheet(member_export_xlsx(user=branch_admin))[1:]]
    assert sorted(names) == ["张三", "李四"]
    everyone = Member.objects.all()  # a queryset cannot widen the scope
    names = [r[0] for r in read_sheet(member_export_xlsx(user=branch_admin, queryset=everyone))[1:]]
    assert "外人" not in names
    narrowed = Member.objects.filter(organisation=tree["group"])
    names = [r[0] for r in read_sheet(member_export_xlsx(user=superuser, queryset=narrowed))[1:]]
    assert names == ["李四"]


def test_round_trip_of_an_unmasked_export_into_an_empty_register(tree, superuser, make_member):
    grant(superuser, "view_full_identity")
    make_member(
        "=1+1",
        tree["first"],
        ethnicity="回族",
        native_place="湖南慈利",
        phone="13812345678",
        home_address="+86 慈利县零阳镇",
        education="postgraduate",
        degree="master",
        school_major="-湘潭大学 法学",
        employer="@慈利县人民政府",
        job_post="502退休人员",
        confirmed_on=datetime.date(1996, 7, 1),
        standing="retained",
        is_lost_contact=True,
        is_abroad=True,
        is_mobile=True,
    )
    make_member("李四", tree["group"], category="probationary", ethnicity="", education="")
    make_member("王五", tree["third"], birth_date=datetime.date(1966, 12, 21))
    before = {m.id_number: {f: getattr(m, f) for f in DOSSIER_FIELDS} for m in Member.objects.all()}

    content = member_export_xlsx(user=superuser, reveal=True)
    Member.objects.all().delete()
    result = member_import_xlsx(file=content, actor=superuser)

    assert result.ok, result.report_lines()
    after = {m.id_number: {f: getattr(m, f) for f in DOSSIER_FIELDS} for m in Member.objects.all()}
    assert after == before


# --- the template --------------------------------------------------------------------------


def test_template_has_the_headings_and_imports_once_filled(tree, superuser):
    content = member_template_xlsx()
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADINGS
    assert "填写说明" in workbook.sheetnames
    assert sheet.data_validations.dataValidation  # lists for the choice columns
    values = row()
    for position, heading in enumerate(HEADINGS, start=1):
        sheet.cell(2, position, values.get(heading))
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = member_import_xlsx(file=buffer.getvalue(), actor=superuser)
    assert result.ok, result.report_lines()


# --- the command ---------------------------------------------------------------------------


@pytest.fixture
def run_command(monkeypatch):
    """Run ``manage.py import_members`` as from the shell and return its exit status.

    The command-line path closes every database connection when it ends, which would end the
    test's transaction on PostgreSQL; that one step is skipped here.
    """
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def _run(*args) -> int:
        try:
            execute_from_command_line(["manage.py", "import_members", *map(str, args)])
        except SystemExit as exit_:
            return exit_.code
        return 0

    return _run


def test_command_imports_a_good_file(tree, tmp_path, capsys, run_command):
    path = tmp_path / "党员.xlsx"
    path.write_bytes(xlsx(row(), row(姓名="李四", 公民身份号码=make_id_number(BORN, 2))))
    assert run_command(path, "--dry-run") == 0
    assert "2 名党员可以导入" in capsys.readouterr().out
    assert Member.objects.count() == 0
    assert run_command(path) == 0
    assert "已导入 2 名党员" in capsys.readouterr().out
    assert Member.objects.count() == 2


def test_command_exits_non_zero_and_prints_every_error(tree, tmp_path, capsys, run_command):
    path = tmp_path / "bad.xlsx"
    rows = [
        row(入党日期="去年"),
        row(姓名="李四", 公民身份号码=with_bad_check_character(make_id_number(BORN, 2))),
    ]
    path.write_bytes(xlsx(*rows))
    assert run_command(path) != 0
    err = capsys.readouterr().err
    assert "第2行「入党日期」" in err and "date_format" in err
    assert "第3行「公民身份号码」" in err and "id_number_checksum" in err
    assert "共 2 处错误" in err
    assert Member.objects.count() == 0


def test_command_refuses_a_file_that_is_not_xlsx(tree, tmp_path, capsys, run_command):
    path = tmp_path / "members.xlsx"
    path.write_bytes(PNG)
    assert run_command(path) != 0
    assert "file_not_xlsx" in capsys.readouterr().err
    assert run_command(tmp_path / "missing.xlsx") != 0
    assert "file_unreadable" in capsys.readouterr().err


def test_command_as_a_user_is_limited_to_their_scope(
    tree, branch_admin, tmp_path, capsys, run_command
):
    path = tmp_path / "out.xlsx"
    path.write_bytes(xlsx(row(所在党组织="三支部")))
    assert run_command(path, "--as", branch_admin.username) != 0
    assert "organisation_out_of_scope" in capsys.readouterr().err
    assert run_command(path) == 0  # as the system
    assert run_command(path, "--as", "nobody") != 0
    assert "nobody" in capsys.readouterr().err


# --- the admin pages -----------------------------------------------------------------------

INDEX = reverse("partybuild_excel_index")
IMPORT = reverse("partybuild_excel_member_import")
TEMPLATE = reverse("partybuild_excel_member_template")
EXPORT = reverse("partybuild_excel_member_export")


def upload(client, content: bytes, **data):
    file = io.BytesIO(content)
    file.name = "党员.xlsx"
    return client.post(IMPORT, {"file": file, **data})


def test_anonymous_visitors_are_sent_to_login(client, tree):
    for address in (INDEX, IMPORT, TEMPLATE, EXPORT):
        response = client.get(address)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))


def test_an_administrator_without_member_permissions_is_refused(client, make_admin, tree):
    client.force_login(make_admin("orgonly", tree["organ"]))
    for address in (IMPORT, TEMPLATE, EXPORT):
        assert client.get(address).status_code == 403
    html = client.get(INDEX).content.decode()
    assert "党组织信息" in html and "导入党员" not in html


def test_upload_page_offers_the_template_and_shows_the_report(admin_client, tree):
    html = admin_client.get(IMPORT).content.decode()
    assert TEMPLATE in html and "姓名、性别、公民身份号码、人员类别、入党日期、所在党组织" in html
    bad = with_bad_check_character(make_id_number(BORN, 1))
    response = upload(admin_client, xlsx(row(公民身份号码=bad, 入党日期="2018-13-01")))
    html = response.content.decode()
    assert response.status_code == 200
    assert "导入失败" in html and "未写入任何数据" in html
    assert "第2行" in html and "公民身份号码校验位不正确" in html and "id_number_checksum" in html
    assert "入党日期" in html and "date_invalid" in html
    assert Member.objects.count() == 0
    response = upload(admin_client, PNG)
    assert "file_not_xlsx" in response.content.decode()


def test_upload_page_dry_run_then_import(admin_client, tree):
    html = upload(admin_client, xlsx(row()), dry_run="on").content.decode()
    assert "检查通过" in html and Member.objects.count() == 0
    html = upload(admin_client, xlsx(row())).content.decode()
    assert "导入成功" in html and Member.objects.count() == 1


def test_scoped_administrator_uploads_within_their_subtree_only(client, branch_admin, tree):
    client.force_login(branch_admin)
    html = upload(client, xlsx(row(所在党组织="三支部"))).content.decode()
    assert "organisation_out_of_scope" in html and Member.objects.count() == 0
    upload(client, xlsx(row()))
    assert Member.objects.get().organisation == tree["first"]


def test_superuser_and_scoped_administrator_download_the_template(
    admin_client, client, branch_admin, tree
):
    for some_client in (admin_client, client):
        if some_client is client:
            client.force_login(branch_admin)
        response = some_client.get(TEMPLATE)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in response["Content-Disposition"]
        assert list(read_sheet(response.content)[0]) == HEADINGS


def test_scoped_administrators_export_contains_only_their_subtree(
    client, branch_admin, tree, make_member
):
    make_member("张三", tree["first"])
    make_member("外人", tree["third"])
    client.force_login(branch_admin)
    response = client.get(EXPORT)
    assert response.status_code == 200
    names = [r[0] for r in read_sheet(response.content)[1:]]
    assert names == ["张三"]
    response = client.get(EXPORT, {"organisation": tree["second"].pk})
    assert read_sheet(response.content)[1:] == []
    assert client.get(EXPORT, {"organisation": tree["third"].pk}).status_code == 404


def test_unmasked_export_in_the_admin_needs_post_and_the_permission(
    client, branch_admin, tree, make_member
):
    member = make_member("张三", tree["first"])
    client.force_login(branch_admin)
    assert "导出完整身份信息" not in client.get(INDEX).content.decode()
    assert client.post(EXPORT, {"reveal": "1"}).status_code == 403
    masked = read_sheet(client.get(EXPORT, {"reveal": "1"}).content)[1]
    assert member.id_number not in masked
    grant(branch_admin, "view_full_identity")
    assert "导出完整身份信息" in client.get(INDEX).content.decode()
    response = client.post(EXPORT, {"reveal": "1"})
    assert member.id_number in read_sheet(response.content)[1]
    assert ModelLogEntry.objects.filter(action=IDENTITY_REVEAL_ACTION).count() == 1


def test_menu_offers_excel_to_administrators(admin_client, tree):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar is rendered from JSON, where non-ASCII text is \u-escaped.
    assert INDEX in html
    assert "Excel导入导出".encode("unicode_escape").decode() in html

"""站点历史 (Wagtail's site history report) and its CSV/XLSX export, scoped to the subtree.

A branch administrator sees the entries about objects of their own subtree (a member's identity
reveal, a candidate's record, a transfer reaching their branch), never another branch's; a
superuser sees every entry.
"""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from partybuild.models import Member, User
from partybuild.recruitment.models import Candidate
from partybuild.services.audit import audit_record, identity_reveal_record
from partybuild.services.transfers import transfer_start

pytestmark = pytest.mark.django_db

HISTORY = reverse("wagtailadmin_reports:site_history")
HISTORY_RESULTS = reverse("wagtailadmin_reports:site_history_results")

#: Labels of the entries a 一支部 administrator may see, and of those they must not.
OWN = ("李一支", "钱一支", "周三支")
OTHERS = ("赵三支", "孙三支", "吴三支")


def make_member(name: str, organisation) -> Member:
    return Member.objects.create(
        name=name,
        organisation=organisation,
        gender="male",
        joined_on=datetime.date(2010, 7, 1),
    )


def make_candidate(name: str, organisation) -> Candidate:
    return Candidate.objects.create(
        name=name, gender="female", birth_date=datetime.date(1995, 1, 1), organisation=organisation
    )


def log_candidate(candidate: Candidate, actor) -> None:
    audit_record(
        instance=candidate,
        action="partybuild.recruitment.update",
        actor=actor,
        data={"fields": ["name"]},
    )


@pytest.fixture
def entries(tree, superuser):
    """Entries of 一支部 and of 三支部 (another 党委's branch), written by the superuser."""
    first, third = tree["first"], tree["third"]
    identity_reveal_record(
        actor=superuser,
        members=[make_member("李一支", first), make_member("赵三支", third)],
        context="inspect",
    )
    log_candidate(make_candidate("钱一支", first), superuser)
    log_candidate(make_candidate("孙三支", third), superuser)
    # A transfer from 三支部 into 一支部 concerns both ends; one from 三支部 to 二支部 does not
    # concern 一支部.
    transfer_start(member=make_member("周三支", third), to_organisation=first, actor=None)
    transfer_start(member=make_member("吴三支", third), to_organisation=tree["second"], actor=None)


@pytest.fixture
def branch_admin(make_admin, tree):
    """The administrator of 一支部, allowed to view members, candidates and transfers."""
    user = make_admin("first_admin", tree["first"])
    user.groups.first().permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "view_member",
                "view_candidate",
                "view_transfer",
                "change_transfer",
                "view_audit_log",
            ],
        )
    )
    return user


@pytest.fixture
def branch_client(client, branch_admin):
    client.force_login(branch_admin)
    return client


def test_branch_administrator_sees_only_their_subtrees_entries(
    client, superuser, branch_admin, entries
):
    client.force_login(superuser)
    html = client.get(HISTORY).content.decode()
    for label in OWN + OTHERS:  # a superuser sees every entry
        assert label in html
    client.force_login(branch_admin)
    branch_client = client
    response = branch_client.get(HISTORY)
    assert response.status_code == 200
    html = response.content.decode()
    for label in OWN:
        assert label in html
    for label in OTHERS:
        assert label not in html
    # The results-only view (filtering without reloading the page) is scoped the same way.
    results = branch_client.get(HISTORY_RESULTS).content.decode()
    assert "李一支" in results
    assert "赵三支" not in results
    assert "孙三支" not in results


def test_another_branchs_identity_reveal_is_not_found_by_filtering(branch_client, entries):
    html = branch_client.get(
        HISTORY, {"action": "partybuild.identity_reveal", "label": "三支"}
    ).content.decode()
    assert "赵三支" not in html
    html = branch_client.get(
        HISTORY, {"action": "partybuild.identity_reveal", "label": "一支"}
    ).content.decode()
    assert "李一支" in html


def test_filter_choices_do_not_name_other_branches_people(branch_client, entries, make_admin, tree):
    """The 用户 filter lists only the people whose entries the administrator may see."""
    other = make_admin("third_secretary_wang", tree["third"])
    identity_reveal_record(
        actor=other, members=Member.objects.filter(name="赵三支"), context="inspect"
    )
    html = branch_client.get(HISTORY).content.decode()
    assert "third_secretary_wang" not in html


def export_text(client, export_format: str) -> str:
    response = client.get(HISTORY, {"export": export_format})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        return content.decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(content)).active
    return "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_export_is_scoped(branch_client, entries, export_format):
    text = export_text(branch_client, export_format)
    for label in OWN:
        assert label in text
    for label in OTHERS:
        assert label not in text


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_superuser_exports_every_entry(client, superuser, branch_admin, entries, export_format):
    client.force_login(branch_admin)
    assert "赵三支" not in export_text(client, export_format)
    client.force_login(superuser)
    text = export_text(client, export_format)
    for label in OWN + OTHERS:
        assert label in text


def test_entries_about_objects_without_a_place_in_the_tree_are_for_superusers(
    client, superuser, branch_admin, entries, tree
):
    """A deleted candidate (its organisation can no longer be found) cannot be placed."""
    gone = make_candidate("郑一支", tree["first"])
    log_candidate(gone, None)
    gone.delete()
    client.force_login(branch_admin)
    assert "郑一支" not in client.get(HISTORY).content.decode()
    client.force_login(superuser)
    assert "郑一支" in client.get(HISTORY).content.decode()


def test_an_administrator_without_an_organisation_sees_no_register_entries(
    client, entries, branch_admin
):
    branch_admin.role_assignments.all().delete()
    client.force_login(branch_admin)
    html = client.get(HISTORY).content.decode()
    for label in OWN + OTHERS:
        assert label not in html


def test_query_count_does_not_grow_with_the_page(
    branch_client, entries, tree, superuser, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as few:
        assert branch_client.get(HISTORY).status_code == 200
    baseline = len(few.captured_queries)
    for n in range(15):  # 30 more entries, all on the first page (50 a page) with the others
        log_candidate(make_candidate(f"一支候选{n}", tree["first"]), superuser)
        identity_reveal_record(
            actor=superuser, members=[make_member(f"一支党员{n}", tree["first"])], context="x"
        )
    with django_assert_max_num_queries(baseline) as many:
        html = branch_client.get(HISTORY).content.decode()
    assert "一支候选14" in html and "一支党员14" in html
    assert "赵三支" not in html
    assert len(many.captured_queries) <= baseline


def test_the_audit_log_is_the_auditors(client, tree, superuser, entries):
    """三员分立: 站点历史 needs the audit log permission. A 党组织管理员 or 系统管理员 is refused it
    (and not shown it in 报告); an 审计管理员 of the whole tree reads every entry, those about
    roles (which have no place in the tree) and pages included, and exports them."""
    from partybuild.services.roles import role_create
    from tests.conftest import assign_role

    role_create(actor=superuser, code="auditable", name="被审计的角色")
    for code in ("org_admin", "system_admin"):
        admin = User.objects.create_user(username=code, password="x", name=code)
        assign_role(admin, code, tree["county"])
        client.force_login(admin)
        assert client.get(HISTORY).status_code in (302, 403)
        assert client.get(HISTORY, {"export": "csv"}).status_code in (302, 403)
        assert HISTORY not in client.get(reverse("wagtailadmin_home")).content.decode()
    auditor = User.objects.create_user(username="auditor", password="x", name="审计员")
    assign_role(auditor, "audit_admin", tree["county"])
    client.force_login(auditor)
    html = client.get(HISTORY).content.decode()
    for label in (*OWN, *OTHERS, "被审计的角色"):
        assert label in html
    assert HISTORY in client.get(reverse("wagtailadmin_home")).content.decode()
    text = export_text(client, "xlsx")
    assert "被审计的角色" in text and "赵三支" in text


def test_a_branch_auditor_reads_only_the_branchs_entries(client, tree, entries):
    from tests.conftest import assign_role

    auditor = User.objects.create_user(username="branch_auditor", password="x", name="支部审计")
    assign_role(auditor, "audit_admin", tree["first"])
    client.force_login(auditor)
    html = client.get(HISTORY).content.decode()
    for label in OWN:
        assert label in html
    for label in OTHERS:
        assert label not in html

"""Per-organisation folders and groups (made by creating or importing organisations, in a
bounded number of queries), and the wall between branches in the admin."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page

from content.branch_subtrees import (
    FOLDERS,
    organisation_folders,
    organisation_subtree_ensure,
    organisation_subtree_remove,
    organisation_subtrees_ensure,
    organisation_subtrees_ensure_all,
)
from content.models import (
    DisclosureIndexPage,
    DisclosurePage,
    OrganisationContentGroups,
    OrganisationDisclosureIndexPage,
    OrganisationRegulationIndexPage,
    RegulationIndexPage,
)
from content.page_tree import pages_add_children
from partybuild.models import Organisation
from partybuild.services import imports
from partybuild.services.imports import organisation_import_xlsx
from partybuild.services.organisations import organisation_delete, organisation_update

pytestmark = pytest.mark.django_db


def test_creating_an_organisation_creates_its_folders_and_groups(make_org, tree):
    branch = make_org("新建支部", "branch", tree["organ"])
    regulation = OrganisationRegulationIndexPage.objects.get(organisation=branch)
    disclosure = OrganisationDisclosureIndexPage.objects.get(organisation=branch)
    assert regulation.title == disclosure.title == "新建支部"
    assert regulation.get_parent().specific.__class__.__name__ == "RegulationIndexPage"
    assert regulation.live and disclosure.live
    folders = organisation_folders(organisation=branch)
    assert [folder.get_parent().specific_class.__name__ for folder in folders] == [
        "RegulationIndexPage",
        "DisclosureIndexPage",
        "NoticeIndexPage",
        "DynamicIndexPage",
    ]
    assert all(folder.live and folder.title == "新建支部" for folder in folders)
    groups = OrganisationContentGroups.objects.get(organisation=branch)
    assert groups.editors.name == f"新建支部（{branch.code}）编辑"
    assert groups.secretaries.name == f"新建支部（{branch.code}）书记"
    for group in (groups.editors, groups.secretaries):
        perms = set(
            GroupPagePermission.objects.filter(group=group).values_list(
                "page_id", "permission__codename"
            )
        )
        assert perms == {
            (folder.pk, codename) for folder in folders for codename in ("add_page", "change_page")
        }, "no publish permission for branch groups"


def test_groups_get_no_folder(tree):
    assert not OrganisationDisclosureIndexPage.objects.filter(organisation=tree["group"]).exists()
    assert not OrganisationContentGroups.objects.filter(organisation=tree["group"]).exists()


def test_renaming_renames_folders_and_groups(tree):
    organisation_update(organisation=tree["first"], actor=None, data={"name": "第一党支部"})
    assert (
        OrganisationDisclosureIndexPage.objects.get(organisation=tree["first"]).title
        == "第一党支部"
    )
    assert (
        OrganisationRegulationIndexPage.objects.get(organisation=tree["first"]).title
        == "第一党支部"
    )
    groups = OrganisationContentGroups.objects.get(organisation=tree["first"])
    assert groups.editors.name.startswith("第一党支部（")


def test_ensure_is_idempotent(tree):
    before = (
        OrganisationDisclosureIndexPage.objects.count(),
        Group.objects.count(),
        GroupPagePermission.objects.count(),
    )
    organisation_subtree_ensure(organisation=tree["first"])
    organisation_subtree_ensure(organisation=tree["first"])
    after = (
        OrganisationDisclosureIndexPage.objects.count(),
        Group.objects.count(),
        GroupPagePermission.objects.count(),
    )
    assert before == after


def test_deleting_an_organisation_removes_empty_folders_and_refuses_with_articles(
    tree, publish_disclosure
):
    organisation_delete(organisation=tree["group"], actor=None)  # no folders: fine
    publish_disclosure(tree["second"], "二支部公示")
    with pytest.raises(ValidationError, match="党建动态栏目中还有1篇文章"):
        organisation_delete(organisation=tree["second"], actor=None)
    assert OrganisationDisclosureIndexPage.objects.filter(organisation=tree["second"]).exists()

    third_groups = OrganisationContentGroups.objects.get(organisation=tree["third"])
    group_ids = [third_groups.editors_id, third_groups.secretaries_id]
    organisation_delete(organisation=tree["third"], actor=None)
    assert not OrganisationDisclosureIndexPage.objects.filter(
        organisation_id=tree["third"].pk
    ).exists()
    assert not Group.objects.filter(pk__in=group_ids).exists()


def test_branch_editor_cannot_see_or_edit_other_branches_pages(
    client, branches, branch_editor, disclosure_folder
):
    folder_b = disclosure_folder(branches["b"])
    draft_b = DisclosurePage(title="二支部草稿公示", slug="b-draft")
    folder_b.add_child(instance=draft_b)
    draft_b.save_revision()
    own_folder = disclosure_folder(branches["a"])

    client.force_login(branch_editor)
    assert client.get(reverse("wagtailadmin_explore", args=[own_folder.pk])).status_code == 200
    # Wagtail lets them walk past B's folder (it sits under a shared section) but lists nothing
    # in it: B's draft is neither shown nor reachable.
    response = client.get(reverse("wagtailadmin_explore", args=[folder_b.pk]), follow=True)
    assert "二支部草稿公示" not in response.content.decode()
    response = client.get(reverse("wagtailadmin_pages:edit", args=[draft_b.pk]))
    assert response.status_code in (302, 403)
    assert "二支部草稿公示" not in response.content.decode()
    add_in_b = reverse("wagtailadmin_pages:add", args=["content", "disclosurepage", folder_b.pk])
    assert client.get(add_in_b).status_code in (302, 403)
    search = client.get(reverse("wagtailadmin_pages:search"), {"q": "二支部草稿公示"})
    assert "b-draft" not in search.content.decode()
    client.post(reverse("wagtailadmin_pages:delete", args=[draft_b.pk]))
    assert DisclosurePage.objects.filter(pk=draft_b.pk).exists()


#: Queries to create one organisation with its folders and groups: the same bound for the first
#: and the twentieth organisation (the grants are bulk inserts, the lookups made once per call);
#: what grows is one Wagtail tree insertion per folder.
MAX_QUERIES_PER_ORGANISATION = 50 * len(FOLDERS)


def test_creating_an_organisation_takes_a_bounded_number_of_queries(
    make_org, tree, django_assert_max_num_queries
):
    for number in range(1, 21):
        with django_assert_max_num_queries(MAX_QUERIES_PER_ORGANISATION):
            branch = make_org(f"第{number}支部", "branch", tree["organ"])
    assert len(organisation_folders(organisation=branch)) == len(FOLDERS)


def grants(organisation) -> dict[str, set]:
    """What each of the organisation's groups may do, with folders named by their section."""
    record = OrganisationContentGroups.objects.get(organisation=organisation)
    result = {}
    for role, group in (("editors", record.editors), ("secretaries", record.secretaries)):
        result[role] = {
            "permissions": set(group.permissions.values_list("codename", flat=True)),
            "pages": set(
                GroupPagePermission.objects.filter(group=group).values_list(
                    "page__content_type__model", "permission__codename"
                )
            ),
            "collections": set(
                GroupCollectionPermission.objects.filter(group=group).values_list(
                    "collection__depth", "permission__codename"
                )
            ),
        }
    return result


def import_file(*rows: tuple[str, str, str, str]) -> bytes:
    workbook = Workbook()
    workbook.active.append(["党组织名称", "组织编码", "组织类别", "上级党组织"])
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_imported_organisations_get_the_folders_and_groups_of_created_ones(tree, superuser):
    file = import_file(
        ("甲支部", "B1", "党支部", "新总支"),
        ("新总支", "N1", "党总支", "机关党委"),
        ("甲小组", "G1", "党小组", "甲支部"),
    )
    result = organisation_import_xlsx(file=file, actor=superuser)
    assert result.ok, result.report_lines()
    general, branch = Organisation.objects.get(code="N1"), Organisation.objects.get(code="B1")
    for organisation in (general, branch):
        folders = organisation_folders(organisation=organisation)
        assert [(f.title, f.slug, f.live) for f in folders] == [
            (organisation.name, organisation.code.lower(), True)
        ] * len(FOLDERS)
        assert [f.get_parent().specific_class.__name__ for f in folders] == [
            "RegulationIndexPage",
            "DisclosureIndexPage",
            "NoticeIndexPage",
            "DynamicIndexPage",
        ]
        assert grants(organisation) == grants(tree["second"])
        assert grants(organisation)["editors"] == {
            "permissions": {"access_admin"},
            "pages": {
                ("organisationregulationindexpage", "add_page"),
                ("organisationregulationindexpage", "change_page"),
                ("organisationdisclosureindexpage", "add_page"),
                ("organisationdisclosureindexpage", "change_page"),
                ("organisationnoticeindexpage", "add_page"),
                ("organisationnoticeindexpage", "change_page"),
                ("organisationdynamicindexpage", "add_page"),
                ("organisationdynamicindexpage", "change_page"),
            },
            "collections": {
                (1, "add_image"),
                (1, "choose_image"),
                (1, "add_document"),
                (1, "choose_document"),
            },
        }
    record = OrganisationContentGroups.objects.get(organisation=branch)
    assert record.editors.name == "甲支部（B1）编辑"
    assert record.secretaries.name == "甲支部（B1）书记"
    assert not OrganisationContentGroups.objects.filter(organisation__code="G1").exists()


def test_a_refused_import_leaves_no_folders_or_groups(tree, superuser, monkeypatch):
    real_create = imports.organisation_create

    def refusing_create(*, parent, actor, **fields):
        if fields["code"] == "B1":
            raise ValidationError({"parent": ValidationError("拒绝。", code="refused")})
        return real_create(parent=parent, actor=actor, **fields)

    monkeypatch.setattr(imports, "organisation_create", refusing_create)
    before = (Group.objects.count(), GroupPagePermission.objects.count(), Page.objects.count())
    file = import_file(
        ("新总支", "N1", "党总支", "机关党委"),  # created, then rolled back with its subtree
        ("甲支部", "B1", "党支部", "新总支"),
    )
    result = organisation_import_xlsx(file=file, actor=superuser)
    assert not result.ok
    assert not Organisation.objects.filter(code__in=["N1", "B1"]).exists()
    after = (Group.objects.count(), GroupPagePermission.objects.count(), Page.objects.count())
    assert after == before


def _without_subtrees(organisations) -> list[Organisation]:
    """``organisations`` with their folders and groups removed, as if loaded in bulk before the
    folders existed (what ``migrate`` then completes)."""
    for organisation in organisations:
        organisation_subtree_remove(organisation=organisation)
    return list(organisations)


def _branches(make_org, parent, count: int, start: int) -> list[Organisation]:
    return [make_org(f"批量{n}支部", "branch", parent) for n in range(start, start + count)]


def test_missing_folders_of_many_organisations_take_the_queries_of_one(
    make_org, tree, django_assert_max_num_queries
):
    few = _without_subtrees(_branches(make_org, tree["organ"], 2, 1))
    many = _without_subtrees(_branches(make_org, tree["organ"], 12, 10))
    with django_assert_max_num_queries(200) as for_few:
        organisation_subtrees_ensure(organisations=few)
    with django_assert_max_num_queries(len(for_few.captured_queries)):
        organisation_subtrees_ensure(organisations=many)
    for organisation in few + many:
        assert [f.title for f in organisation_folders(organisation=organisation)] == [
            organisation.name
        ] * len(FOLDERS)
    assert Page.find_problems() == ([], [], [], [], [])


def test_folders_made_in_bulk_are_the_pages_wagtail_makes(make_org, tree):
    """Every column but the identity ones is what ``add_child`` writes, and the tree accepts
    further children after them."""
    section = RegulationIndexPage.objects.get()
    branch = _without_subtrees([make_org("对照支部", "branch", tree["organ"])])[0]
    by_wagtail = section.add_child(
        instance=OrganisationRegulationIndexPage(
            title="对照", slug="by-wagtail", organisation=branch
        )
    )
    [by_bulk] = pages_add_children(
        parent=section,
        pages=[OrganisationRegulationIndexPage(title="对照", slug="by-bulk", organisation=branch)],
    )
    identity = {"id", "page_ptr_id", "path", "slug", "url_path", "translation_key"}

    def columns(page):
        page = OrganisationRegulationIndexPage.objects.get(pk=page.pk)
        return {
            field.attname: getattr(page, field.attname)
            for field in page._meta.concrete_fields
            if field.attname not in identity
        }

    assert columns(by_bulk) == columns(by_wagtail)
    assert by_bulk.url_path == f"{section.url_path}by-bulk/"
    assert by_bulk.path > by_wagtail.path
    section.refresh_from_db()
    assert section.numchild == section.get_children().count()
    section.add_child(
        instance=OrganisationRegulationIndexPage(title="之后", slug="after", organisation=branch)
    )
    assert Page.find_problems() == ([], [], [], [], [])
    found = {page.pk for page in Page.objects.search("对照")}
    assert {by_wagtail.pk, by_bulk.pk} <= found


def test_a_folder_whose_slug_a_sibling_has_gets_a_numbered_one(make_org, tree):
    """Before, the folder's full clean refused the slug and the organisation's creation (or the
    whole ``migrate``) failed."""
    section = DisclosureIndexPage.objects.get()
    section.add_child(
        instance=OrganisationDisclosureIndexPage(
            title="先建的栏目", slug="zz9", organisation=tree["second"]
        )
    )
    branch = make_org("撞名支部", "branch", tree["organ"], code="ZZ9")
    folder = OrganisationDisclosureIndexPage.objects.get(organisation=branch)
    assert folder.slug == "zz9-2"
    assert folder.url_path == f"{section.url_path}zz9-2/"


def test_after_migrate_only_organisations_lacking_a_subtree_are_completed(
    make_org, tree, django_assert_num_queries
):
    """What ``migrate`` runs: with nothing missing it reads one query (it rebuilt every
    organisation's grants on each ``migrate``: 37 s at a million members); the organisations
    loaded without folders, or renamed by a bulk update, are completed."""
    with django_assert_num_queries(1):
        assert organisation_subtrees_ensure_all() == 0
    bare = _without_subtrees(_branches(make_org, tree["organ"], 3, 1))
    Organisation.objects.filter(pk=tree["second"].pk).update(name="二支部（更名）")
    assert organisation_subtrees_ensure_all() == 4
    for organisation in bare:
        assert len(organisation_folders(organisation=organisation)) == len(FOLDERS)
        assert OrganisationContentGroups.objects.filter(organisation=organisation).exists()
    assert {f.title for f in organisation_folders(organisation=tree["second"])} == {
        "二支部（更名）"
    }
    assert organisation_subtrees_ensure_all() == 0

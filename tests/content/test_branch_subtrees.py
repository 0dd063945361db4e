"""Per-organisation folders and groups, and the wall between branches in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import GroupPagePermission

from content.branch_subtrees import organisation_subtree_ensure
from content.models import (
    DisclosurePage,
    OrganisationContentGroups,
    OrganisationDisclosureIndexPage,
    OrganisationRegulationIndexPage,
)
from partybuild.services.organisations import organisation_delete, organisation_update

pytestmark = pytest.mark.django_db


def test_creating_an_organisation_creates_its_folders_and_groups(make_org, tree):
    branch = make_org("新建支部", "branch", tree["organ"])
    regulation = OrganisationRegulationIndexPage.objects.get(organisation=branch)
    disclosure = OrganisationDisclosureIndexPage.objects.get(organisation=branch)
    assert regulation.title == disclosure.title == "新建支部"
    assert regulation.get_parent().specific.__class__.__name__ == "RegulationIndexPage"
    assert regulation.live and disclosure.live
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
            (regulation.pk, "add_page"),
            (regulation.pk, "change_page"),
            (disclosure.pk, "add_page"),
            (disclosure.pk, "change_page"),
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
    with pytest.raises(ValidationError, match="事务公开中还有1篇文章"):
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


def test_demo_organisations_get_subtrees(db):
    from django.core.management import call_command

    call_command("load_demo")
    from partybuild.models import Organisation

    branch = Organisation.objects.get(code="CL040201")
    assert (
        OrganisationDisclosureIndexPage.objects.get(organisation=branch).title == "办公室支部委员会"
    )
    assert (
        OrganisationContentGroups.objects.filter(organisation__code__startswith="CL").count() == 15
    )

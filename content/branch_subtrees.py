"""Per-organisation subtrees: folders under 制度建设 and 事务公开, and the 编辑/书记 groups.

Every 党委, 党总支 and 党支部 gets, idempotently (docs/architecture.md, "Content"):
- a folder page under each of the two sections, titled with the organisation's name;
- a 编辑 group (add and edit pages in those folders, never publish) and a 书记 group (the same
  page permissions, which is what lets BranchApprovalTask accept them as step-1 moderators of
  exactly these pages; secretaries are also put in the site-wide 支部书记 role group).
Renaming the organisation renames the folders and groups. Runs from signals (content/signals.py).
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from content.models import (
    DisclosureIndexPage,
    OrganisationContentGroups,
    OrganisationDisclosureIndexPage,
    OrganisationRegulationIndexPage,
    RegulationIndexPage,
)
from content.models.organisation_pages import DisclosurePage, RegulationPage
from partybuild.models import Organisation, OrganisationType

SUBTREE_TYPES = {
    OrganisationType.COMMITTEE,
    OrganisationType.GENERAL_BRANCH,
    OrganisationType.BRANCH,
}
FOLDERS = (
    (RegulationIndexPage, OrganisationRegulationIndexPage),
    (DisclosureIndexPage, OrganisationDisclosureIndexPage),
)
PAGE_PERMISSIONS = ("add_page", "change_page")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)


def _group_names(organisation: Organisation) -> tuple[str, str]:
    label = f"{organisation.name}（{organisation.code}）"
    return f"{label}编辑", f"{label}书记"


def _folder_slug(organisation: Organisation) -> str:
    return slugify(organisation.code) or f"org-{organisation.pk}"


def organisation_folders(*, organisation: Organisation) -> list[Page]:
    """The organisation's folder pages (zero, one or two)."""
    folders: list[Page] = []
    for _section_model, folder_model in FOLDERS:
        folders += list(folder_model.objects.filter(organisation=organisation))
    return folders


@transaction.atomic
def organisation_subtree_ensure(*, organisation: Organisation) -> list[Page]:
    """Create or rename the organisation's folders and groups; returns the folders."""
    if organisation.org_type not in SUBTREE_TYPES:
        return []
    folders = []
    for section_model, folder_model in FOLDERS:
        section = section_model.objects.first()
        if section is None:  # the sections are created by migration; absent only mid-migration
            continue
        folder = folder_model.objects.filter(organisation=organisation).first()
        if folder is None:
            folder = folder_model(
                title=organisation.name, slug=_folder_slug(organisation), organisation=organisation
            )
            section.add_child(instance=folder)
        elif folder.title != organisation.name:
            folder.title = folder.draft_title = organisation.name
            folder.save(update_fields=["title", "draft_title"])
        folders.append(folder)
    _groups_ensure(organisation=organisation, folders=folders)
    return folders


def _groups_ensure(*, organisation: Organisation, folders: list[Page]) -> OrganisationContentGroups:
    editors_name, secretaries_name = _group_names(organisation)
    record = OrganisationContentGroups.objects.filter(organisation=organisation).first()
    if record is None:
        record = OrganisationContentGroups.objects.create(
            organisation=organisation,
            editors=Group.objects.get_or_create(name=editors_name)[0],
            secretaries=Group.objects.get_or_create(name=secretaries_name)[0],
        )
    for group, name in ((record.editors, editors_name), (record.secretaries, secretaries_name)):
        if group.name != name:
            group.name = name
            group.save(update_fields=["name"])
        _grant(group=group, folders=folders)
    return record


def _grant(*, group: Group, folders: list[Page]) -> None:
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    page_permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
    )
    for folder in folders:
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=folder, permission=permission
            )
    root_collection = Collection.get_first_root_node()
    for app_label, codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=root_collection,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )


@transaction.atomic
def organisation_subtree_remove(*, organisation: Organisation) -> None:
    """Delete an organisation's empty folders and its groups; refuse while articles remain."""
    folders = organisation_folders(organisation=organisation)
    article_count = sum(
        model.objects.filter(organisation=organisation).count()
        for model in (RegulationPage, DisclosurePage)
    )
    if article_count:
        raise ValidationError(
            _("不能删除党组织「%(name)s」：制度建设和事务公开中还有%(count)d篇文章。"),
            code="organisation_has_pages",
            params={"name": organisation.name, "count": article_count},
        )
    for folder in folders:
        folder.delete()
    record = OrganisationContentGroups.objects.filter(organisation=organisation).first()
    if record is not None:
        groups = [record.editors, record.secretaries]
        record.delete()
        for group in groups:
            group.delete()


def organisation_subtrees_ensure_all() -> int:
    """Ensure every organisation's subtree; returns how many organisations were processed."""
    organisations = Organisation.objects.filter(org_type__in=SUBTREE_TYPES).order_by("path")
    for organisation in organisations:
        organisation_subtree_ensure(organisation=organisation)
    return len(organisations)

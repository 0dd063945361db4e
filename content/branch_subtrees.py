"""Per-organisation subtrees: folders under 制度建设, 事务公开, 通知公告 and 党建动态, and the
编辑/书记 groups.

Every 党委, 党总支 and 党支部 gets, idempotently (docs/architecture.md, "Content"):
- a folder page under each of the four sections, titled with the organisation's name (what a
  notice or dynamic in it may address: content/branch_publishing.py);
- a 编辑 group (add and edit pages in those folders, never publish) and a 书记 group (the same
  page permissions, which is what lets BranchApprovalTask accept them as step-1 moderators of
  exactly these pages; secretaries are also put in the site-wide 支部书记 role group).
Renaming the organisation renames the folders and groups. Runs from signals (content/signals.py).
"""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from content.models import (
    DisclosureIndexPage,
    DynamicIndexPage,
    NoticeIndexPage,
    OrganisationContentGroups,
    OrganisationDisclosureIndexPage,
    OrganisationDynamicIndexPage,
    OrganisationNoticeIndexPage,
    OrganisationRegulationIndexPage,
    RegulationIndexPage,
)
from content.page_tree import pages_add_children
from content.role_groups import content_groups_sync_for_new_organisations
from partybuild.models import Organisation, OrganisationType

SUBTREE_TYPES = {
    OrganisationType.COMMITTEE,
    OrganisationType.GENERAL_BRANCH,
    OrganisationType.BRANCH,
}
FOLDERS = (
    (RegulationIndexPage, OrganisationRegulationIndexPage),
    (DisclosureIndexPage, OrganisationDisclosureIndexPage),
    (NoticeIndexPage, OrganisationNoticeIndexPage),
    (DynamicIndexPage, OrganisationDynamicIndexPage),
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
    """The organisation's folder pages (zero to four)."""
    folders: list[Page] = []
    for _section_model, folder_model in FOLDERS:
        folders += list(folder_model.objects.filter(organisation=organisation))
    return folders


def organisation_subtree_ensure(*, organisation: Organisation) -> list[Page]:
    """Create or rename the organisation's folders and groups; returns the folders."""
    return organisation_subtrees_ensure(organisations=[organisation]).get(organisation.pk, [])


@transaction.atomic
def organisation_subtrees_ensure(*, organisations: Iterable[Organisation]) -> dict[int, list[Page]]:
    """Create or rename the folders and groups of ``organisations``; returns folders by pk.

    The number of queries does not grow with the number of organisations, apart from renaming
    what was renamed: the missing folders are inserted in bulk (content/page_tree.py), lookups
    and grants are made once for all of them (bulk inserts that skip rows already there).
    """
    by_pk = {o.pk: o for o in organisations if o.org_type in SUBTREE_TYPES}
    if not by_pk:
        return {}
    subtree_organisations = list(by_pk.values())
    folders: dict[int, list[Page]] = {pk: [] for pk in by_pk}
    created: dict[int, Organisation] = {}
    for section_model, folder_model in FOLDERS:
        section = section_model.objects.first()
        if section is None:  # the sections are created by migration; absent only mid-migration
            continue
        existing: dict[int, Page] = {}
        for folder in folder_model.objects.filter(organisation__in=subtree_organisations):
            existing.setdefault(folder.organisation_id, folder)
        missing = []
        for organisation in subtree_organisations:
            folder = existing.get(organisation.pk)
            if folder is None:
                created[organisation.pk] = organisation
                folder = folder_model(
                    title=organisation.name,
                    slug=_folder_slug(organisation),
                    organisation=organisation,
                )
                missing.append(folder)
            elif folder.title != organisation.name:
                folder.title = folder.draft_title = organisation.name
                folder.save(update_fields=["title", "draft_title"])
            folders[organisation.pk].append(folder)
        pages_add_children(parent=section, pages=missing)
    records = _groups_ensure(organisations=subtree_organisations)
    _grant(records=records, folders=folders)
    if created:
        content_groups_sync_for_new_organisations(organisations=list(created.values()))
    return folders


def _groups_ensure(*, organisations: list[Organisation]) -> list[OrganisationContentGroups]:
    """Each organisation's record of its two groups, created (reusing groups of the same name,
    as get_or_create would) or with the groups renamed after the organisation."""
    records = {
        record.organisation_id: record
        for record in OrganisationContentGroups.objects.filter(
            organisation__in=organisations
        ).select_related("editors", "secretaries")
    }
    missing = [o for o in organisations if o.pk not in records]
    if missing:
        groups = _groups_by_name([name for o in missing for name in _group_names(o)])
        new_records = []
        for organisation in missing:
            editors_name, secretaries_name = _group_names(organisation)
            new_records.append(
                OrganisationContentGroups(
                    organisation=organisation,
                    editors=groups[editors_name],
                    secretaries=groups[secretaries_name],
                )
            )
        for record in OrganisationContentGroups.objects.bulk_create(new_records):
            records[record.organisation_id] = record
    for organisation in organisations:
        record = records[organisation.pk]
        for group, name in zip(
            (record.editors, record.secretaries), _group_names(organisation), strict=True
        ):
            if group.name != name:
                group.name = name
                group.save(update_fields=["name"])
    return [records[o.pk] for o in organisations]


def _groups_by_name(names: list[str]) -> dict[str, Group]:
    """The groups called ``names``, creating those that do not exist."""
    groups = {group.name: group for group in Group.objects.filter(name__in=names)}
    created = Group.objects.bulk_create([Group(name=n) for n in names if n not in groups])
    if any(group.pk is None for group in created):  # a database that returns no ids
        created = Group.objects.filter(name__in=[group.name for group in created])
    groups.update((group.name, group) for group in created)
    return groups


def _grant(*, records: list[OrganisationContentGroups], folders: dict[int, list[Page]]) -> None:
    """Give both groups of each record admin access, add/change on the organisation's folders and
    the image and document permissions on the root collection; grants already there stay."""
    permissions = _permissions()
    access_admin = permissions["wagtailadmin", "access_admin"]
    page_permissions = [permissions["wagtailcore", codename] for codename in PAGE_PERMISSIONS]
    collection_permissions = [permissions[key] for key in COLLECTION_PERMISSIONS]
    root_collection = Collection.get_first_root_node()
    group_permissions, page_grants, collection_grants = [], [], []
    GroupPermission = Group.permissions.through
    for record in records:
        for group in (record.editors, record.secretaries):
            group_permissions.append(GroupPermission(group=group, permission=access_admin))
            page_grants += [
                GroupPagePermission(group=group, page=folder, permission=permission)
                for folder in folders[record.organisation_id]
                for permission in page_permissions
            ]
            collection_grants += [
                GroupCollectionPermission(
                    group=group, collection=root_collection, permission=permission
                )
                for permission in collection_permissions
            ]
    GroupPermission.objects.bulk_create(group_permissions, ignore_conflicts=True)
    GroupPagePermission.objects.bulk_create(page_grants, ignore_conflicts=True)
    GroupCollectionPermission.objects.bulk_create(collection_grants, ignore_conflicts=True)


def _permissions() -> dict[tuple[str, str], Permission]:
    """The permissions granted to the groups, by (app label, codename), in one query."""
    wanted = [
        ("wagtailadmin", "access_admin"),
        *(("wagtailcore", codename) for codename in PAGE_PERMISSIONS),
        *COLLECTION_PERMISSIONS,
    ]
    condition = Q()
    for app_label, codename in wanted:
        condition |= Q(content_type__app_label=app_label, codename=codename)
    found = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.filter(condition).select_related("content_type")
    }
    return {key: found[key] for key in wanted}


@transaction.atomic
def organisation_subtree_remove(*, organisation: Organisation) -> None:
    """Delete an organisation's empty folders and its groups; refuse while articles remain."""
    folders = organisation_folders(organisation=organisation)
    article_count = sum(folder.get_children().count() for folder in folders)
    if article_count:
        raise ValidationError(
            _(
                "不能删除党组织「%(name)s」：其制度建设、事务公开、通知公告或党建动态栏目中还有%(count)d篇文章。"
            ),
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


#: Organisations whose subtrees :func:`organisation_subtrees_ensure_all` makes in one transaction
#: (a batch's folders, groups and grants are held in memory at once).
ENSURE_ALL_BATCH = 2_000


def organisations_without_subtree() -> QuerySet[Organisation]:
    """The 党委, 党总支 and 党支部 that lack their groups or one of their folders, or whose folder
    is titled with another name (loaded in bulk, renamed by a bulk update, or older than this
    feature)."""
    complete = Q(Exists(OrganisationContentGroups.objects.filter(organisation=OuterRef("pk"))))
    for _section_model, folder_model in FOLDERS:
        folders = folder_model.objects.filter(organisation=OuterRef("pk"))
        complete &= Q(Exists(folders)) & ~Q(Exists(folders.exclude(title=OuterRef("name"))))
    return Organisation.objects.filter(org_type__in=SUBTREE_TYPES).exclude(complete)


def organisation_subtrees_ensure_all() -> int:
    """Ensure the subtree of every organisation that lacks one (after ``migrate``), in batches
    of :data:`ENSURE_ALL_BATCH`; returns how many organisations were processed. With nothing
    missing it is one query, whatever the size of the tree."""
    pending = list(organisations_without_subtree().order_by("path").values_list("pk", flat=True))
    for start in range(0, len(pending), ENSURE_ALL_BATCH):
        batch = pending[start : start + ENSURE_ALL_BATCH]
        organisation_subtrees_ensure(
            organisations=list(Organisation.objects.filter(pk__in=batch).order_by("path"))
        )
    return len(pending)

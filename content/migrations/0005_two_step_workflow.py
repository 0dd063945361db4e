"""The 两级审核 workflow (支部审核 → 党委审核) on the whole site, and the roles it needs.

Roles (Wagtail groups):
- 内容编辑: add and edit pages site-wide, never publish;
- 支部书记: the secretaries' role, step 1's group (each branch's own 书记 group adds the page
  permissions on that branch's folders, see content/branch_subtrees.py);
- 党委审核员: step 2's group, with publish permission (the last approver must be able to publish).
"""

from django.db import migrations

EDITORS = "内容编辑"
SECRETARIES = "支部书记"
REVIEWERS = "党委审核员"
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]


def _permission(apps, app_label, codename):
    from django.contrib.auth.management import create_permissions

    Permission = apps.get_model("auth.Permission")
    found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if found is None:  # permissions are normally created after migrations; make them now
        create_permissions(apps.get_app_config(app_label), verbosity=0, apps=apps)
        found = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    return found


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    BranchApprovalTask = apps.get_model("content.BranchApprovalTask")
    CommitteeApprovalTask = apps.get_model("content.CommitteeApprovalTask")

    home = Page.objects.get(depth=2, slug="home")
    root_collection = Collection.objects.get(depth=1)
    access_admin = _permission(apps, "wagtailadmin", "access_admin")
    page_permissions = {
        codename: _permission(apps, "wagtailcore", codename)
        for codename in ("add_page", "change_page", "publish_page")
    }

    def make_group(name, page_codenames):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for codename in page_codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=home, permission=page_permissions[codename]
            )
        for app_label, codename in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=_permission(apps, app_label, codename),
            )
        return group

    make_group(EDITORS, ["add_page", "change_page"])
    secretaries = make_group(SECRETARIES, [])
    reviewers = make_group(REVIEWERS, ["add_page", "change_page", "publish_page"])

    branch_step = BranchApprovalTask.objects.create(
        name="支部审核",
        active=True,
        content_type=ContentType.objects.get_for_model(BranchApprovalTask),
    )
    branch_step.groups.add(secretaries)
    committee_step = CommitteeApprovalTask.objects.create(
        name="党委审核",
        active=True,
        content_type=ContentType.objects.get_for_model(CommitteeApprovalTask),
    )
    committee_step.groups.add(reviewers)

    workflow = Workflow.objects.create(name="两级审核", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=branch_step.task_ptr, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task=committee_step.task_ptr, sort_order=1)
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})


def remove_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore.Workflow")
    Task = apps.get_model("wagtailcore.Task")
    Group = apps.get_model("auth.Group")
    Workflow.objects.filter(name="两级审核").delete()
    Task.objects.filter(name__in=["支部审核", "党委审核"]).delete()
    Group.objects.filter(name__in=[EDITORS, SECRETARIES, REVIEWERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0004_moderation_tasks"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]

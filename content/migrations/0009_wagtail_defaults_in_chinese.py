"""What Wagtail's own migrations create with English names, named in Chinese (issue 19: an
administrator reads Chinese only): the root page (根目录), the root collection (全部), the
default groups (网站编辑, 网站审核员) and the default workflow and task (审核员审批). Each is
renamed only while it bears Wagtail's name (and, for groups, workflows and tasks, while the
Chinese name is free)."""

from django.db import migrations

ROOT_TITLES = ("Root", "根目录")
ROOT_COLLECTION_NAMES = ("Root", "全部")
GROUP_NAMES = (("Editors", "网站编辑"), ("Moderators", "网站审核员"))
WORKFLOW_NAMES = ("Moderators approval", "审核员审批")


def _rename(model, field: str, old: str, new: str) -> None:
    if not model.objects.filter(**{field: new}).exists():
        model.objects.filter(**{field: old}).update(**{field: new})


def _apply(apps, *, forwards: bool) -> None:
    Page = apps.get_model("wagtailcore", "Page")
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow = apps.get_model("wagtailcore", "Workflow")

    def pair(names: tuple[str, str]) -> tuple[str, str]:
        return names if forwards else (names[1], names[0])

    old, new = pair(ROOT_TITLES)
    Page.objects.filter(depth=1, title=old).update(title=new)
    Page.objects.filter(depth=1, draft_title=old).update(draft_title=new)
    old, new = pair(ROOT_COLLECTION_NAMES)
    Collection.objects.filter(depth=1, name=old).update(name=new)
    for names in GROUP_NAMES:
        _rename(Group, "name", *pair(names))
    for model in (Task, Workflow):
        _rename(model, "name", *pair(WORKFLOW_NAMES))


def names_in_chinese(apps, schema_editor):
    _apply(apps, forwards=True)


def names_in_english(apps, schema_editor):
    _apply(apps, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0008_branch_notice_dynamic_folders"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(names_in_chinese, names_in_english)]

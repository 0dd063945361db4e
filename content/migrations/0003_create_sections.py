"""Create the eleven portal sections under the home page (content/sections.py)."""

from django.db import migrations
from django.utils import timezone

SECTIONS = [
    ("noticeindexpage", "通知公告", "notices"),
    ("dynamicindexpage", "党建动态", "dynamics"),
    ("newsindexpage", "重要新闻", "news"),
    ("regulationindexpage", "制度建设", "regulations"),
    ("disclosureindexpage", "事务公开", "disclosures"),
    ("integrityindexpage", "廉政建设", "integrity"),
    ("guideindexpage", "办事指南", "guides"),
    ("serviceinfoindexpage", "服务信息", "services"),
    ("exemplarindexpage", "党员风采", "exemplars"),
    ("videoindexpage", "本地影视", "videos"),
    ("topicindexpage", "主题教育", "topics"),
]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _step(number: int) -> str:
    """Treebeard's 4-character base-36 path step for a 1-based position."""
    digits = ""
    while number:
        number, remainder = divmod(number, 36)
        digits = ALPHABET[remainder] + digits
    return digits.rjust(4, "0")


def create_sections(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    home = Page.objects.get(depth=2, slug="home")
    now = timezone.now()
    for position, (model_name, title, slug) in enumerate(SECTIONS, start=home.numchild + 1):
        model = apps.get_model("content", model_name)
        content_type, _ = ContentType.objects.get_or_create(app_label="content", model=model_name)
        model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type,
            path=home.path + _step(position),
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}{slug}/",
            locale_id=home.locale_id,
            live=True,
            first_published_at=now,
            last_published_at=now,
            intro="",
        )
    home.numchild += len(SECTIONS)
    home.save(update_fields=["numchild"])


def remove_sections(apps, schema_editor):
    Page = apps.get_model("wagtailcore.Page")
    home = Page.objects.get(depth=2, slug="home")
    slugs = [slug for _, _, slug in SECTIONS]
    Page.objects.filter(depth=3, slug__in=slugs, path__startswith=home.path).delete()
    home.numchild = Page.objects.filter(depth=3, path__startswith=home.path).count()
    home.save(update_fields=["numchild"])


class Migration(migrations.Migration):
    dependencies = [("content", "0002_create_homepage")]

    operations = [migrations.RunPython(create_sections, remove_sections)]

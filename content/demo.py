"""Loading the demo pages of every portal section; idempotent, so it is safe on every `make run`.

The rows are in content/demo_data.py. Each page is identified by its slug under its parent:
a page that exists is skipped and left untouched, so a second run creates and changes nothing.
Pages are created through Wagtail's API and published (a revision each), as an editor would.
The organisations they refer to come from partybuild's demo loader, which must have run first.
"""

from io import BytesIO

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.html import format_html
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import RichText

from content import demo_data
from content.models import (
    DisclosureIndexPage,
    DisclosurePage,
    DynamicIndexPage,
    DynamicPage,
    ExemplarIndexPage,
    ExemplarPage,
    GuideIndexPage,
    GuidePage,
    IntegrityIndexPage,
    IntegrityPage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    NoticeIndexPage,
    NoticePage,
    OrganisationDisclosureIndexPage,
    OrganisationRegulationIndexPage,
    RegulationIndexPage,
    RegulationPage,
    ServiceInfoIndexPage,
    ServiceInfoPage,
    TopicIndexPage,
    TopicPage,
    VideoIndexPage,
    VideoPage,
)
from partybuild.models import Organisation

PORTRAIT_SIZE = (300, 400)
COVER_SIZE = (480, 270)

# (section model, article model, rows) of the sections whose rows need no extra handling.
PLAIN_SECTIONS = (
    (NoticeIndexPage, NoticePage, demo_data.NOTICES),
    (DynamicIndexPage, DynamicPage, demo_data.DYNAMICS),
    (GuideIndexPage, GuidePage, demo_data.GUIDES),
    (IntegrityIndexPage, IntegrityPage, demo_data.INTEGRITY),
    (ServiceInfoIndexPage, ServiceInfoPage, demo_data.SERVICES),
    (TopicIndexPage, TopicPage, demo_data.TOPICS),
)
# Row keys that are not model fields of the article, or are set by the loader itself.
NON_FIELD_KEYS = {"body", "tags", "colour", "text", "organisation"}


@transaction.atomic
def content_demo_load(*, organisation_codes: dict[str, str]) -> list[str]:
    """Create whatever demo pages are missing, published; returns the titles created.

    Expects the demo organisations (``partybuild.demo.load.demo_data_load``), given here by name
    and code (``organisation_codes``), since content does not import the demo loader.
    Existing pages, images and categories are left as they are.
    """
    created: list[str] = []
    for section_model, page_model, rows in PLAIN_SECTIONS:
        section = section_model.objects.get()
        for row in rows:
            _article_publish(parent=section, page=page_model(**_article_fields(row)), into=created)
    _news_load(into=created)
    _exemplars_load(into=created, codes=organisation_codes)
    _videos_load(into=created)
    _organisation_pages_load(into=created)
    return created


def _paragraphs(text: str) -> list[tuple[str, RichText]]:
    """A StreamField body of one paragraph block holding ``text`` (escaped)."""
    return [("paragraph", RichText(format_html("<p>{}</p>", text)))]


def _article_fields(row: dict) -> dict:
    """The model fields of a demo row: its plain fields and its body as a paragraph block."""
    fields = {key: value for key, value in row.items() if key not in NON_FIELD_KEYS}
    fields["body"] = _paragraphs(row["body"])
    return fields


def _article_publish(*, parent: Page, page: Page, into: list[str]) -> bool:
    """Add ``page`` under ``parent`` and publish it, unless its slug is taken there.

    Returns whether it was created; its title is then appended to ``into``.
    """
    if parent.get_children().filter(slug=page.slug).exists():
        return False
    parent.add_child(instance=page)
    page.save_revision().publish()
    into.append(page.title)
    return True


def _placeholder_image(*, title: str, filename: str, size: tuple[int, int], colour: tuple):
    """A plain-coloured PNG as a Wagtail image, reused if an image with ``title`` exists."""
    image_model = get_image_model()
    image = image_model.objects.filter(title=title).order_by("pk").first()
    if image is not None:
        return image
    buffer = BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    buffer.seek(0)
    image = image_model(title=title)
    image.file = ImageFile(buffer, name=filename)
    image._set_image_file_metadata()  # file size and hash, as Wagtail's own upload form does
    image.save()
    return image


def _news_load(*, into: list[str]) -> None:
    """重要新闻: the example news in the 「党建要闻」 category, with tags."""
    section = NewsIndexPage.objects.get()
    category, _ = NewsCategory.objects.get_or_create(
        name=demo_data.NEWS_CATEGORY["name"],
        defaults={
            "slug": demo_data.NEWS_CATEGORY["slug"],
            "sort_order": demo_data.NEWS_CATEGORY["sort_order"],
        },
    )
    for row in demo_data.NEWS:
        if section.get_children().filter(slug=row["slug"]).exists():
            continue
        page = NewsPage(**_article_fields(row))
        page.categories = [category]
        page.tags.add(*row["tags"])
        _article_publish(parent=section, page=page, into=into)


def _organisations_by_name(codes: dict[str, str]) -> dict[str, Organisation]:
    """The demo organisations, by name (the seed names them, the codes identify them)."""
    by_code = Organisation.objects.in_bulk(list(codes.values()), field_name="code")
    return {name: by_code[code] for name, code in codes.items() if code in by_code}


def _exemplars_load(*, into: list[str], codes: dict[str, str]) -> None:
    """党员风采: the seed's exemplars with their organisation and a portrait placeholder."""
    section = ExemplarIndexPage.objects.get()
    organisations = _organisations_by_name(codes)
    for row in demo_data.EXEMPLARS:
        if section.get_children().filter(slug=row["slug"]).exists():
            continue
        photo = _placeholder_image(
            title=f"党员风采照片：{row['person_name']}",
            filename=f"{row['slug']}.png",
            size=PORTRAIT_SIZE,
            colour=row["colour"],
        )
        page = ExemplarPage(
            title=row["person_name"],
            slug=row["slug"],
            date=row["date"],
            person_name=row["person_name"],
            organisation=organisations[row["organisation"]],
            photo=photo,
            summary=row["text"],
            body=_paragraphs(row["text"]),
        )
        _article_publish(parent=section, page=page, into=into)


def _videos_load(*, into: list[str]) -> None:
    """本地影视: the example video with a generated cover and an embed address."""
    section = VideoIndexPage.objects.get()
    for row in demo_data.VIDEOS:
        if section.get_children().filter(slug=row["slug"]).exists():
            continue
        cover = _placeholder_image(
            title=f"本地影视封面：{row['title']}",
            filename=f"{row['slug']}.png",
            size=COVER_SIZE,
            colour=row["colour"],
        )
        page = VideoPage(cover=cover, **_article_fields(row))
        _article_publish(parent=section, page=page, into=into)


def _organisation_folder(*, section: Page, folder_model: type[Page], organisation: Organisation):
    """The organisation's folder under ``section``, created (published) if it does not exist.

    content/branch_subtrees.py normally creates it when the organisation is saved; this is the
    fallback, with the same title and slug, so that either way there is exactly one folder.
    """
    folder = folder_model.objects.child_of(section).filter(organisation=organisation).first()
    if folder is None:
        folder = folder_model(
            title=organisation.name, slug=organisation.code.lower(), organisation=organisation
        )
        section.add_child(instance=folder)
        folder.save_revision().publish()
    return folder


def _organisation_pages_load(*, into: list[str]) -> None:
    """制度建设 and 事务公开: the examples in the folders of the demo branch (ORGANISATION_CODE)."""
    organisation = Organisation.objects.get(code=demo_data.ORGANISATION_CODE)
    for section_model, folder_model, page_model, rows in (
        (
            RegulationIndexPage,
            OrganisationRegulationIndexPage,
            RegulationPage,
            demo_data.REGULATIONS,
        ),
        (
            DisclosureIndexPage,
            OrganisationDisclosureIndexPage,
            DisclosurePage,
            demo_data.DISCLOSURES,
        ),
    ):
        folder = _organisation_folder(
            section=section_model.objects.get(),
            folder_model=folder_model,
            organisation=organisation,
        )
        for row in rows:
            page = page_model(organisation=organisation, **_article_fields(row))
            _article_publish(parent=folder, page=page, into=into)

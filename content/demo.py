"""Loading the demo pages of every portal section; idempotent, so it is safe on every `make run`.

The rows are in content/demo_data.py. Each page is identified by its slug under its parent:
a page that exists is skipped and left untouched, so a second run creates and changes nothing.
Pages are created through Wagtail's API and published (a revision each), as an editor would.
The organisations they refer to come from partybuild's demo loader, which must have run first.
"""

from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from django.core.files import File
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.html import format_html
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import RichText

from content import demo_data
from content.demo_images import image_jpeg_bytes, portrait_image, scene_image
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
PICTURE_SIZE = (1200, 675)
#: The 本地影视 sample: 8 seconds of H.264 (baseline, yuv420p, faststart, 61 KB) that every
#: browser plays, made from a demo scene by content/demo_assets/make_demo_video.py (ffmpeg is
#: needed only to remake it, not to load the demo).
DEMO_VIDEO_FILE = Path(__file__).resolve().parent / "demo_assets" / "demo-video.mp4"

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
NON_FIELD_KEYS = {"body", "tags", "text", "organisation", "picture", "gallery", "cover_seed"}


def _no_progress(label: str, count: int, unit: str) -> None:
    """The default progress callback: says nothing."""


@transaction.atomic
def content_demo_load(
    *,
    organisation_codes: dict[str, str],
    progress: Callable[[str, int, str], None] = _no_progress,
) -> list[str]:
    """Create whatever demo pages are missing, published; returns the titles created.

    Expects the demo organisations (``partybuild.demo.load.demo_data_load``), given here by name
    and code (``organisation_codes``), since content does not import the demo loader.
    Existing pages, images and categories are left as they are. ``progress`` hears of each
    section as it is done: its label, the pages created and their unit.
    """
    created: list[str] = []
    for section_model, page_model, rows in PLAIN_SECTIONS:
        section = section_model.objects.get()
        before = len(created)
        for row in rows:
            if section.get_children().filter(slug=row["slug"]).exists():
                continue
            page = page_model(**_article_fields(row))
            if row.get("gallery"):
                page.gallery = [
                    ("image", _picture_block(row, picture, number))
                    for number, picture in enumerate(row["gallery"], start=2)
                ]
            _article_publish(parent=section, page=page, into=created)
        progress(str(section_model._meta.verbose_name), len(created) - before, "篇")
    for label, load in (
        ("重要新闻", lambda: _news_load(into=created)),
        ("党员风采", lambda: _exemplars_load(into=created, codes=organisation_codes)),
        ("本地影视", lambda: _videos_load(into=created)),
        ("制度建设与事务公开", lambda: _organisation_pages_load(into=created)),
    ):
        before = len(created)
        load()
        progress(label, len(created) - before, "篇")
    return created


def _paragraphs(text: str) -> list[tuple[str, RichText]]:
    """A StreamField body of one paragraph block holding ``text`` (escaped)."""
    return [("paragraph", RichText(format_html("<p>{}</p>", text)))]


def _picture_block(row: dict, picture: dict, number: int) -> dict:
    """An image block's value: the picture ``picture`` (``seed``, ``caption``) of ``row``, drawn
    as a scene (content/demo_images.py) the first time, reused by title afterwards."""
    image = _demo_image(
        title=f"{row['title']}（配图{number}）",
        filename=f"{row['slug']}-{number}.jpg",
        draw=lambda: scene_image(seed=picture["seed"], size=PICTURE_SIZE),
    )
    return {"image": image, "caption": picture["caption"]}


def _article_fields(row: dict) -> dict:
    """The model fields of a demo row: its plain fields and its body: a paragraph block, and
    after it an image block when the row has a ``picture``."""
    fields = {key: value for key, value in row.items() if key not in NON_FIELD_KEYS}
    fields["body"] = _paragraphs(row["body"])
    if row.get("picture"):
        fields["body"].append(("image", _picture_block(row, row["picture"], 1)))
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


def _demo_image(*, title: str, filename: str, draw: Callable):
    """A Wagtail image titled ``title``: the existing one if there is one, else ``draw()`` (a
    Pillow image) saved as a JPEG."""
    image_model = get_image_model()
    image = image_model.objects.filter(title=title).order_by("pk").first()
    if image is not None:
        return image
    image = image_model(title=title)
    image.file = ImageFile(BytesIO(image_jpeg_bytes(draw())), name=filename)
    image._set_image_file_metadata()  # file size and hash, as Wagtail's own upload form does
    image.save()
    return image


def _demo_video():
    """The 本地影视 sample as a Wagtail document (reused by title), served from /documents/."""
    document_model = get_document_model()
    title = "本地影视示例视频"
    document = document_model.objects.filter(title=title).order_by("pk").first()
    if document is None:
        document = document_model(title=title)
        with DEMO_VIDEO_FILE.open("rb") as handle:
            # Stored under a Chinese name: the documents list shows file names to editors.
            document.file = File(handle, name="本地影视示例.mp4")
            document._set_document_file_metadata()
            document.save()
    return document


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
    """党员风采: the seed's exemplars with their organisation and a drawn portrait."""
    section = ExemplarIndexPage.objects.get()
    organisations = _organisations_by_name(codes)
    for number, row in enumerate(demo_data.EXEMPLARS):
        if section.get_children().filter(slug=row["slug"]).exists():
            continue
        photo = _demo_image(
            title=f"党员风采照片：{row['person_name']}",
            filename=f"{row['slug']}.jpg",
            draw=lambda number=number: portrait_image(seed=number, size=PORTRAIT_SIZE),
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
    """本地影视: the example video, a local file the page plays in a <video>, with a cover."""
    section = VideoIndexPage.objects.get()
    for row in demo_data.VIDEOS:
        if section.get_children().filter(slug=row["slug"]).exists():
            continue
        cover = _demo_image(
            title=f"本地影视封面：{row['title']}",
            filename=f"{row['slug']}.jpg",
            draw=lambda row=row: scene_image(seed=row["cover_seed"], size=PICTURE_SIZE),
        )
        page = VideoPage(cover=cover, video_file=_demo_video(), **_article_fields(row))
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

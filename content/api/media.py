"""Images and documents of pages for the app API: the addresses the app shows, found in bulk.

StreamFields name their images and documents by id (the v2 representation of a chooser block is
the id). The app needs addresses, so the responses carry them beside the streams: the ids are
read from the streams' raw data (no query), then all images come in one query with their
renditions prefetched, and all documents in another, whatever the number of pages.

Rendition addresses are relative (``/media/images/…``): the app is served by the same site.
"""

from collections.abc import Iterable
from typing import Any, Literal

from ninja import Schema
from pydantic import Field
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError

#: The carousel of the home screen (750×400, cropped).
FEATURED_RENDITION = "fill-750x400"
#: A landscape thumbnail in a list (the same as 本地影视's ``cover_thumbnail``).
THUMBNAIL_RENDITION = "fill-480x270"
#: A portrait thumbnail of 党员风采 (the same as its ``photo_thumbnail``).
PORTRAIT_RENDITION = "fill-300x400"
#: An image inside an article's body (the same size as the portal's image block).
BODY_RENDITION = "max-1000x800"


def stream_block_ids(stream, block_type: str, key: str) -> list[int]:
    """The ids in ``value[key]`` of the blocks of ``block_type`` of a StreamField value, in order
    (read from the raw data: no query)."""
    if stream is None:
        return []
    ids = []
    for block in stream.raw_data:
        if block.get("type") != block_type:
            continue
        value = block.get("value")
        if isinstance(value, dict) and isinstance(value.get(key), int):
            ids.append(value[key])
    return ids


def first_image_id(page) -> int | None:
    """The first image of a page: its gallery's (党建动态), else the first image block of its
    body; None when it has none."""
    for field in ("gallery", "body"):
        ids = stream_block_ids(getattr(page, field, None), "image", "image")
        if ids:
            return ids[0]
    return None


def images_by_id(ids: Iterable[int | None], *filter_specs: str) -> dict:
    """The images of ``ids`` by id, with their renditions of ``filter_specs`` prefetched (one
    query for the images and one for the renditions)."""
    wanted = {pk for pk in ids if pk}
    if not wanted:
        return {}
    images = get_image_model().objects.filter(pk__in=wanted).prefetch_renditions(*filter_specs)
    return {image.pk: image for image in images}


def rendition_data(image, filter_spec: str) -> dict | None:
    """``url``, ``width``, ``height`` and ``alt`` of a rendition of ``image`` (made on first
    use); None without an image or when its file cannot be read."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition(filter_spec)
    except SourceImageIOError:
        return None
    return {
        "url": rendition.url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": rendition.alt,
    }


def rendition_url(image, filter_spec: str) -> str | None:
    data = rendition_data(image, filter_spec)
    return data["url"] if data else None


def stream_media(*streams) -> dict:
    """The images (rendered for an article's body) and documents the blocks of ``streams``
    name, by id: ``{"images": [...], "documents": [...]}`` in the streams' order."""
    image_ids: list[int] = []
    document_ids: list[int] = []
    for stream in streams:
        image_ids += stream_block_ids(stream, "image", "image")
        document_ids += stream_block_ids(stream, "document", "document")
    images = images_by_id(image_ids, BODY_RENDITION)
    image_rows = []
    for pk in dict.fromkeys(image_ids):
        data = rendition_data(images.get(pk), BODY_RENDITION)
        if data is not None:
            image_rows.append({"id": pk, **data})
    documents = {}
    if document_ids:
        documents = get_document_model().objects.in_bulk(set(document_ids))
    document_rows = [
        {
            "id": pk,
            "title": documents[pk].title,
            "url": documents[pk].url,
            "file_extension": documents[pk].file_extension,
        }
        for pk in dict.fromkeys(document_ids)
        if pk in documents
    ]
    return {"images": image_rows, "documents": document_rows}


def stream_downloads(stream, media: dict) -> list[dict]:
    """The downloads of an attachments stream (document blocks), each under the block's display
    name when it has one, the document's addresses taken from ``media`` (stream_media)."""
    documents = {row["id"]: row for row in media["documents"]}
    downloads = []
    for block in stream.raw_data if stream is not None else []:
        value = block.get("value")
        if block.get("type") != "document" or not isinstance(value, dict):
            continue
        document = documents.get(value.get("document"))
        if document is not None:
            downloads.append({**document, "title": value.get("title") or document["title"]})
    return downloads


class StreamImageOut(Schema):
    """An image a page's blocks name, rendered for reading on a phone (at most 1000×800)."""

    id: int
    url: str
    width: int
    height: int
    alt: str


class StreamDocumentOut(Schema):
    """A document a page's blocks name."""

    id: int
    title: str
    url: str
    file_extension: str


class StreamMediaOut(Schema):
    """The addresses of the images and documents named by id in a page's streams (``body``,
    ``attachments``): the app looks the blocks' ids up here."""

    images: list[StreamImageOut]
    documents: list[StreamDocumentOut]


#: ``rich_text_format`` of the detail operations: ``db_html`` (the default, as the v2 API) keeps
#: Wagtail's stored form (``<a linktype="document" id="…">``); ``html`` gives display HTML with
#: real addresses, as the v2 API does with the same parameter.
RichTextFormat = Literal["db_html", "html"]


class RichTextQuery(Schema):
    """The query of a detail operation whose body holds rich text."""

    rich_text_format: RichTextFormat = Field(
        "db_html",
        description="正文中富文本的格式：db_html（默认，Wagtail 存储格式）或 html"
        "（可直接显示，链接为实际地址）",
    )


class _RichTextFormatRequest:
    """What a rich text block reads of the request in its API representation: the
    ``rich_text_format`` query parameter (wagtail.blocks.RichTextBlock)."""

    def __init__(self, rich_text_format: str) -> None:
        self.GET = {"rich_text_format": rich_text_format}


def stream_data(value, *, rich_text_format: str = "db_html") -> list[dict[str, Any]]:
    """A StreamField value as the v2 content API renders it, its rich text in
    ``rich_text_format``."""
    context = {"request": _RichTextFormatRequest(rich_text_format)}
    return list(value.stream_block.get_api_representation(value, context=context))

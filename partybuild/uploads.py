"""Files members and administrators upload through the registers (photos of fulfilled wishes,
attachments of 思想汇报, minutes, inspection responses …): one place decides which types and
sizes are accepted, and stores them as :class:`~partybuild.models.PrivateFile` — never as
Wagtail images or documents, which are public (see ``partybuild/models/files.py``).

Refusals are ValidationErrors on the named field with stable codes ``upload_too_large``,
``upload_type_not_allowed``, ``upload_not_an_image`` and ``upload_too_many_pixels`` (an image of
more than ``settings.IMAGE_MAX_PIXELS`` pixels, which only its header is read to know); nothing
is stored then.
"""

import warnings
from pathlib import PurePosixPath
from typing import Literal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image as PillowImage
from PIL import UnidentifiedImageError

from partybuild.core.errors import refuse
from partybuild.models import PrivateFile, PrivateFileKind

MB = 1024 * 1024

UploadKind = Literal["image", "document"]

IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "gif", "webp"})
DOCUMENT_EXTENSIONS = frozenset(
    {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "wps", "jpg", "jpeg", "png"}
)
MAX_SIZE: dict[str, int] = {"image": 10 * MB, "document": 20 * MB}


def upload_validate(*, file: UploadedFile, kind: UploadKind, field: str) -> None:
    """Refuse a file of the wrong type or too large; an image (a document with an image's
    extension too, since it gets thumbnails) must also open as one of a bounded size."""
    name = getattr(file, "name", "") or ""
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    allowed = IMAGE_EXTENSIONS if kind == "image" else DOCUMENT_EXTENSIONS
    if extension not in allowed:
        refuse(
            field,
            _("不支持的文件类型（%(extension)s），允许的类型：%(allowed)s。"),
            "upload_type_not_allowed",
            extension=f".{extension}" if extension else _("无扩展名"),
            allowed="、".join(sorted(allowed)),
        )
    limit = MAX_SIZE[kind]
    if file.size > limit:
        refuse(
            field,
            _("文件过大（%(size).1f MB），不能超过 %(limit)d MB。"),
            "upload_too_large",
            size=file.size / MB,
            limit=limit // MB,
        )
    if kind == "image" or extension in IMAGE_EXTENSIONS:
        _image_validate(file=file, field=field)


def _image_validate(*, file: UploadedFile, field: str) -> None:
    """The file opens as an image of at most ``IMAGE_MAX_PIXELS`` pixels. Pillow reads the size
    from the header; it warns past its own limit and raises past twice it (a decompression
    bomb), both of which are turned into the same refusal."""
    position = file.tell() if hasattr(file, "tell") else 0
    limit = settings.IMAGE_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PillowImage.DecompressionBombWarning)
            with PillowImage.open(file) as image:
                width, height = image.size
                if width * height <= limit:
                    image.verify()
    except (PillowImage.DecompressionBombWarning, PillowImage.DecompressionBombError):
        width, height = 0, 0
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        refuse(field, _("文件不是有效的图片。"), "upload_not_an_image")
    finally:
        file.seek(position)
    if not width or width * height > limit:
        refuse(
            field,
            _("图片尺寸过大：像素总数（宽 × 高）不能超过 %(limit)s 万。"),
            "upload_too_many_pixels",
            limit=f"{limit / 10_000:g}",
        )


def _store(*, file: UploadedFile, kind: str, title: str, user) -> PrivateFile:
    name = PurePosixPath(getattr(file, "name", "") or "").name
    private = PrivateFile(
        kind=kind,
        title=(title or "").strip()[:255] or name[:255] or str(PrivateFileKind(kind).label),
        original_name=name[:255],
        size=file.size or 0,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    private.file.save(name or "upload", file, save=False)
    private.save()
    return private


def upload_store_image(
    *, file: UploadedFile, title: str, user=None, field: str = "image"
) -> PrivateFile:
    """Validate and store an uploaded photo as a private file."""
    upload_validate(file=file, kind="image", field=field)
    return _store(file=file, kind=PrivateFileKind.IMAGE, title=title, user=user)


def upload_store_document(
    *, file: UploadedFile, title: str, user=None, field: str = "attachment"
) -> PrivateFile:
    """Validate and store an uploaded attachment as a private file."""
    upload_validate(file=file, kind="document", field=field)
    return _store(file=file, kind=PrivateFileKind.DOCUMENT, title=title, user=user)

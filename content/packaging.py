"""党建动态 zip packaging: upload a zip of images and documents into an article in one step,
and download all of a published article's attachments and images as one zip.

Upload (``dynamic_page_import_zip``) is all or nothing: every member is checked and extracted to a
temporary file first; only when all of them pass are the Wagtail images and documents created, in
one transaction, and appended to the page's latest draft as a new revision. It never publishes:
moderation stays in charge.

Download (``dynamic_page_zip_build``) writes the zip to a spooled temporary file, so memory stays
bounded however large the attachments are.
"""

from __future__ import annotations

import binascii
import logging
import re
import shutil
import struct
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO, TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

if TYPE_CHECKING:
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import Revision

    from content.models import DynamicPage

logger = logging.getLogger(__name__)

MB = 1024 * 1024
#: Limits of an uploaded zip (module constants so that tests can lower them).
ZIP_MAX_MEMBERS = 200
ZIP_MAX_ENTRIES = 1000  # raw entries, including directories and system files that are skipped
ZIP_MAX_TOTAL_SIZE = 200 * MB
ZIP_MAX_MEMBER_SIZE = 50 * MB

IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}
#: Formats that are already compressed: stored, not deflated, in the download zip.
STORED_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp", "zip", "docx", "xlsx", "pptx", "mp4"}

_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1
_UNICODE_PATH_EXTRA = 0x7075  # Info-ZIP Unicode Path extra field
_SPOOL_SIZE = 8 * MB
_COPY_CHUNK = 1 * MB
_UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


@dataclass(frozen=True)
class SkippedMember:
    name: str
    reason: str


@dataclass
class ZipImportResult:
    """What an import created: images (gallery), documents (attachments), skipped members."""

    images: list[AbstractImage] = field(default_factory=list)
    documents: list[AbstractDocument] = field(default_factory=list)
    skipped: list[SkippedMember] = field(default_factory=list)
    revision: Revision | None = None


@dataclass
class _Member:
    info: zipfile.ZipInfo
    name: str  # decoded path inside the zip
    kind: str  # "image" or "document"
    extension: str
    temp: IO[bytes] | None = None

    @property
    def basename(self) -> str:
        return PurePosixPath(self.name).name

    @property
    def title(self) -> str:
        stem = PurePosixPath(self.name).stem.strip()
        return (stem or self.basename)[:255]


def _size(num_bytes: int) -> str:
    return f"{num_bytes / MB:.1f} MB"


# --- reading an uploaded zip -------------------------------------------------------------------


def _unicode_path_extra(info: zipfile.ZipInfo, raw_name: bytes) -> str | None:
    """The UTF-8 name in an Info-ZIP Unicode Path extra field, if present and current."""
    extra = info.extra
    offset = 0
    while offset + 4 <= len(extra):
        header_id, size = struct.unpack("<HH", extra[offset : offset + 4])
        data = extra[offset + 4 : offset + 4 + size]
        offset += 4 + size
        if header_id != _UNICODE_PATH_EXTRA or len(data) < 5 or data[0] != 1:
            continue
        (name_crc,) = struct.unpack("<L", data[1:5])
        if name_crc != binascii.crc32(raw_name):
            return None
        try:
            return data[5:].decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


def decode_member_name(info: zipfile.ZipInfo) -> str:
    """The real name of a zip member.

    Zips made on Chinese Windows store names in GBK without the UTF-8 flag (0x800); Python then
    decodes them as CP437. Re-decode those as GBK, falling back to the name as read.
    """
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    unicode_name = _unicode_path_extra(info, raw)
    if unicode_name:
        return unicode_name
    try:
        return raw.decode("gbk")
    except UnicodeDecodeError:
        return info.filename


def _is_unsafe_path(name: str) -> bool:
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or re.match(r"^[A-Za-z]:", normalised):
        return True
    return any(part == ".." for part in normalised.split("/"))


def _is_system_file(name: str) -> bool:
    parts = [part for part in name.replace("\\", "/").split("/") if part]
    return any(part == "__MACOSX" or part.startswith(".") for part in parts)


def _document_extensions() -> set[str] | None:
    extensions = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
    return None if extensions is None else {ext.lower() for ext in extensions}


def _open_zip(file) -> zipfile.ZipFile:
    upload_name = getattr(file, "name", None) or "上传的文件"
    size = getattr(file, "size", None)
    if size is not None and size > ZIP_MAX_TOTAL_SIZE:
        raise ValidationError(
            "「%(name)s」大小为 %(size)s，超过 %(limit)s 的上限。",
            code="zip_too_large",
            params={
                "name": upload_name,
                "size": _size(size),
                "limit": _size(ZIP_MAX_TOTAL_SIZE),
            },
        )
    try:
        file.seek(0)
        return zipfile.ZipFile(file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ValidationError(
            "「%(name)s」不是有效的 ZIP 压缩包，请上传 .zip 文件。",
            code="zip_invalid",
            params={"name": upload_name},
        ) from None


def _classify(archive: zipfile.ZipFile) -> tuple[list[_Member], list[SkippedMember]]:
    """Check every member's metadata; returns the members to import and the skipped ones."""
    entries = archive.infolist()
    if len(entries) > ZIP_MAX_ENTRIES:
        raise ValidationError(
            "压缩包内条目过多（%(count)s 个），最多 %(limit)s 个文件。",
            code="zip_too_many_files",
            params={"count": len(entries), "limit": ZIP_MAX_MEMBERS},
        )
    document_extensions = _document_extensions()
    errors: list[ValidationError] = []
    members: list[_Member] = []
    skipped: list[SkippedMember] = []
    total = 0
    for info in entries:
        name = decode_member_name(info)
        if _is_unsafe_path(name):
            errors.append(
                ValidationError(
                    "「%(name)s」的路径不安全（绝对路径或包含“..”），整个压缩包已被拒绝。",
                    code="zip_unsafe_path",
                    params={"name": name},
                )
            )
            continue
        if info.is_dir() or name.endswith(("/", "\\")) or _is_system_file(name):
            continue
        name = name.replace("\\", "/")  # some Windows tools write backslashes
        if info.flag_bits & _ENCRYPTED_FLAG:
            errors.append(
                ValidationError(
                    "「%(name)s」已加密，请上传未加密的压缩包。",
                    code="zip_encrypted",
                    params={"name": name},
                )
            )
            continue
        extension = PurePosixPath(name).suffix.lower().lstrip(".")
        if extension in IMAGE_FORMATS:
            kind = "image"
        elif extension and (document_extensions is None or extension in document_extensions):
            kind = "document"
        else:
            reason = f"不支持的文件类型（.{extension}）" if extension else "没有扩展名"
            skipped.append(SkippedMember(name=name, reason=reason))
            continue
        max_size = ZIP_MAX_MEMBER_SIZE
        if kind == "image":
            image_limit = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * MB)
            if image_limit is not None:
                max_size = min(max_size, image_limit)
        if info.file_size > max_size:
            errors.append(
                ValidationError(
                    "「%(name)s」大小为 %(size)s，超过单个%(kind)s %(limit)s 的上限。",
                    code="zip_too_large",
                    params={
                        "name": name,
                        "size": _size(info.file_size),
                        "kind": "图片" if kind == "image" else "文件",
                        "limit": _size(max_size),
                    },
                )
            )
            continue
        total += info.file_size
        members.append(_Member(info=info, name=name, kind=kind, extension=extension))

    if errors:
        raise ValidationError(errors)
    if len(members) > ZIP_MAX_MEMBERS:
        raise ValidationError(
            "压缩包内文件过多（%(count)s 个），最多 %(limit)s 个。",
            code="zip_too_many_files",
            params={"count": len(members), "limit": ZIP_MAX_MEMBERS},
        )
    if total > ZIP_MAX_TOTAL_SIZE:
        raise ValidationError(
            "压缩包解压后共 %(size)s，超过 %(limit)s 的上限。",
            code="zip_too_large",
            params={"size": _size(total), "limit": _size(ZIP_MAX_TOTAL_SIZE)},
        )
    return members, skipped


def _extract(archive: zipfile.ZipFile, member: _Member) -> None:
    """Copy a member to a temporary file, never more bytes than its declared size."""
    temp = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the caller
    member.temp = temp
    written = 0
    try:
        with archive.open(member.info) as source:
            while chunk := source.read(_COPY_CHUNK):
                written += len(chunk)
                if written > member.info.file_size:
                    raise zipfile.BadZipFile("member larger than declared")
                temp.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError):
        raise ValidationError(
            "「%(name)s」无法解压（压缩包已损坏或使用了不支持的压缩方式）。",
            code="zip_corrupt",
            params={"name": member.name},
        ) from None
    temp.seek(0)


def _check_image(member: _Member) -> None:
    """Validate an image member with Pillow: format matches the extension, decodes, not too big."""
    temp = member.temp
    expected = IMAGE_FORMATS[member.extension]
    max_pixels = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128 * 1000000)

    def bad(reason: str) -> ValidationError:
        return ValidationError(
            "图片「%(name)s」无效：%(reason)s。",
            code="zip_bad_image",
            params={"name": member.name, "reason": reason},
        )

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(temp) as image:
                image_format = image.format
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
                image.verify()
            if image_format != expected:
                raise bad(f"文件内容是 {image_format} 格式，与扩展名 .{member.extension} 不符")
            if max_pixels is not None and width * height * frames > max_pixels:
                raise bad("图片像素过多")
            temp.seek(0)
            with PILImage.open(temp) as image:
                if image.format == "JPEG":
                    # Decode at reduced scale: reads the whole stream, a fraction of the memory.
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
    except ValidationError:
        raise
    except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
        raise bad("图片像素过多") from None
    except Exception:  # Pillow raises many kinds of errors for broken files
        raise bad("文件已损坏或不是有效的图片") from None
    finally:
        temp.seek(0)


# --- creating images and documents -------------------------------------------------------------


def _create_image(member: _Member, collection: Collection, user) -> AbstractImage:
    image = get_image_model()(title=member.title, collection=collection, uploaded_by_user=user)
    image.file = ImageFile(member.temp, name=member.basename)
    image._set_image_file_metadata()  # file size and hash, as Wagtail's own upload form does
    image.save()
    return image


def _create_document(member: _Member, collection: Collection, user) -> AbstractDocument:
    document = get_document_model()(
        title=member.title, collection=collection, uploaded_by_user=user
    )
    document.file = File(member.temp, name=member.basename)
    document._set_document_file_metadata()
    document.save()
    return document


def _natural_key(name: str) -> list:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name)]


def dynamic_page_import_zip(*, page: DynamicPage, file, user) -> ZipImportResult:
    """Import a zip's images into ``page.gallery`` and its documents into ``page.attachments``.

    Saves a new draft revision of the page (never publishes). Raises ``ValidationError`` with
    Chinese messages naming the file and the reason; when it does, nothing has been created.
    """
    from content.models import DynamicPage

    page = page.specific
    if not isinstance(page, DynamicPage):
        raise TypeError("dynamic_page_import_zip expects a DynamicPage")
    if user is not None:
        lock = page.get_lock()
        if lock is not None and lock.for_user(user):
            raise ValidationError(
                "页面「%(title)s」已被锁定，暂时不能导入。",
                code="page_locked",
                params={"title": page.title},
            )

    archive = _open_zip(file)
    members: list[_Member] = []
    try:
        with archive:
            members, skipped = _classify(archive)
            if not members:
                reasons = "；".join(f"「{item.name}」{item.reason}" for item in skipped)
                raise ValidationError(
                    "压缩包中没有可导入的图片或附件。%(reasons)s",
                    code="zip_empty",
                    params={"reasons": f"已跳过：{reasons}" if reasons else ""},
                )
            members.sort(key=lambda member: _natural_key(member.name))
            errors = []
            for member in members:
                try:
                    _extract(archive, member)
                    if member.kind == "image":
                        _check_image(member)
                except ValidationError as error:
                    errors.append(error)
            if errors:
                raise ValidationError(errors)

        return _create_all(page=page, members=members, skipped=skipped, user=user)
    finally:
        for member in members:
            if member.temp is not None:
                member.temp.close()


def _delete_stored_files(objects) -> None:
    for obj in objects:
        try:
            obj.file.storage.delete(obj.file.name)
        except Exception:  # best effort: the database rows are rolled back anyway
            logger.warning("Could not delete %s after a failed zip import", obj.file.name)


def _create_all(*, page, members: list[_Member], skipped, user) -> ZipImportResult:
    images: list = []
    documents: list = []
    collection = Collection.get_first_root_node()
    try:
        with transaction.atomic():
            for member in members:
                if member.kind == "image":
                    images.append(_create_image(member, collection, user))
                else:
                    documents.append(_create_document(member, collection, user))
            draft = page.get_latest_revision_as_object()
            for image in images:
                draft.gallery.append(("image", {"image": image, "caption": ""}))
            for document in documents:
                draft.attachments.append(("document", {"document": document, "title": ""}))
            revision = draft.save_revision(user=user, log_action=True)
    except BaseException:
        # The rows are rolled back; the files already written to storage are not.
        _delete_stored_files([*images, *documents])
        raise
    return ZipImportResult(images=images, documents=documents, skipped=skipped, revision=revision)


# --- downloading all attachments as one zip ----------------------------------------------------


def _safe_title(title: str, extension: str) -> str:
    stem = _UNSAFE_NAME_CHARS.sub("_", title or "").strip(" ._")
    if extension and stem.lower().endswith(f".{extension}"):
        stem = stem[: -len(extension) - 1].rstrip(" ._")
    return stem[:100] or "附件"


class _UniqueNames:
    """「标题.pdf」, then 「标题(2).pdf」, 「标题(3).pdf」 … (case-insensitively unique)."""

    def __init__(self):
        self.used: set[str] = set()

    def __call__(self, title: str, extension: str) -> str:
        stem = _safe_title(title, extension)
        suffix = f".{extension}" if extension else ""
        name = f"{stem}{suffix}"
        counter = 1
        while name.lower() in self.used:
            counter += 1
            name = f"{stem}({counter}){suffix}"
        self.used.add(name.lower())
        return name


def dynamic_page_zip_entries(page: DynamicPage) -> list[tuple[str, object]]:
    """(member name, Wagtail document or image) for every attachment, then every gallery image."""
    names = _UniqueNames()
    entries: list[tuple[str, object]] = []
    seen: set[tuple[str, int]] = set()
    for block in page.attachments:
        document = block.value.get("document")
        if document is None or ("document", document.pk) in seen:
            continue
        seen.add(("document", document.pk))
        title = block.value.get("title") or document.title
        entries.append((names(title, document.file_extension.lower()), document))
    for block in page.gallery:
        image = block.value.get("image")
        if image is None or ("image", image.pk) in seen:
            continue
        seen.add(("image", image.pk))
        extension = PurePosixPath(image.file.name).suffix.lower().lstrip(".")
        entries.append((names(image.title, extension), image))
    return entries


def _zip_date_time(obj) -> tuple[int, int, int, int, int, int]:
    moment = getattr(obj, "created_at", None) or timezone.now()
    moment = timezone.localtime(moment)
    if moment.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    return moment.timetuple()[:6]


def dynamic_page_zip_build(page: DynamicPage) -> IO[bytes] | None:
    """A zip of the page's attachments and gallery images (original files), or None if none.

    The zip is written to a spooled temporary file (memory up to 8 MB, then disk), positioned at
    its start; the caller closes it.
    """
    entries = dynamic_page_zip_entries(page)
    if not entries:
        return None
    output = tempfile.SpooledTemporaryFile(max_size=_SPOOL_SIZE)  # noqa: SIM115 - returned
    written = 0
    try:
        with zipfile.ZipFile(output, "w", allowZip64=True) as archive:
            for name, obj in entries:
                extension = PurePosixPath(name).suffix.lower().lstrip(".")
                # zipfile sets the UTF-8 flag (0x800) for every non-ASCII name by itself.
                info = zipfile.ZipInfo(name, date_time=_zip_date_time(obj))
                info.file_size = obj.file_size or 0  # lets zipfile decide on ZIP64
                info.compress_type = (
                    zipfile.ZIP_STORED if extension in STORED_EXTENSIONS else zipfile.ZIP_DEFLATED
                )
                try:
                    source = obj.file.open("rb")
                except (FileNotFoundError, OSError):
                    logger.warning("Attachment file missing, left out of the zip: %s", obj.file)
                    continue
                with source, archive.open(info, "w") as target:
                    shutil.copyfileobj(source, target, _COPY_CHUNK)
                written += 1
    except BaseException:
        output.close()
        raise
    if not written:
        output.close()
        return None
    output.seek(0)
    return output

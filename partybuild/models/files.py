"""Files people upload into the registers (入党申请书, 思想汇报, step scans, minutes, photos …).

They hold personal data, so they are not Wagtail images or documents: those live under
``MEDIA_URL``, are listed by the v2 API and offered by the editors' choosers. A
:class:`PrivateFile` lives in the ``private`` storage (``PRIVATE_MEDIA_ROOT``, outside
``MEDIA_ROOT``; its storage has no URL) and is only ever served by
``partybuild.views_files.private_file_view``, which asks the object the file belongs to
whether the requesting user may see it (``partybuild.file_access``).
"""

import posixpath
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PrivateStorage(FileSystemStorage):
    """File system storage without a public URL: asking for one is a programming error."""

    def url(self, name):
        raise ValueError(
            "Private files have no public URL; link to PrivateFile.url (the checked view)."
        )


def private_storage():
    """The ``private`` storage of ``settings.STORAGES`` (a callable, so tests can swap it)."""
    return storages["private"]


def _upload_to(instance: "PrivateFile", filename: str) -> str:
    # The stored name never contains the uploaded name (which may carry a person's name);
    # the key is unguessable and the extension keeps the type.
    extension = posixpath.splitext(filename)[1].lower()[:10]
    return f"{timezone.localdate():%Y/%m}/{instance.key.hex}{extension}"


class PrivateFileKind(models.TextChoices):
    IMAGE = "image", _("图片")
    DOCUMENT = "document", _("文件")


class PrivateFile(models.Model):
    """One uploaded file with personal data; see the module docstring for who may read it."""

    key = models.UUIDField(_("标识"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("类别"), max_length=10, choices=PrivateFileKind.choices)
    title = models.CharField(_("标题"), max_length=255)
    file = models.FileField(_("文件"), storage=private_storage, upload_to=_upload_to)
    original_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("私有文件")
        verbose_name_plural = _("私有文件")

    def __str__(self) -> str:
        return self.title

    @property
    def file_extension(self) -> str:
        return posixpath.splitext(self.file.name)[1].lstrip(".").lower()

    @property
    def download_name(self) -> str:
        """The name offered to the browser: the title with the stored file's extension."""
        extension = self.file_extension
        base = self.title.strip() or "file"
        if extension and not base.lower().endswith(f".{extension}"):
            base = f"{base}.{extension}"
        return base.replace("/", "_").replace("\\", "_")

    @property
    def thumbnail_name(self) -> str:
        """The storage name of the image's reduced copy (made on first request)."""
        return f"renditions/{self.key.hex}-thumbnail.jpg"

    @property
    def url(self) -> str:
        """The checked URL of the file (relative to the site). Its last segment is neutral
        (``document.pdf``), so access logs record no title or name; the browser still saves the
        file under :attr:`download_name` (Content-Disposition)."""
        extension = self.file_extension
        name = f"{self.kind}.{extension}" if extension else self.kind
        return reverse("private_file", kwargs={"key": self.key, "name": name})

    @property
    def thumbnail_url(self) -> str:
        """A reduced copy of an image, served by the same checked view."""
        return f"{self.url}?size=thumbnail"


@receiver(post_delete, sender=PrivateFile, dispatch_uid="private_file_delete_data")
def _private_file_delete_data(sender, instance: PrivateFile, **kwargs) -> None:
    """A deleted row takes its bytes and its thumbnail with it (nothing private is left behind)."""
    storage = instance.file.storage
    for name in (instance.file.name, instance.thumbnail_name):
        if name and storage.exists(name):
            storage.delete(name)

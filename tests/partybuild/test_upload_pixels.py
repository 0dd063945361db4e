"""Images over ``IMAGE_MAX_PIXELS`` are refused with a Chinese message wherever they are uploaded
(the registers' upload check, the app API, Wagtail's image library), never a 500; Pillow's own
limit is the same number (issue 18, item 8)."""

import datetime
import io
import zlib
from struct import pack

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from partybuild.models import PrivateFile
from partybuild.supervision.models import InspectionAssignment
from partybuild.supervision.services import inspection_task_create, inspection_task_issue
from partybuild.uploads import upload_store_document, upload_store_image
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def _png(width: int, height: int) -> bytes:
    """A valid black PNG of any size, built without Pillow allocating its pixels: one bit per
    pixel, each row a filter byte and zero bytes, compressed to a few kilobytes."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return pack(">I", len(body)) + kind + body + pack(">I", zlib.crc32(kind + body))

    header = pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def _small_png() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (20, 10), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_pillow_and_wagtail_share_the_pixel_limit():
    assert settings.IMAGE_MAX_PIXELS == 40_000_000
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == settings.IMAGE_MAX_PIXELS
    assert PillowImage.MAX_IMAGE_PIXELS == settings.IMAGE_MAX_PIXELS


@pytest.mark.parametrize(
    "size",
    [(16000, 16000), (12000, 12000), (8001, 5000)],
    ids=["decompression-bomb", "twice-the-limit-or-less", "just-over"],
)
def test_a_photo_over_the_pixel_limit_is_refused_and_nothing_is_stored(size):
    before = PrivateFile.objects.count()
    with pytest.raises(ValidationError) as refused:
        upload_store_image(
            file=SimpleUploadedFile("大图.png", _png(*size), content_type="image/png"), title="x"
        )
    error = refused.value.error_dict["image"][0]
    assert error.code == "upload_too_many_pixels"
    assert "4000 万" in error.messages[0]
    assert PrivateFile.objects.count() == before


def test_a_photo_at_the_limit_is_accepted():
    stored = upload_store_image(
        file=SimpleUploadedFile("刚好.png", _png(8000, 5000), content_type="image/png"), title="x"
    )
    assert stored.pk


def test_an_image_uploaded_as_a_document_is_held_to_the_same_limit():
    with pytest.raises(ValidationError) as refused:
        upload_store_document(file=SimpleUploadedFile("扫描件.png", _png(16000, 16000)), title="x")
    assert refused.value.error_dict["attachment"][0].code == "upload_too_many_pixels"


def test_the_app_api_refuses_a_huge_image_with_422_json(roles, tree):
    task = inspection_task_create(
        issuer=tree["general"],
        subject="检查",
        requirements="上传",
        deadline=datetime.date(2026, 12, 31),
        actor=None,
    )
    inspection_task_issue(task=task, targets=[tree["first"]], actor=None)
    assignment = InspectionAssignment.objects.get(task=task, organisation=tree["first"])
    response = client_for(roles["admin_a"]).post(
        f"/api/app/supervision/assignments/{assignment.pk}/attachments",
        {"file": SimpleUploadedFile("现场.png", _png(16000, 16000))},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "upload_too_many_pixels"
    assert "4000 万" in body["message"]
    assert assignment.attachments.count() == 0


@pytest.mark.parametrize("size", [(16000, 16000), (12000, 12000)])
def test_wagtails_image_upload_refuses_a_huge_image_with_a_message(admin_client, size):
    response = admin_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("大图.png", _png(*size), content_type="image/png")},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is False
    assert "像素过多" in body["error_message"]
    assert not get_image_model().objects.filter(title="大图").exists()


def test_wagtails_image_upload_accepts_a_normal_photo(admin_client):
    response = admin_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("小图.png", _small_png(), content_type="image/png")},
    )
    assert response.status_code == 200
    assert response.json()["success"] is True

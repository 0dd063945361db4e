"""Uploads: accepted types and sizes, refusals that store nothing."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from partybuild import uploads
from partybuild.uploads import upload_store_document, upload_store_image

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (4, 3), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_photo_is_stored_as_an_image_with_its_size():
    image = upload_store_image(
        file=SimpleUploadedFile("心愿.png", png_bytes(), content_type="image/png"), title="心愿照片"
    )
    assert (image.width, image.height) == (4, 3)
    assert image.title == "心愿照片"


def test_a_pdf_is_stored_as_a_document():
    document = upload_store_document(
        file=SimpleUploadedFile("汇报.pdf", b"%PDF-1.4 test"), title="思想汇报"
    )
    assert document.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("store", "name", "content", "code"),
    [
        (upload_store_image, "恶意.exe", b"MZ", "upload_type_not_allowed"),
        (upload_store_image, "假图片.png", b"not an image", "upload_not_an_image"),
        (upload_store_document, "脚本.html", b"<script>", "upload_type_not_allowed"),
        (upload_store_document, "无扩展名", b"data", "upload_type_not_allowed"),
    ],
)
def test_wrong_types_are_refused_and_nothing_is_stored(store, name, content, code):
    with pytest.raises(ValidationError) as refused:
        store(file=SimpleUploadedFile(name, content), title="x", field="photo")
    assert refused.value.error_dict["photo"][0].code == code
    assert get_image_model().objects.count() == 0
    assert get_document_model().objects.count() == 0


def test_a_file_over_the_limit_is_refused_with_the_limit_in_the_message(monkeypatch):
    monkeypatch.setitem(uploads.MAX_SIZE, "document", 10)
    with pytest.raises(ValidationError) as refused:
        upload_store_document(file=SimpleUploadedFile("大.pdf", b"%PDF" + b"0" * 20), title="x")
    error = refused.value.error_dict["attachment"][0]
    assert error.code == "upload_too_large"
    assert "不能超过" in error.messages[0]
    assert get_document_model().objects.count() == 0

"""Uploads: accepted types and sizes, refusals that store nothing."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from partybuild import uploads
from partybuild.models import PrivateFile, PrivateFileKind
from partybuild.uploads import upload_store_document, upload_store_image

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (4, 3), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_photo_is_stored_as_a_private_image_with_its_size(settings):
    content = png_bytes()
    image = upload_store_image(
        file=SimpleUploadedFile("心愿.png", content, content_type="image/png"), title="心愿照片"
    )
    assert image.kind == PrivateFileKind.IMAGE
    assert (image.title, image.original_name, image.size) == ("心愿照片", "心愿.png", len(content))
    # Stored outside MEDIA_ROOT, under a name that does not carry the uploaded one.
    path = image.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert "心愿" not in image.file.name


def test_a_pdf_is_stored_as_a_document():
    document = upload_store_document(
        file=SimpleUploadedFile("汇报.pdf", b"%PDF-1.4 test"), title="思想汇报"
    )
    assert document.file.name.endswith(".pdf")
    assert document.kind == PrivateFileKind.DOCUMENT


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
    assert PrivateFile.objects.count() == 0


def test_a_file_over_the_limit_is_refused_with_the_limit_in_the_message(monkeypatch):
    monkeypatch.setitem(uploads.MAX_SIZE, "document", 10)
    with pytest.raises(ValidationError) as refused:
        upload_store_document(file=SimpleUploadedFile("大.pdf", b"%PDF" + b"0" * 20), title="x")
    error = refused.value.error_dict["attachment"][0]
    assert error.code == "upload_too_large"
    assert "不能超过" in error.messages[0]
    assert PrivateFile.objects.count() == 0

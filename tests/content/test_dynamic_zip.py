"""党建动态 打包上传、下载: zip import into a draft (admin), attachments as one zip (portal)."""

import io
import os
import zipfile
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, PageViewRestriction

from content import packaging
from content.models import DynamicIndexPage, DynamicPage
from content.packaging import decode_member_name, dynamic_page_import_zip

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


# --- helpers -----------------------------------------------------------------------------------


def image_bytes(fmt: str = "PNG", color=(200, 0, 0), size=(12, 8)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def make_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def make_gbk_zip(name: str, data: bytes) -> bytes:
    """A zip as Chinese Windows writes it: the name in GBK, the UTF-8 flag not set."""
    encoded = name.encode("gbk")
    placeholder = b"~" * len(encoded)
    raw = make_zip({placeholder.decode(): data})
    assert raw.count(placeholder) == 2  # local header and central directory
    return raw.replace(placeholder, encoded)


def upload(data: bytes, name: str = "材料.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")


def create_page(title: str = "支部主题党日活动", slug: str = "activity", publish: bool = True):
    index = DynamicIndexPage.objects.get()
    page = DynamicPage(title=title, slug=slug, live=False)
    index.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def latest_draft(page) -> DynamicPage:
    return DynamicPage.objects.get(pk=page.pk).get_latest_revision_as_object()


def counts() -> tuple[int, int]:
    return Image.objects.count(), Document.objects.count()


def media_files() -> set[str]:
    found = set()
    for root, _dirs, files in os.walk(settings.MEDIA_ROOT):
        found.update(os.path.join(root, name) for name in files)
    return found


def import_url(page) -> str:
    return reverse("content_dynamic_page_import_zip", args=[page.pk])


def codes(error: ValidationError) -> set[str]:
    return {item.code for item in error.error_list}


# --- 打包上传 (admin) ------------------------------------------------------------


def test_superuser_imports_images_and_documents_into_a_new_draft(admin_client):
    page = create_page(publish=False)
    data = make_zip(
        {
            "照片/01 合影.jpg": image_bytes("JPEG"),
            "照片/02 会场.png": image_bytes("PNG", color=(0, 0, 200)),
            "会议纪要.pdf": PDF,
            "setup.exe": b"MZ not really",
            "__MACOSX/._会议纪要.pdf": b"resource fork",
            ".DS_Store": b"finder",
        }
    )
    revisions_before = page.revisions.count()

    response = admin_client.post(import_url(page), {"file": upload(data)})

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    draft = latest_draft(page)
    assert page.revisions.count() == revisions_before + 1
    images = [block.value["image"] for block in draft.gallery]
    assert [image.title for image in images] == ["01 合影", "02 会场"]
    assert all(image.width == 12 and image.height == 8 for image in images)
    assert all(image.collection == Collection.get_first_root_node() for image in images)
    documents = [block.value["document"] for block in draft.attachments]
    assert [(doc.title, doc.file_extension) for doc in documents] == [("会议纪要", "pdf")]
    with documents[0].file.open("rb") as stored:
        assert stored.read() == PDF
    assert counts() == (2, 1)  # setup.exe and the macOS system files were not imported
    page.refresh_from_db()
    assert not page.live
    assert len(page.gallery) == 0  # the page row is untouched; the content is in the revision

    messages = [str(m).strip() for m in response.wsgi_request._messages]
    assert "已导入图片 2 张、附件 1 个，已保存为草稿" in messages
    assert any("setup.exe" in m and "不支持的文件类型（.exe）" in m for m in messages)


def test_import_into_a_published_page_leaves_the_live_version_unchanged(superuser):
    page = create_page()
    draft = page.get_latest_revision_as_object()
    draft.summary = "尚未发布的摘要修改"
    draft.save_revision(user=superuser)

    result = dynamic_page_import_zip(
        page=page, file=upload(make_zip({"a.png": image_bytes(), "b.pdf": PDF})), user=superuser
    )

    assert (len(result.images), len(result.documents), result.skipped) == (1, 1, [])
    live = DynamicPage.objects.get(pk=page.pk)
    assert live.live
    assert live.has_unpublished_changes
    assert len(live.gallery) == 0 and len(live.attachments) == 0
    assert live.summary == ""
    draft = live.get_latest_revision_as_object()
    assert draft.summary == "尚未发布的摘要修改"  # the earlier draft is kept, not overwritten
    assert [block.value["image"] for block in draft.gallery] == result.images
    assert result.revision == live.latest_revision
    assert result.revision.user == superuser


def test_import_appends_to_existing_gallery_and_attachments(superuser):
    page = create_page(publish=False)
    dynamic_page_import_zip(page=page, file=upload(make_zip({"a.png": image_bytes()})), user=None)
    dynamic_page_import_zip(
        page=page, file=upload(make_zip({"b.png": image_bytes(), "c.pdf": PDF})), user=superuser
    )
    draft = latest_draft(page)
    assert [block.value["image"].title for block in draft.gallery] == ["a", "b"]
    assert [block.value["document"].title for block in draft.attachments] == ["c"]


def test_gbk_member_name_is_decoded_to_chinese(superuser):
    data = make_gbk_zip("党支部会议纪要.pdf", PDF)
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    assert not info.flag_bits & 0x800
    assert info.filename != "党支部会议纪要.pdf"  # what Python reads as CP437
    assert decode_member_name(info) == "党支部会议纪要.pdf"

    page = create_page(publish=False)
    result = dynamic_page_import_zip(page=page, file=upload(data), user=superuser)
    assert [doc.title for doc in result.documents] == ["党支部会议纪要"]


def test_utf8_flagged_member_name_is_kept(superuser):
    info = zipfile.ZipFile(io.BytesIO(make_zip({"学习资料.pdf": PDF}))).infolist()[0]
    assert info.flag_bits & 0x800
    assert decode_member_name(info) == "学习资料.pdf"


@pytest.mark.parametrize("evil", ["../evil.txt", "docs/../../evil.txt", "/etc/evil.txt"])
def test_unsafe_path_refuses_the_whole_zip(client, superuser, evil):
    client.force_login(superuser)
    page = create_page()
    before_files, before_revisions = media_files(), page.revisions.count()
    data = make_zip({"a.png": image_bytes(), "b.pdf": PDF, evil: b"owned"})

    with pytest.raises(ValidationError) as caught:
        dynamic_page_import_zip(page=page, file=upload(data), user=superuser)
    assert codes(caught.value) == {"zip_unsafe_path"}
    assert evil in caught.value.messages[0]
    assert "路径不安全" in caught.value.messages[0]

    response = client.post(import_url(page), {"file": upload(data)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "路径不安全" in html and "打包上传失败，未导入任何文件。" in html

    assert counts() == (0, 0)
    assert media_files() == before_files
    assert page.revisions.count() == before_revisions


def test_corrupt_image_refuses_the_whole_zip(superuser):
    page = create_page()
    broken = image_bytes("PNG")[:40]  # truncated
    data = make_zip({"a.png": image_bytes(), "b.pdf": PDF, "坏图.png": broken})
    before_files = media_files()

    with pytest.raises(ValidationError) as caught:
        dynamic_page_import_zip(page=page, file=upload(data), user=superuser)

    assert codes(caught.value) == {"zip_bad_image"}
    assert "图片「坏图.png」无效" in caught.value.messages[0]
    assert counts() == (0, 0)
    assert media_files() == before_files
    assert len(latest_draft(page).gallery) == 0


def test_image_whose_content_does_not_match_its_extension_is_refused(superuser):
    page = create_page()
    data = make_zip({"photo.png": image_bytes("JPEG")})
    with pytest.raises(ValidationError) as caught:
        dynamic_page_import_zip(page=page, file=upload(data), user=superuser)
    assert codes(caught.value) == {"zip_bad_image"}
    assert "JPEG" in caught.value.messages[0]
    assert counts() == (0, 0)


def test_non_zip_upload_is_refused(admin_client, superuser):
    page = create_page()
    with pytest.raises(ValidationError) as caught:
        dynamic_page_import_zip(page=page, file=upload(PDF, "会议纪要.pdf"), user=superuser)
    assert codes(caught.value) == {"zip_invalid"}
    assert "「会议纪要.pdf」不是有效的 ZIP 压缩包" in caught.value.messages[0]

    response = admin_client.post(import_url(page), {"file": upload(PDF, "会议纪要.pdf")})
    assert response.status_code == 200
    assert "不是有效的 ZIP 压缩包" in response.content.decode()
    assert counts() == (0, 0)


def test_encrypted_member_is_refused(superuser):
    raw = bytearray(make_zip({"secret.pdf": PDF}))
    raw[6] |= 0x1  # local header general purpose flags
    central = raw.index(b"PK\x01\x02")
    raw[central + 8] |= 0x1  # central directory flags
    with pytest.raises(ValidationError) as caught:
        dynamic_page_import_zip(page=create_page(), file=upload(bytes(raw)), user=superuser)
    assert codes(caught.value) == {"zip_encrypted"}
    assert "「secret.pdf」已加密" in caught.value.messages[0]


def test_too_many_members_are_refused(superuser, monkeypatch):
    monkeypatch.setattr(packaging, "ZIP_MAX_MEMBERS", 3)
    data = make_zip({f"{n}.txt": b"x" for n in range(4)})
    with pytest.raises(ValidationError) as caught:
        dynamic_page_import_zip(page=create_page(), file=upload(data), user=superuser)
    assert codes(caught.value) == {"zip_too_many_files"}
    assert "最多 3 个" in caught.value.messages[0]


def test_size_limits(superuser, monkeypatch):
    page = create_page()
    monkeypatch.setattr(packaging, "ZIP_MAX_MEMBER_SIZE", 1000)
    data = make_zip({"big.txt": b"x" * 1001, "small.txt": b"y"})
    with pytest.raises(ValidationError) as caught:
        dynamic_page_import_zip(page=page, file=upload(data), user=superuser)
    assert codes(caught.value) == {"zip_too_large"}
    assert "「big.txt」" in caught.value.messages[0]

    monkeypatch.setattr(packaging, "ZIP_MAX_TOTAL_SIZE", 1500)
    data = make_zip({"a.txt": b"x" * 800, "b.txt": b"y" * 800})
    with pytest.raises(ValidationError) as caught:
        dynamic_page_import_zip(page=page, file=upload(data), user=superuser)
    assert codes(caught.value) == {"zip_too_large"}
    assert "解压后" in caught.value.messages[0]
    assert counts() == (0, 0)


def test_zip_with_nothing_importable_is_refused(superuser):
    data = make_zip({"setup.exe": b"MZ", "empty/": b""})
    with pytest.raises(ValidationError) as caught:
        dynamic_page_import_zip(page=create_page(), file=upload(data), user=superuser)
    assert codes(caught.value) == {"zip_empty"}
    assert "setup.exe" in caught.value.messages[0]


def test_failure_while_saving_rolls_back_rows_and_files(superuser, monkeypatch):
    page = create_page()
    before_files = media_files()

    def fail(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(DynamicPage, "save_revision", fail)
    data = make_zip({"a.png": image_bytes(), "b.pdf": PDF})
    with pytest.raises(RuntimeError):
        dynamic_page_import_zip(page=page, file=upload(data), user=superuser)
    assert counts() == (0, 0)
    assert media_files() == before_files


def test_user_who_cannot_edit_the_page_gets_403(client, tree, make_admin):
    page = create_page()
    editor = make_admin("branch_admin", tree["first"])  # admin access, no page permissions
    client.force_login(editor)
    data = make_zip({"a.png": image_bytes()})

    assert client.get(import_url(page)).status_code == 403
    assert client.post(import_url(page), {"file": upload(data)}).status_code == 403
    assert counts() == (0, 0)
    assert DynamicPage.objects.get(pk=page.pk).latest_revision_id == page.latest_revision_id


def test_anonymous_user_is_sent_to_login(client):
    page = create_page()
    response = client.post(import_url(page), {"file": upload(make_zip({"a.png": image_bytes()}))})
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert counts() == (0, 0)


def test_import_form_and_editor_button(admin_client):
    page = create_page()
    response = admin_client.get(import_url(page))
    assert response.status_code == 200
    html = response.content.decode()
    assert "打包上传图片和附件" in html
    assert 'enctype="multipart/form-data"' in html
    assert page.title in html

    editor = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert editor.status_code == 200
    assert "打包上传" in editor.content.decode()
    assert import_url(page) in editor.content.decode()

    index = DynamicIndexPage.objects.get()
    index_editor = admin_client.get(reverse("wagtailadmin_pages:edit", args=[index.pk]))
    assert import_url(index) not in index_editor.content.decode()


def test_unknown_page_is_404(admin_client):
    index = DynamicIndexPage.objects.get()
    assert admin_client.get(import_url(index)).status_code == 404


# --- 打包下载 (portal) ------------------------------------------------------------


def make_document(title: str, filename: str, data: bytes):
    return Document.objects.create(title=title, file=ContentFile(data, name=filename))


def make_image(title: str, data: bytes):
    return Image.objects.create(title=title, file=ImageFile(io.BytesIO(data), name="photo.png"))


def publish_with_files(title="七一党课", slug="party-lesson"):
    page = create_page(title=title, slug=slug, publish=False)
    minutes = make_document("会议纪要", "minutes.pdf", PDF)
    minutes_again = make_document("会议纪要", "minutes-2.pdf", PDF + b"second")
    sheet = make_document("签到表.xlsx", "sign.xlsx", b"PK sheet bytes")
    photo_bytes = image_bytes()
    photo = make_image("合影", photo_bytes)
    page.attachments = [
        ("document", {"document": minutes, "title": ""}),
        ("document", {"document": minutes_again, "title": ""}),
        ("document", {"document": sheet, "title": ""}),
    ]
    page.gallery = [("image", {"image": photo, "caption": "全体党员合影"})]
    page.save_revision().publish()
    page.refresh_from_db()
    expected = {
        "会议纪要.pdf": PDF,
        "会议纪要(2).pdf": PDF + b"second",
        "签到表.xlsx": b"PK sheet bytes",
        "合影.png": photo_bytes,
    }
    return page, expected


def read_zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_download_of_a_published_page_contains_every_attachment_and_image(client):
    page, expected = publish_with_files()

    response = client.get(reverse("dynamic_page_zip", args=[page.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"dynamic-{page.pk}.zip\"; filename*=UTF-8''{quote('七一党课.zip')}"
    )
    archive = read_zip(response)
    assert archive.testzip() is None
    assert archive.namelist() == list(expected)
    for info in archive.infolist():
        assert info.flag_bits & 0x800  # UTF-8 names
        assert archive.read(info) == expected[info.filename]


def test_download_serves_the_live_version_not_the_draft(client):
    page, expected = publish_with_files()
    draft = page.get_latest_revision_as_object()
    draft.attachments = [("document", {"document": make_document("草稿附件", "d.pdf", PDF)})]
    draft.save_revision()

    archive = read_zip(client.get(reverse("dynamic_page_zip", args=[page.pk])))
    assert archive.namelist() == list(expected)


def test_page_shows_the_download_link(client):
    page, _ = publish_with_files()
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "打包下载全部附件" in html
    assert reverse("dynamic_page_zip", args=[page.pk]) in html


def test_page_without_files_has_no_link_and_no_zip(client):
    page = create_page()
    assert "打包下载全部附件" not in client.get(page.url).content.decode()
    assert client.get(reverse("dynamic_page_zip", args=[page.pk])).status_code == 404


def test_download_of_a_draft_only_page_is_404(client, admin_client):
    page = create_page(publish=False)
    draft = page.get_latest_revision_as_object()
    draft.attachments = [("document", {"document": make_document("纪要", "m.pdf", PDF)})]
    draft.save_revision()
    url = reverse("dynamic_page_zip", args=[page.pk])
    assert client.get(url).status_code == 404
    assert admin_client.get(url).status_code == 404


def test_download_of_a_private_page_is_404(client):
    page, _ = publish_with_files()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(reverse("dynamic_page_zip", args=[page.pk])).status_code == 404


def test_download_of_an_unpublished_page_is_404(client):
    page, _ = publish_with_files()
    page.unpublish()
    assert client.get(reverse("dynamic_page_zip", args=[page.pk])).status_code == 404

"""The v2 content API: fields of every page type, renditions, and constant query counts."""

import pytest
from django.core.files.images import ImageFile
from wagtail.images.models import Image

from content.models import ExemplarIndexPage, ExemplarPage, NoticeIndexPage, NoticePage

pytestmark = pytest.mark.django_db


def make_image(tmp_path, name="photo.png"):
    from PIL import Image as PILImage

    path = tmp_path / name
    PILImage.new("RGB", (600, 800), (200, 30, 30)).save(path)
    with path.open("rb") as handle:
        return Image.objects.create(title=name, file=ImageFile(handle, name=name))


def publish_notices(count: int, start: int = 0):
    index = NoticeIndexPage.objects.get()
    for number in range(start, start + count):
        page = NoticePage(title=f"通知{number}", slug=f"notice-{number}", summary="摘要")
        index.add_child(instance=page)
        page.save_revision().publish()


def test_notice_fields_are_exposed(client, tree):
    publish_notices(1)
    notice = NoticePage.objects.get()
    notice.target_organisations.add(tree["first"])
    notice.save_revision().publish()
    data = client.get(f"/api/v2/pages/{notice.pk}/").json()
    for field in ("date", "summary", "body", "attachments", "target_organisations"):
        assert field in data
    assert data["meta"]["type"] == "content.NoticePage"


def test_exemplar_photo_rendition(client, tree, tmp_path):
    index = ExemplarIndexPage.objects.get()
    page = ExemplarPage(
        title="吕建江",
        slug="lv",
        person_name="吕建江",
        organisation=tree["first"],
        photo=make_image(tmp_path),
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert data["person_name"] == "吕建江"
    assert data["organisation_name"] == "一支部"
    assert data["photo_thumbnail"]["width"] == 300
    assert data["photo_thumbnail"]["url"].endswith(".png")


def test_list_query_count_does_not_grow_with_page_size(client, db, django_assert_max_num_queries):
    publish_notices(3)
    url = "/api/v2/pages/?type=content.NoticePage&fields=*&limit=20"
    with django_assert_max_num_queries(40) as small:
        assert len(client.get(url).json()["items"]) == 3
    publish_notices(20, start=3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get(url).json()["items"]) == 20


def test_drafts_are_not_in_the_api(client, db):
    index = NoticeIndexPage.objects.get()
    draft = NoticePage(title="草稿通知", slug="draft", live=False)
    index.add_child(instance=draft)
    titles = [i["title"] for i in client.get("/api/v2/pages/").json()["items"]]
    assert "草稿通知" not in titles
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404

"""The member app's 首页 and content screens in the app API: the carousel with pictures, thumbnails,
which modules apply, and the addresses of a notice's or page's images and documents."""

import datetime
import itertools

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Site

from content.models import (
    DynamicIndexPage,
    DynamicPage,
    ExemplarIndexPage,
    ExemplarPage,
    NewsIndexPage,
    NewsPage,
)
from partybuild.memberservices.models import MemberServiceSettings
from partybuild.recruitment.models import CandidateStatus
from tests.api.factories import candidate_in, publish_disclosure, publish_notice

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def make_image(tmp_path, size=(1200, 675)) -> Image:
    from PIL import Image as PILImage

    name = f"picture-{next(_numbers)}.png"
    path = tmp_path / name
    PILImage.new("RGB", size, (200, 30, 30)).save(path)
    with path.open("rb") as handle:
        return Image.objects.create(title=name, file=ImageFile(handle, name=name))


def make_document(title="党费收缴办法") -> Document:
    return Document.objects.create(title=title, file=ContentFile(b"%PDF-1.4", name="rules.pdf"))


def publish(index_model, page):
    index_model.objects.first().add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def dynamic(title, day, image=None, body_image=None):
    page = DynamicPage(title=title, date=datetime.date(2026, 5, day), summary="摘要")
    if image is not None:
        page.gallery = [("image", {"image": image, "caption": "活动现场"})]
    if body_image is not None:
        page.body = [("image", {"image": body_image, "caption": ""})]
    return publish(DynamicIndexPage, page)


def news(title, day, image=None):
    page = NewsPage(title=title, date=datetime.date(2026, 4, day), summary="新闻摘要")
    if image is not None:
        page.body = [
            ("paragraph", "<p>会议要求……</p>"),
            ("image", {"image": image, "caption": "会场"}),
        ]
    return publish(NewsIndexPage, page)


def home(client) -> dict:
    response = client.get("/api/app/home/")
    assert response.status_code == 200
    return response.json()


def test_the_carousel_shows_news_and_dynamics_with_pictures(roles, api_client, tmp_path):
    picture = make_image(tmp_path)
    with_gallery = dynamic("有图片的动态", 3, image=picture)
    with_body_image = dynamic("正文有图的动态", 2, body_image=make_image(tmp_path))
    dynamic("没有图片的动态", 4)
    report = news("有图片的新闻", 1, image=make_image(tmp_path))
    body = home(api_client(roles["member_a"]))
    assert [item["id"] for item in body["featured"]] == [
        with_gallery.pk,
        with_body_image.pk,
        report.pk,
    ]
    first = body["featured"][0]
    assert first["type"] == "dynamic" and first["type_label"] == "党建动态"
    assert first["title"] == "有图片的动态" and first["date"] == "2026-05-03"
    assert first["image_url"].startswith("/media/images/")
    assert ".fill-750x400" in first["image_url"]
    assert body["featured"][2]["type"] == "news"
    thumbnails = {item["title"]: item["image_url"] for item in body["dynamics"]["items"]}
    assert ".fill-480x270" in thumbnails["有图片的动态"]
    assert thumbnails["没有图片的动态"] is None
    assert [item["title"] for item in body["news"]["items"]] == ["有图片的新闻"]
    assert body["news"]["section_id"] == NewsIndexPage.objects.get().pk


def test_one_busy_section_does_not_fill_the_carousel(roles, api_client, tmp_path):
    picture = make_image(tmp_path)
    for day in range(1, 8):
        dynamic(f"动态{day}", day, image=picture)
    news("新闻", 1, image=picture)
    featured = home(api_client(roles["member_a"]))["featured"]
    assert len(featured) == 4
    assert [item["type"] for item in featured] == ["dynamic"] * 3 + ["news"]


def test_exemplars_have_portraits(roles, api_client, tmp_path, tree):
    page = ExemplarPage(
        title="吕建江",
        person_name="吕建江",
        organisation=tree["first"],
        photo=make_image(tmp_path, size=(300, 400)),
    )
    publish(ExemplarIndexPage, page)
    items = home(api_client(roles["member_b"]))["exemplars"]["items"]
    assert ".fill-300x400" in items[0]["image_url"]


def test_the_home_reads_the_same_queries_for_any_number_of_pictures(
    roles, api_client, tmp_path, django_assert_max_num_queries
):
    """Once the renditions exist (the first response makes them), the home's queries do not
    grow with the pictures of the carousel, the thumbnails or the portraits."""
    client = api_client(roles["member_a"])
    dynamic("动态", 1, image=make_image(tmp_path))
    home(client)
    with django_assert_max_num_queries(40) as small:
        assert len(home(client)["featured"]) == 1
    few = len(small.captured_queries)
    for day in range(2, 12):
        dynamic(f"动态{day}", day, image=make_image(tmp_path))
        news(f"新闻{day}", day, image=make_image(tmp_path))
    home(client)
    with django_assert_max_num_queries(few):
        assert len(home(client)["featured"]) == 5


def test_modules_follow_the_member(roles, api_client, tree, django_user_model):
    settings = MemberServiceSettings.for_site(Site.objects.get(is_default_site=True))
    settings.mailbox_email = ""
    settings.save()
    member = home(api_client(roles["member_a"]))["modules"]
    assert member == {
        "dues": True,
        "meetings": True,
        "recruitment": False,
        "wishes": True,
        "experiences": True,
        "suggestions": True,
        "letters": False,
        "board": True,
        "learning": True,
    }
    settings.mailbox_email = "shuji@example.com"
    settings.save()
    assert home(api_client(roles["member_a"]))["modules"]["letters"] is True

    administrator = home(api_client(roles["admin_a"]))["modules"]
    assert not any(administrator.values())

    applicant = django_user_model.objects.create_user(username="applicant", password="x" * 12)
    candidate = candidate_in(tree["first"], user=applicant)
    modules = home(api_client(applicant))["modules"]
    assert modules["recruitment"] is True and modules["dues"] is False
    candidate.status = CandidateStatus.WITHDRAWN
    candidate.save()
    assert home(api_client(applicant))["modules"]["recruitment"] is False

    roles["member_b"].member.is_on_roll = False
    roles["member_b"].member.save()
    away = home(api_client(roles["member_b"]))["modules"]
    assert away["dues"] is True and away["board"] is False and away["letters"] is False
    assert away["learning"] is False


def test_the_home_stays_compatible(roles, api_client):
    body = home(api_client(roles["member_a"]))
    for key in (
        "notices",
        "unread_notice_count",
        "dynamics",
        "disclosures",
        "exemplars",
        "videos",
        "unread_message_count",
        "pending_task_count",
    ):
        assert key in body


def test_a_notice_gives_its_images_and_documents(roles, api_client, tmp_path):
    picture = make_image(tmp_path)
    rules = make_document()
    notice = publish_notice("关于收缴党费的通知")
    notice.body = [
        ("paragraph", f'<p>请阅读<a linktype="document" id="{rules.pk}">办法</a>。</p>'),
        ("image", {"image": picture, "caption": "收缴流程"}),
    ]
    notice.attachments = [("document", {"document": rules, "title": "附件一"})]
    notice.save_revision().publish()
    client = api_client(roles["member_a"])

    stored = client.get(f"/api/app/notices/{notice.pk}").json()
    assert 'linktype="document"' in stored["body"][0]["value"]
    assert stored["body"][1]["value"]["image"] == picture.pk
    assert stored["media"]["images"][0]["id"] == picture.pk
    assert ".max-1000x800" in stored["media"]["images"][0]["url"]
    assert stored["media"]["documents"] == [
        {"id": rules.pk, "title": "党费收缴办法", "url": rules.url, "file_extension": "pdf"}
    ]
    assert stored["downloads"][0]["title"] == "附件一"

    shown = client.get(f"/api/app/notices/{notice.pk}?rich_text_format=html").json()
    assert f'href="{rules.url}"' in shown["body"][0]["value"]
    assert "linktype" not in shown["body"][0]["value"]
    assert client.get(f"/api/app/notices/{notice.pk}?rich_text_format=xml").status_code == 422


def test_an_organisation_page_gives_its_downloads(roles, api_client, tree, tmp_path):
    page = publish_disclosure(tree["first"], "一支部党费公开", visibility="subtree")
    rules = make_document("党费明细")
    page.body = [("image", {"image": make_image(tmp_path), "caption": ""})]
    page.attachments = [("document", {"document": rules, "title": ""})]
    page.save_revision().publish()
    detail = api_client(roles["member_a"]).get(f"/api/app/content/pages/{page.pk}").json()
    assert detail["downloads"] == [
        {"id": rules.pk, "title": "党费明细", "url": rules.url, "file_extension": "pdf"}
    ]
    assert len(detail["media"]["images"]) == 1


def test_the_v2_images_endpoint_gives_a_display_rendition(client, tmp_path):
    picture = make_image(tmp_path)
    data = client.get(f"/api/v2/images/{picture.pk}/").json()
    assert data["display"]["width"] == 1000
    assert ".max-1000x800" in data["display"]["url"]
    listed = client.get("/api/v2/images/").json()["items"][0]
    assert "display" not in listed
    asked = client.get("/api/v2/images/?fields=display").json()["items"][0]
    assert asked["display"]["url"] == data["display"]["url"]
    assert "thumbnail" not in data


def test_the_v2_api_lists_images_and_documents_by_ids(
    client, tmp_path, django_assert_max_num_queries
):
    pictures = [make_image(tmp_path) for _ in range(3)]
    wanted = f"{pictures[0].pk},{pictures[2].pk}"
    client.get(f"/api/v2/images/?ids={wanted}&fields=display,thumbnail")
    with django_assert_max_num_queries(8):
        listed = client.get(f"/api/v2/images/?ids={wanted}&fields=display,thumbnail").json()
    assert sorted(item["id"] for item in listed["items"]) == [pictures[0].pk, pictures[2].pk]
    assert all(".fill-480x270" in item["thumbnail"]["url"] for item in listed["items"])
    assert client.get("/api/v2/images/?ids=1,x").status_code == 400
    assert client.get("/api/v2/images/?ids=" + ",".join(["1"] * 51)).status_code == 400
    rules, other = make_document(), make_document("其他")
    documents = client.get(f"/api/v2/documents/?ids={rules.pk}").json()["items"]
    assert [item["title"] for item in documents] == ["党费收缴办法"]
    assert other.pk not in [item["id"] for item in documents]

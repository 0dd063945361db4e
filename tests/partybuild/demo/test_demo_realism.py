"""Issue 19 (items 6 and 7): the demo looks like a real county — ordinary names, real wishes,
titles without doubled prefixes, drawn pictures rather than plain squares, a video the page
plays from this server — and `load_demo` says what it is doing and which logins it made."""

import io
import re

import pytest
from PIL import Image, ImageStat
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from content.models import DynamicPage, ExemplarPage, NewsPage, NoticePage, VideoPage
from partybuild.demo.data import DEMO_LOGINS, DEMO_PASSWORD
from partybuild.memberservices.models import MicroWish
from partybuild.models import Member
from partybuild.orglife.models import Meeting
from partybuild.recruitment.models import Candidate

pytestmark = [pytest.mark.django_db, pytest.mark.early]

NUMBERED_NAME = re.compile(r"[\u4e00-\u9fff]+\d+$")


def test_people_have_ordinary_names(demo):
    names = [*Member.objects.values_list("name", flat=True)]
    names += Candidate.objects.values_list("name", flat=True)
    assert len(names) > 250
    assert [name for name in names if NUMBERED_NAME.search(name)] == []
    profiles = ("申请", "积极", "对象", "审查", "预备", "将满", "逾期", "转正")
    assert not [n for n in Candidate.objects.values_list("name", flat=True) if n[1:3] in profiles]


def test_meeting_titles_do_not_repeat_their_kind(demo):
    meetings = list(Meeting.objects.all())
    assert meetings
    for meeting in meetings:
        kind = str(meeting.get_kind_display())
        assert not meeting.topic.startswith(kind), meeting.topic
        assert f"{kind}：{kind}" not in str(meeting)
    assert len({m.topic for m in meetings}) > 6  # the topics vary over the year


def test_wishes_are_a_countys_wishes(demo):
    titles = list(MicroWish.objects.values_list("title", flat=True))
    assert len(titles) == 10
    assert [t for t in titles if t.isascii()] == []
    assert not {"mac1", "Mac book", "iPhone", "iPhone手机", "电视剧"} & set(titles)
    owners = MicroWish.objects.values_list("owner_name", "mailing_address", "situation")
    assert not [row for row in owners if any(value.isascii() and value for value in row)]
    assert "给孩子买一套课外书" in titles


def _picture(image) -> Image.Image:
    with image.file.open("rb") as handle:
        picture = Image.open(io.BytesIO(handle.read()))
        picture.load()
    return picture


def test_pictures_are_drawn_jpegs_not_plain_squares(demo):
    images = list(get_image_model().objects.all())
    assert 20 <= len(images) <= 40
    portraits = {e.photo_id for e in ExemplarPage.objects.all()}
    assert len(portraits) == 4
    for image in images:
        picture = _picture(image)
        assert picture.format == "JPEG", image.title
        expected = (300, 400) if image.pk in portraits else (1200, 675)
        assert picture.size == expected == (image.width, image.height), image.title
        spread = ImageStat.Stat(picture.convert("L")).stddev[0]
        assert spread > 12, image.title  # a plain colour (with JPEG noise) is below 2
        assert len(picture.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 1000
    # Different pictures, not one drawn again and again.
    assert len({get_image_model().objects.get(pk=pk).file_hash for pk in portraits}) == 4


def test_articles_carry_pictures_in_their_bodies(demo):
    notice = NoticePage.objects.get(slug="notice-1")
    assert [block.block_type for block in notice.body] == ["paragraph", "image"]
    assert notice.body[1].value["caption"]
    news = NewsPage.objects.get()
    assert any(block.block_type == "image" for block in news.body)
    dynamics = DynamicPage.objects.all()
    assert all(len(page.gallery) >= 1 for page in dynamics)
    with_body_pictures = [p for p in dynamics if any(b.block_type == "image" for b in p.body)]
    assert len(with_body_pictures) >= 3


def test_the_video_page_plays_a_local_file(demo, client):
    video = VideoPage.objects.get()
    assert video.video_file is not None and video.embed_url == ""
    html = client.get(video.url).content.decode()
    match = re.search(r'<video[^>]* src="([^"]+)"', html)
    assert match, html
    src = match.group(1)
    assert src.startswith("/documents/")  # served here, no outside site
    assert 'poster="/' in match.group(0)
    response = client.get(src)
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    body = b"".join(response.streaming_content)
    assert body[4:8] == b"ftyp" and len(body) < 300 * 1024
    assert get_document_model().objects.count() == 1


def test_load_demo_reports_each_stage_and_the_logins(demo):
    lines = demo.output.splitlines()
    for stage in (
        "党组织：新建 15 个",
        "党员：新建 248 名",
        "发展党员：新建",
        "党员风采：新建 4 篇",
    ):
        assert any(line.strip().startswith(stage) and "完成" in line for line in lines), stage
    assert f"密码均为 {DEMO_PASSWORD}" in demo.output
    for username, role in DEMO_LOGINS:
        assert any(line.split()[:1] == [username] and role in line for line in lines), username


def test_the_content_api_answers_with_the_requests_host(demo, client, settings):
    listing = client.get("/api/v2/pages/", {"type": "content.NoticePage"}).json()
    meta = listing["items"][0]["meta"]
    assert meta["html_url"].startswith("http://testserver/notices/")
    assert meta["detail_url"].startswith("http://testserver/api/v2/pages/")
    detail = client.get(meta["detail_url"].removeprefix("http://testserver")).json()
    assert detail["meta"]["parent"]["meta"]["html_url"] == "http://testserver/notices/"
    on_port = client.get(
        "/api/v2/pages/", {"type": "content.NoticePage"}, HTTP_HOST="127.0.0.1:8080"
    )
    assert on_port.json()["items"][0]["meta"]["html_url"].startswith("http://127.0.0.1:8080/")

    documents = client.get("/api/v2/documents/").json()["items"]
    assert documents[0]["meta"]["download_url"].startswith("http://testserver/documents/")
    found = client.get("/api/v2/pages/find/", {"html_path": "/notices/"})
    assert found["Location"].startswith("http://testserver/api/v2/pages/")

    settings.WAGTAILAPI_BASE_URL = "https://dangjian.example.cn"
    configured = client.get("/api/v2/pages/", {"type": "content.NoticePage"}).json()
    assert configured["items"][0]["meta"]["html_url"].startswith("https://dangjian.example.cn/")

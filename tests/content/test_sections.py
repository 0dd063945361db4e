"""Every section and article renders; lists are newest first, paginated and filterable."""

import datetime

import pytest

from content.models import (
    DynamicIndexPage,
    DynamicPage,
    ExemplarIndexPage,
    ExemplarPage,
    GuideIndexPage,
    GuidePage,
    HomePage,
    IntegrityIndexPage,
    IntegrityPage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    NoticeIndexPage,
    NoticePage,
    ServiceInfoIndexPage,
    ServiceInfoPage,
    TopicIndexPage,
    TopicPage,
    VideoIndexPage,
    VideoPage,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def publish(index_model, page):
    index_model.objects.get().add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_every_section_and_article_type_renders(client, tree, publish_disclosure):
    pages = [
        publish(NoticeIndexPage, NoticePage(title="通知甲", slug="n1")),
        publish(DynamicIndexPage, DynamicPage(title="动态甲", slug="d1")),
        publish(NewsIndexPage, NewsPage(title="新闻甲", slug="x1")),
        publish(IntegrityIndexPage, IntegrityPage(title="廉政甲", slug="i1")),
        publish(GuideIndexPage, GuidePage(title="结婚登记（慈利县民政局）", slug="g1")),
        publish(
            ServiceInfoIndexPage,
            ServiceInfoPage(
                title="县政务服务中心", slug="s1", category="government", phone="0744-3221234"
            ),
        ),
        publish(ExemplarIndexPage, ExemplarPage(title="仇锁忠", slug="e1", person_name="仇锁忠")),
        publish(
            VideoIndexPage, VideoPage(title="影片甲", slug="v1", embed_url="https://example.com/v")
        ),
        publish(TopicIndexPage, TopicPage(title="主题甲", slug="t1")),
        publish_disclosure(tree["first"], "公示甲"),
    ]
    home = HomePage.objects.get()
    assert client.get(home.url).status_code == 200
    for section in home.get_children().live():
        response = client.get(section.url)
        assert response.status_code == 200, section.title
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.title
        assert page.title in response.content.decode()
    home_html = client.get("/").content.decode()
    for title in ["通知甲", "动态甲", "新闻甲", "仇锁忠", "影片甲", "公示甲"]:
        assert title in home_html


def test_lists_are_newest_first_and_paginated(client, db):
    for day in range(1, 16):
        publish(
            NoticeIndexPage,
            NoticePage(title=f"十一月{day:02d}日通知", slug=f"n{day}", date=D(2026, 11, day)),
        )
    first = client.get("/notices/").content.decode()
    assert first.index("十一月15日通知") < first.index("十一月04日通知")
    assert "十一月03日通知" not in first  # 12 per page
    second = client.get("/notices/", {"page": 2}).content.decode()
    assert "十一月03日通知" in second and "十一月15日通知" not in second
    assert client.get("/notices/", {"page": "x"}).status_code == 200
    assert client.get("/notices/", {"page": 99}).status_code == 200


def test_year_filter(client, db):
    publish(IntegrityIndexPage, IntegrityPage(title="旧年廉政", slug="old", date=D(2018, 3, 7)))
    publish(IntegrityIndexPage, IntegrityPage(title="今年廉政", slug="new", date=D(2026, 3, 7)))
    html = client.get("/integrity/", {"year": "2018"}).content.decode()
    assert "旧年廉政" in html and "今年廉政" not in html
    assert '<option value="2026"' in html


def test_news_filters_by_category_and_tag(client, db):
    party = NewsCategory.objects.create(name="党建要闻", slug="party")
    NewsCategory.objects.create(name="基层动态", slug="local")
    a = NewsPage(title="要闻一", slug="a")
    NewsIndexPage.objects.get().add_child(instance=a)
    a.categories.add(party)
    a.tags.add("十九大")
    a.save_revision().publish()
    publish(NewsIndexPage, NewsPage(title="其他新闻", slug="b"))
    html = client.get("/news/", {"category": "party"}).content.decode()
    assert "要闻一" in html and "其他新闻" not in html
    html = client.get("/news/", {"tag": "十九大"}).content.decode()
    assert "要闻一" in html and "其他新闻" not in html
    assert "其他新闻" in client.get("/news/").content.decode()


def test_exemplar_gallery_name_search(client, db):
    publish(ExemplarIndexPage, ExemplarPage(title="王洪旗", slug="w", person_name="王洪旗"))
    publish(ExemplarIndexPage, ExemplarPage(title="郝丽影", slug="h", person_name="郝丽影"))
    html = client.get("/exemplars/", {"name": "洪旗"}).content.decode()
    assert "王洪旗" in html and "郝丽影" not in html
    assert "请输入姓名查找" in html


def test_disclosures_filter_by_organisation(client, tree, publish_disclosure):
    publish_disclosure(tree["first"], "一支部公示")
    publish_disclosure(tree["third"], "三支部公示")
    html = client.get("/disclosures/", {"organisation": tree["third"].pk}).content.decode()
    assert "三支部公示" in html and "一支部公示" not in html


def test_video_needs_a_file_or_an_address(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="请上传视频文件或填写视频地址"):
        VideoPage(title="无源视频", slug="none").clean()


def test_home_query_count_is_constant(client, db, django_assert_max_num_queries):
    publish(NoticeIndexPage, NoticePage(title="通知0", slug="q0"))
    with django_assert_max_num_queries(60) as few:
        client.get("/")
    for number in range(1, 12):
        publish(NoticeIndexPage, NoticePage(title=f"通知{number}", slug=f"q{number}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")

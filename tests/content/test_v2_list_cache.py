"""The v2 page lists at province scale (issue 21, content/api/v2.py): lean list queries (no page
bodies unless asked for), the member app's fields kept, and public lists cached per full address
until a page changes — never a restricted page, never a stale list after a publication."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from content.models import NewsIndexPage, NewsPage
from partybuild.core import versioned_cache

pytestmark = pytest.mark.django_db

#: What the member app asks for a section's list (app/src/content/v2.ts, v2PageList).
NEWS_LIST = "/api/v2/pages/?type=content.NewsPage&fields=date%2Csummary&order=-date%2C-id&limit=20"


@pytest.fixture
def shared_cache(monkeypatch):
    """The cache as outside a test's transaction: lists are stored (and cleared after)."""
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(versioned_cache, "cache_storable", lambda: True)
    yield
    cache.clear()


def publish_news(title: str, day: int = 1) -> NewsPage:
    page = NewsPage(title=title, date=datetime.date(2026, 11, day), summary=f"{title}摘要")
    NewsIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def titles(client, url: str = NEWS_LIST, **extra) -> list[str]:
    response = client.get(url, **extra)
    assert response.status_code == 200
    return [item["title"] for item in response.json()["items"]]


def test_a_list_keeps_the_fields_the_member_app_reads(client, db):
    publish_news("要闻")
    item = client.get(NEWS_LIST).json()["items"][0]
    assert set(item) == {"id", "meta", "title", "date", "summary"}
    assert set(item["meta"]) >= {"type", "detail_url", "html_url", "first_published_at"}
    assert item["meta"]["type"] == "content.NewsPage"
    assert item["summary"] == "要闻摘要" and item["date"] == "2026-11-01"


def test_a_list_reads_no_page_body_unless_asked(client, db):
    publish_news("要闻")
    with CaptureQueriesContext(connection) as lean:
        client.get(NEWS_LIST)
    assert not [q["sql"] for q in lean.captured_queries if '"content_newspage"."body"' in q["sql"]]
    with CaptureQueriesContext(connection) as full:
        body = client.get(NEWS_LIST + "&fields=body").json()["items"][0]["body"]
    assert [q["sql"] for q in full.captured_queries if '"content_newspage"."body"' in q["sql"]]
    assert body == []


def test_list_queries_do_not_grow_with_the_number_of_pages(
    client, db, django_assert_max_num_queries
):
    publish_news("要闻0")
    with CaptureQueriesContext(connection) as few:
        assert len(titles(client)) == 1
    for day in range(1, 25):
        publish_news(f"要闻{day}", day=min(day, 28))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(titles(client)) == 20


def test_a_cached_list_is_answered_without_reading_the_pages(client, shared_cache):
    publish_news("要闻")
    assert titles(client) == ["要闻"]
    with CaptureQueriesContext(connection) as cached:
        assert titles(client) == ["要闻"]
    assert not [q for q in cached.captured_queries if "content_newspage" in q["sql"]]


def test_a_publication_shows_in_a_cached_list_at_once(client, shared_cache):
    publish_news("旧闻", day=1)
    assert titles(client) == ["旧闻"]
    publish_news("新闻", day=2)
    assert titles(client) == ["新闻", "旧闻"]


def test_unpublishing_moving_and_deleting_leave_no_stale_list(client, shared_cache):
    kept = publish_news("保留", day=1)
    gone = publish_news("撤下", day=2)
    assert titles(client) == ["撤下", "保留"]
    gone.unpublish()
    assert titles(client) == ["保留"]
    gone.save_revision().publish()
    assert titles(client) == ["撤下", "保留"]
    gone.delete()
    assert titles(client) == ["保留"]
    old_url = client.get(NEWS_LIST).json()["items"][0]["meta"]["html_url"]
    moved_to = NewsIndexPage.objects.get()
    second_section = moved_to.get_parent().add_child(
        instance=NewsIndexPage(title="二级新闻", slug="news-two")
    )
    kept.move(second_section, pos="last-child")
    new_url = client.get(NEWS_LIST).json()["items"][0]["meta"]["html_url"]
    assert new_url != old_url and "/news-two/" in new_url


def test_a_page_restricted_after_caching_leaves_the_anonymous_list(client, shared_cache):
    page = publish_news("公开要闻")
    assert titles(client) == ["公开要闻"]
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert titles(client) == []


def test_a_restricted_disclosure_never_reaches_anyone_through_the_cache(
    client, superuser, tree, publish_disclosure, shared_cache
):
    url = "/api/v2/pages/?type=content.DisclosurePage&fields=date%2Csummary"
    public = publish_disclosure(tree["first"], "公开公示")
    publish_disclosure(tree["first"], "党员可见公示", visibility="members")
    client.force_login(superuser)  # a logged-in reader fills the cache first
    assert titles(client, url) == ["公开公示"]
    client.logout()
    assert titles(client, url) == ["公开公示"]
    public.visibility = "subtree"
    public.save_revision().publish()
    assert titles(client, url) == []


def test_each_host_gets_its_own_cached_addresses(client, shared_cache):
    publish_news("要闻")
    first = client.get(NEWS_LIST, HTTP_HOST="a.example.org").json()["items"][0]
    second = client.get(NEWS_LIST, HTTP_HOST="b.example.org").json()["items"][0]
    assert first["meta"]["detail_url"].startswith("http://a.example.org/")
    assert second["meta"]["detail_url"].startswith("http://b.example.org/")

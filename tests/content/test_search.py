"""Chinese full-text search: jieba segmentation of indexed text and of queries.

Runs on whichever database the suite uses (SQLite FTS5 by default, PostgreSQL with
DATABASE_URL), against Wagtail's real index, written in the test's own transaction.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry
from wagtail.search.query import And, Not, Phrase, PlainText

from content.search_backend import SegmentingSearchMixin, segment_query
from content.segmentation import segment

MEETING = "党建动态工作会议"
SPORTS = "全市体育运动会"
LATIN = "Wagtail Release Notes 8.0.1"
SHORT = "党建"
LONG = "市委组织部关于开展基层党建工作质量评估的通知"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("党建动态工作会议", "党建 动态 工作 会议"),
        # Search-engine mode adds the dictionary words found inside a long word.
        ("中华人民共和国成立", "中华 华人 人民 共和 共和国 中华人民共和国 成立"),
        ("体育新闻", "体育 育新 新闻 体育新闻"),
        # Latin words, accented words and dotted numbers are kept whole; punctuation is dropped.
        ("Wagtail 8.0.1 发布了！", "Wagtail 8.0.1 发布 了"),
        ("Python编程，café 与 5G网络", "Python 编程 café 与 5G 网络"),
        ('他说："好。"', "他 说 好"),
        ("  ，。！\n", ""),
        ("", ""),
    ],
)
def test_segment(text, words):
    assert segment(text) == words


def test_segment_query_drops_parts_without_words():
    query = segment_query(
        And([PlainText("工作会议", operator="or"), Phrase("！"), Not(Phrase("…"))])
    )
    assert isinstance(query, And)
    [plain] = query.subqueries
    assert (plain.query_string, plain.operator) == ("工作 会议", "or")
    assert segment_query("，。") is None
    assert segment_query(Not(PlainText(" "))) is None


@pytest.fixture
def pages(db):
    """Five live pages under the default site's root page, indexed by Wagtail's signals."""
    root = Site.objects.get(is_default_site=True).root_page
    created = {}
    for number, title in enumerate([MEETING, SPORTS, LATIN, SHORT, LONG], start=1):
        created[title] = root.add_child(instance=Page(title=title, slug=f"search-{number}"))
    return created


def found(pages, query, **kwargs):
    """Titles of the test's pages that ``Page.objects.live().search`` finds, in result order."""
    ids = {page.pk for page in pages.values()}
    return [page.title for page in Page.objects.live().search(query, **kwargs) if page.pk in ids]


def test_backend_is_the_segmenting_one(db):
    assert isinstance(get_search_backend(), SegmentingSearchMixin)


@pytest.mark.parametrize("query", ["党建", "工作会议", "会议", "动态", "党建动态工作会议"])
def test_a_word_finds_the_page_whose_title_contains_it(pages, query):
    assert MEETING in found(pages, query)
    assert SPORTS not in found(pages, query)


def test_an_unrelated_word_finds_only_its_own_page(pages):
    assert found(pages, "体育") == [SPORTS]
    assert found(pages, "经济") == []


def test_words_of_a_query_must_all_match_by_default(pages):
    assert found(pages, "党建 体育") == []
    assert set(found(pages, "党建 体育", operator="or")) == {MEETING, SPORTS, SHORT, LONG}


@pytest.mark.parametrize("query", ["Wagtail", "release", "NOTES", "8.0.1", "Wagtail 发布说明"])
def test_latin_words_and_numbers_still_work(pages, query):
    expected = [] if "发布" in query else [LATIN]
    assert found(pages, query) == expected


def test_results_are_ordered_by_relevance(pages):
    # The same single match ranks higher in a shorter title.
    assert found(pages, "党建") == [SHORT, MEETING, LONG]


def test_phrase_matches_consecutive_words_only(pages):
    assert found(pages, Phrase("动态工作")) == [MEETING]
    assert found(pages, Phrase("会议工作")) == []


def test_autocomplete_matches_the_beginning_of_the_last_word(pages):
    ids = {page.pk for page in pages.values()}
    titles = [page.title for page in Page.objects.live().autocomplete("党建动") if page.pk in ids]
    assert titles == [MEETING]


@pytest.mark.parametrize("query", ["", "   ", "，。！", '"', PlainText(""), Phrase("……")])
def test_a_query_without_words_finds_nothing_and_does_not_crash(pages, query):
    assert list(Page.objects.live().search(query)) == []


def test_publishing_a_draft_indexes_it(pages):
    root = Site.objects.get(is_default_site=True).root_page
    draft = root.add_child(instance=Page(title="党建学习通知", slug="search-draft", live=False))
    pages["draft"] = draft
    assert "党建学习通知" not in found(pages, "学习")

    draft.save_revision().publish()

    assert found(pages, "学习") == ["党建学习通知"]


def test_update_index_rebuilds_a_segmented_index(pages):
    IndexEntry.objects.all().delete()
    assert found(pages, "会议") == []

    call_command("update_index", stdout=StringIO())

    assert found(pages, "会议") == [MEETING]
    assert found(pages, "体育") == [SPORTS]


def test_content_api_search(pages, client):
    response = client.get("/api/v2/pages/", {"search": "党建"})
    assert response.status_code == 200
    titles = [item["title"] for item in response.json()["items"]]
    assert {MEETING, SHORT, LONG} <= set(titles)
    assert SPORTS not in titles

    response = client.get("/api/v2/pages/", {"search": "工作会议"})
    assert MEETING in [item["title"] for item in response.json()["items"]]

    response = client.get("/api/v2/pages/", {"search": "，"})
    assert response.status_code == 200
    assert response.json()["items"] == []

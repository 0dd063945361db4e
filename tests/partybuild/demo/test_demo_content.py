"""`load_demo`'s pages: every portal section populated from the seed, published, idempotent."""

import pytest
from django.test import override_settings
from wagtail.models import Page

from content import demo_data
from content.models import (
    DisclosurePage,
    DynamicPage,
    ExemplarPage,
    GuidePage,
    NewsPage,
    NoticePage,
    OrganisationContentGroups,
    OrganisationDisclosureIndexPage,
    OrganisationRegulationIndexPage,
    RegulationPage,
    ServiceInfoPage,
    VideoPage,
)
from content.sections import SECTIONS
from partybuild.demo.load import DemoLoadResult
from partybuild.models import Organisation
from tests.partybuild.demo.loading import (
    load_demo,
    load_demo_recording,
    register_snapshot,
    snapshot,
)

pytestmark = [pytest.mark.django_db, pytest.mark.early]

NOTICE_TITLES = [
    "中国加快无障环境建设",
    "党的建设制度改革“立柱架梁”",
    "互联网法院：“面对面”打官司",
    "水利部召开直属机关2018年党的工作会议",
    "中科院党组学习传达十九大三中全会精神",
    "社会建设创新群众安全感和满意度超90%",
    "农村改革开启多策联动模式",
    "中国社会和人文对话联合声明",
]
EXEMPLARS = {
    "仇锁忠": "办公室支部委员会",
    "王洪旗": "采购部委员会",
    "郝丽影": "行政部委员会",
    "吕建江": "设备部支部委员会",
}


def test_every_section_has_a_live_article(demo):
    assert "账号 8 个" in demo.output  # the demo accounts of DEBUG
    for _model_name, title, slug in SECTIONS:
        section = Page.objects.get(depth=3, slug=slug).specific
        articles = section.article_model.objects.live().descendant_of(section)
        assert articles.exists(), title
    assert not Page.objects.filter(live=False).exists()


def test_the_seed_rows_are_loaded(demo):
    notices = NoticePage.objects.live()
    assert sorted(notices.values_list("title", flat=True)) == sorted(NOTICE_TITLES)
    first = notices.get(title="中国加快无障环境建设")
    assert first.date.isoformat() == "2018-03-07"
    assert first.summary
    assert first.body[0].block_type == "paragraph"
    assert first.has_unpublished_changes is False
    assert DynamicPage.objects.live().count() == 10
    assert not DynamicPage.objects.filter(title__endswith="...").exists()
    assert DynamicPage.objects.get(slug="dynamic-1").date.isoformat() == "2018-05-03"
    assert GuidePage.objects.live().count() == 10
    assert GuidePage.objects.filter(title="结婚登记（慈利县民政局）").exists()


def test_exemplars_link_to_their_organisations_and_have_a_portrait(demo):
    exemplars = ExemplarPage.objects.live().select_related("organisation", "photo")
    assert {e.person_name: e.organisation.name for e in exemplars} == EXEMPLARS
    by_name = {row["person_name"]: row for row in demo_data.EXEMPLARS}
    for exemplar in exemplars:
        text = by_name[exemplar.person_name]["text"]
        assert exemplar.summary == text  # the seed's full text, not a truncation
        assert text in str(exemplar.body)
        assert (exemplar.photo.width, exemplar.photo.height) == (300, 400)


def test_the_other_sections_examples(demo):
    news = NewsPage.objects.get()
    assert [c.name for c in news.categories.all()] == ["党建要闻"]
    assert set(news.tags.names()) == {"党建工作", "工作会议"}
    service = ServiceInfoPage.objects.get()
    assert service.phone == "0744-3221234"
    service.full_clean()
    video = VideoPage.objects.get()
    assert video.cover is not None
    assert video.video_file is not None  # a local file (test_demo_realism.py plays it)
    video.full_clean()
    branch = Organisation.objects.get(code="CL0403")
    assert RegulationPage.objects.get().organisation == branch
    disclosures = DisclosurePage.objects.filter(organisation=branch)
    assert sorted(disclosures.values_list("visibility", flat=True)) == ["public", "subtree"]
    for page in [*RegulationPage.objects.all(), *disclosures]:
        assert page.get_parent().specific.organisation == branch


def test_a_second_run_changes_nothing_and_makes_a_missing_folder_itself(demo):
    """Run again, the loader adds and changes nothing. An organisation without its folders (made
    before content made folders for every organisation, or the folders deleted since) gets them
    back from the loader itself, with the examples in them, and exactly one of each."""
    before, registers = snapshot(), register_snapshot()
    with override_settings(DEBUG=True):
        second = load_demo_recording()
    assert "页面 0 篇" in second.output
    assert second.result == DemoLoadResult()
    assert snapshot() == before
    assert register_snapshot() == registers

    branch = Organisation.objects.get(code="CL0403")
    folders = (OrganisationRegulationIndexPage, OrganisationDisclosureIndexPage)
    for model in folders:
        model.objects.get(organisation=branch).delete()
    with override_settings(DEBUG=True):
        load_demo()
    for model in folders:
        folder = model.objects.get(organisation=branch)
        assert (folder.title, folder.slug, folder.live) == ("UI部支部委员会", "cl0403", True)
        assert folder.get_children().live().exists()


def test_the_portal_shows_the_demo_pages(demo, client):
    home = client.get("/")
    assert home.status_code == 200
    html = home.content.decode()
    assert "中国加快无障环境建设" in html
    assert "王洪旗" in html

    notices = client.get("/notices/")
    assert notices.status_code == 200
    for title in NOTICE_TITLES:
        assert title in notices.content.decode()

    exemplars = client.get("/exemplars/", {"name": "王洪旗"})
    assert exemplars.status_code == 200
    html = exemplars.content.decode()
    assert "王洪旗" in html
    assert "采购部委员会" in html
    assert "仇锁忠" not in html

    disclosures = client.get("/disclosures/").content.decode()
    assert "关于确定2018年度发展对象的公示" in disclosures
    assert "2018年第一季度党费收缴情况公开" not in disclosures  # 本组织及下级组织党员 only

    for page in Page.objects.live().type(ExemplarPage, VideoPage, GuidePage, DynamicPage):
        assert client.get(page.url).status_code == 200, page.title


def test_demo_organisations_get_subtrees(demo):
    branch = Organisation.objects.get(code="CL040201")
    assert (
        OrganisationDisclosureIndexPage.objects.get(organisation=branch).title == "办公室支部委员会"
    )
    assert (
        OrganisationContentGroups.objects.filter(organisation__code__startswith="CL").count() == 15
    )

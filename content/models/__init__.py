"""Page models of the content platform, one module per area."""

from .base import ArticlePage, SectionIndexPage
from .branch_groups import OrganisationContentGroups
from .exemplars import ExemplarIndexPage, ExemplarPage
from .guides import GuideIndexPage, GuidePage
from .home import HomePage
from .integrity import IntegrityIndexPage, IntegrityPage
from .news import NewsCategory, NewsIndexPage, NewsPage, NewsPageTag
from .notices import (
    DynamicIndexPage,
    DynamicPage,
    NoticeIndexPage,
    NoticePage,
    OrganisationDynamicIndexPage,
    OrganisationNoticeIndexPage,
)
from .organisation_pages import (
    DisclosureIndexPage,
    DisclosurePage,
    OrganisationDisclosureIndexPage,
    OrganisationRegulationIndexPage,
    RegulationIndexPage,
    RegulationPage,
    Visibility,
)
from .receipts import NoticeReceipt
from .services import ServiceInfoIndexPage, ServiceInfoPage
from .topics import TopicIndexPage, TopicPage
from .videos import VideoIndexPage, VideoPage
from .workflows import BranchApprovalTask, CommitteeApprovalTask

__all__ = [
    "ArticlePage",
    "BranchApprovalTask",
    "CommitteeApprovalTask",
    "DisclosureIndexPage",
    "DisclosurePage",
    "DynamicIndexPage",
    "DynamicPage",
    "ExemplarIndexPage",
    "ExemplarPage",
    "GuideIndexPage",
    "GuidePage",
    "HomePage",
    "IntegrityIndexPage",
    "IntegrityPage",
    "NewsCategory",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "NoticeIndexPage",
    "NoticePage",
    "NoticeReceipt",
    "OrganisationContentGroups",
    "OrganisationDisclosureIndexPage",
    "OrganisationDynamicIndexPage",
    "OrganisationNoticeIndexPage",
    "OrganisationRegulationIndexPage",
    "RegulationIndexPage",
    "RegulationPage",
    "SectionIndexPage",
    "ServiceInfoIndexPage",
    "ServiceInfoPage",
    "TopicIndexPage",
    "TopicPage",
    "VideoIndexPage",
    "VideoPage",
    "Visibility",
]

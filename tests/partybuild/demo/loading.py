"""Running `load_demo` in tests, what a second run must leave alone, and the seed's names."""

import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from content.models import NewsPage
from partybuild.demo.load import DemoLoadResult
from partybuild.demo.management.commands import load_demo as load_demo_command
from partybuild.memberservices.models import MicroWish
from partybuild.models import Member, Organisation, User
from partybuild.orglife.models import Meeting
from partybuild.recruitment.models import Candidate

SEED_MEMBERS = ["黄主才", "赖廷贵", "王凤吉", "魏宇斌", "魏辛禄", "滕永柱", "余家全", "曹翼纳"]
SEED_ORGANISATIONS = [
    "山部支部委员会",
    "运维部支部委员会",
    "测试一部",
    "人事部委员会",
    "影视部委员会",
    "技术支持部委员会",
    "采购部委员会",
    "行政部委员会",
    "设备部支部委员会",
    "售后服务部支部委员会",
    "办公室支部委员会",
    "工会支部委员会",
    "经营支部委员会",
]


@dataclass
class DemoRun:
    """What a `load_demo` printed, and what partybuild's loader reported in it."""

    output: str
    result: DemoLoadResult


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def load_demo_recording() -> DemoRun:
    """`load_demo`, keeping the result of ``demo_data_load`` it called (a spy, not a stand-in)."""
    results: list[DemoLoadResult] = []
    real_load = load_demo_command.demo_data_load

    def recording_load(**kwargs) -> DemoLoadResult:
        results.append(real_load(**kwargs))
        return results[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(load_demo_command, "demo_data_load", recording_load)
        output = load_demo()
    return DemoRun(output=output, result=results[0])


def register_snapshot() -> dict:
    """The registers' rows a second run must leave alone: counts, and the tree's paths."""
    return {
        "counts": (Organisation.objects.count(), Member.objects.count(), User.objects.count()),
        "registers": (
            Candidate.objects.count(),
            Meeting.objects.count(),
            MicroWish.objects.count(),
        ),
        "tree": list(Organisation.objects.values_list("code", "path", "name")),
    }


def snapshot() -> dict:
    """Everything a second run must leave alone."""
    return {
        "pages": Page.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "revisions": Revision.objects.count(),
        "published": sorted(Page.objects.values_list("pk", "last_published_at", "live")),
        "news_tags": sorted(NewsPage.objects.get().tags.names()),
    }

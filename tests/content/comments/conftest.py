"""The pages, members and editors of the 评论 tests: a 党建动态 in each of two branches' folders,
a 重要新闻 and a 通知公告 (which takes no comments)."""

import datetime

import pytest

from content.models import (
    DynamicPage,
    NewsIndexPage,
    NewsPage,
    NoticeIndexPage,
    NoticePage,
    OrganisationDynamicIndexPage,
)
from partybuild.models import User
from tests.api.conftest import make_member_account
from tests.conftest import PASSWORD, assign_role


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def pages(tree):
    """A 党建动态 in 一支部's folder, one in 二支部's, a site-wide 重要新闻 and a 通知公告."""
    return {
        "a": _publish(
            OrganisationDynamicIndexPage.objects.get(organisation=tree["first"]),
            DynamicPage(title="一支部主题党日", slug="theme-day-a"),
        ),
        "b": _publish(
            OrganisationDynamicIndexPage.objects.get(organisation=tree["second"]),
            DynamicPage(title="二支部志愿服务", slug="volunteer-b"),
        ),
        "news": _publish(NewsIndexPage.objects.get(), NewsPage(title="全会公报", slug="news")),
        "notice": _publish(
            NoticeIndexPage.objects.get(), NoticePage(title="学习通知", slug="notice")
        ),
    }


@pytest.fixture
def member(tree):
    return make_member_account(
        "member_a", tree["first"], phone="13800138001", birth=datetime.date(1980, 5, 17)
    )


@pytest.fixture
def other_member(tree):
    return make_member_account(
        "member_b", tree["second"], phone="13800138002", birth=datetime.date(1985, 3, 9)
    )


def _editor(username: str, organisation) -> User:
    """An editor (内容·编辑) of ``organisation``: in its editors' group, with the role."""
    user = User.objects.create_user(username=username, password=PASSWORD, name=username)
    user.groups.add(organisation.content_groups.editors)
    assign_role(user, "editor", organisation)
    return user


@pytest.fixture
def editor_a(tree):
    return _editor("editor_a", tree["first"])


@pytest.fixture
def editor_b(tree):
    return _editor("editor_b", tree["second"])

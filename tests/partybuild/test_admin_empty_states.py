"""Empty states that say what to do next (issue 19): an empty register list tells where its
rows come from or how to add one; a search that finds nothing says so instead."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "words"),
    [
        ("transfers:index", "发起组织关系转接"),
        ("change_requests:index", "提交修改申请后"),
        ("meetings:index", "安排支部党员大会"),
        ("candidates:index", "25 个步骤"),
        ("secretary_letters:index", "等待答复"),
        ("members:index", "批量导入"),
    ],
)
def test_an_empty_list_says_what_to_do_next(admin_client, url_name, words):
    page = admin_client.get(reverse(url_name)).content.decode()
    start = page.find('data-empty-state="empty"')
    assert start >= 0
    assert words in page[start : start + 400]
    assert "There are no" not in page and "没有可显示的" not in page


def test_a_search_that_finds_nothing_says_so(admin_client):
    page = admin_client.get(reverse("members:index"), {"q": "查无此人"}).content.decode()
    assert 'data-empty-state="filtered"' in page
    assert "请修改搜索词或筛选条件" in page

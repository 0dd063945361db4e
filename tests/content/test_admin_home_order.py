"""The admin home per role (issue 19): what needs the user's action comes first — pages awaiting
my review, 待办事项 with links, 换届 and 发展党员 reminders — then the statistics, each with a
one-line summary above its folded charts."""

import re

import pytest
from django.urls import reverse

from content.models import DisclosurePage
from partybuild.memberservices.models import SecretaryLetter
from partybuild.models import Member
from tests.content.moderation import page_form

pytestmark = pytest.mark.django_db

HOME = reverse("wagtailadmin_home")


def _positions(page: str, *markers: str) -> list[int]:
    positions = [page.find(marker) for marker in markers]
    assert all(position >= 0 for position in positions), dict(zip(markers, positions, strict=True))
    return positions


@pytest.fixture
def submitted(client, branches, disclosure_folder, branch_editor):
    folder = disclosure_folder(branches["a"])
    client.force_login(branch_editor)
    add_url = reverse("wagtailadmin_pages:add", args=["content", "disclosurepage", folder.pk])
    client.post(add_url, page_form(**{"action-submit": "submit"}))
    client.logout()
    return DisclosurePage.objects.get(slug="dues-2026-q3")


def test_the_reviewers_pages_come_before_the_statistics(client, submitted, branch_secretary):
    """A 支部书记 with a page awaiting their review and statistics to see finds the page first."""
    client.force_login(branch_secretary)
    page = client.get(HOME).content.decode()
    awaiting, todo, statistics = _positions(
        page, 'id="awaiting-review-section"', 'id="todo-section"', 'id="statistics-notices-section"'
    )
    assert awaiting < todo < statistics
    assert submitted.title in page[awaiting:todo]


def test_the_todo_panel_counts_and_links_what_waits(client, branches, superuser):
    member = Member.objects.create(
        name="李文华", gender="female", organisation=branches["a"], user=None
    )
    sender = type(superuser).objects.create_user(username="sender", password="x")
    member.user = sender
    member.save(update_fields=["user"])
    SecretaryLetter.objects.create(
        sender=sender,
        organisation=branches["a"],
        subject="关于支部活动室开放时间的建议",
        body="建议周末开放活动室。",
        recipient_kind="branch_secretary",
    )
    client.force_login(superuser)
    page = client.get(HOME).content.decode()
    todo = page[page.find('id="todo-section"') :]
    assert "待答复的书记信箱来信" in todo
    assert reverse("secretary_letters:index") in todo
    row = re.search(r"待答复的书记信箱来信</td>\s*<td>(\d+)</td>", todo)
    assert row and row.group(1) == "1"


def test_an_empty_todo_panel_says_what_would_appear(client, branch_secretary):
    client.force_login(branch_secretary)
    page = client.get(HOME).content.decode()
    assert "暂无待办事项" in page


def test_statistics_show_a_summary_above_folded_charts(client, branches, superuser):
    Member.objects.create(name="王建国", gender="male", organisation=branches["a"], category="full")
    client.force_login(superuser)
    page = client.get(HOME).content.decode()
    panel = page[page.find('id="statistics-members-section"') :]
    summary, details = _positions(panel, "data-summary", "<details")
    assert summary < details
    assert re.search(r"在册党员 \d+ 人（正式党员 \d+ 人", panel)
    assert '<details class="pb-chart__details" data-statistics-details>' in panel


def test_a_member_account_without_a_role_gets_no_todo_panel(client, make_member, branches):
    member = make_member("dangyuan_a", branches["a"])
    client.force_login(member)
    assert 'id="todo-section"' not in client.get(HOME).content.decode()


def test_the_home_costs_the_same_queries_however_much_waits(
    client, branches, superuser, django_assert_max_num_queries
):
    """待办事项 counts with one COUNT a kind: twenty letters cost what one does."""
    sender = type(superuser).objects.create_user(username="sender", password="x")

    def letters(count: int) -> None:
        SecretaryLetter.objects.bulk_create(
            SecretaryLetter(
                sender=sender,
                organisation=branches["a"],
                subject=f"关于支部工作的建议（{index}）",
                body="建议。",
                recipient_kind="branch_secretary",
            )
            for index in range(count)
        )

    client.force_login(superuser)
    letters(1)
    client.get(HOME)  # warm the per-process caches (site, content types, settings)
    with django_assert_max_num_queries(200) as one:
        client.get(HOME)
    letters(19)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(HOME).content.decode()
    assert re.search(r"待答复的书记信箱来信</td>\s*<td>20</td>", page)

"""The 数据大屏 in a real browser at 1920×1080: every panel, 学习教育 among them, is drawn from
the polled JSON, with no console error (no CSP violation) and nothing wider than the screen.

``SCREENSHOT_DIR`` set: the screen is saved there as ``screen_1920.png``."""

import datetime
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from partybuild.dues.models import DuesAssessment
from partybuild.learning import services as learning
from tests.browser.network import wait_until_idle
from tests.conftest import PASSWORD
from tests.partybuild.learning.factories import make_bank, make_course, make_exam, right_answers

# serialized_rollback: see test_admin_date_pickers.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREEN = {"width": 1920, "height": 1080}
PANELS = ["members", "organisations", "dues", "meetings", "recruitment", "learning"]
T0 = datetime.datetime(2026, 7, 1, 9, 0, tzinfo=datetime.UTC)


def at(seconds: int) -> datetime.datetime:
    return T0 + datetime.timedelta(seconds=seconds)


@pytest.fixture
def figures(tree, member_factory):
    """Members in three branches, their dues this month, a course half of them finished and
    an exam one passed and one failed."""
    members = [
        member_factory(branch, gender=gender, education=education)
        for branch, gender, education in [
            ("一支部", "female", "bachelor"),
            ("一支部", "male", "master"),
            ("一小组", "female", "bachelor"),
            ("二支部", "male", "college"),
            ("三支部", "female", "bachelor"),
            ("三支部", "male", "bachelor"),
        ]
    ]
    month = timezone.localdate().replace(day=1)
    for index, member in enumerate(members):
        DuesAssessment.objects.create(
            member=member,
            month=month,
            organisation=member.organisation,
            category="in_service",
            computed_amount=Decimal("20"),
            amount_due=Decimal("20"),
            paid_amount=Decimal("20") if index % 3 else Decimal("0"),
        )
    course = make_course(tree["county"], lessons=1)
    (lesson,) = course.lessons.all()
    for index, member in enumerate(members[::2]):
        learning.lesson_heartbeat(member=member, lesson=lesson, seconds=0, now=at(index * 1000))
        learning.lesson_heartbeat(
            member=member, lesson=lesson, seconds=60, now=at(index * 1000 + 60)
        )
    exam = make_exam(tree["county"], make_bank(tree["county"]))
    for index, member in enumerate(members[:2]):
        attempt = learning.exam_attempt_start(member=member, exam=exam, now=at(9000 + index))
        answers = right_answers(attempt) if index == 0 else {}
        learning.exam_attempt_submit(attempt=attempt, answers=answers, now=at(9060 + index))


def open_screen(page, base_url: str) -> None:
    """Sign in as the superuser ``root`` and open the 数据大屏."""
    page.goto(f"{base_url}{reverse('wagtailadmin_login')}")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
    page.goto(f"{base_url}{reverse('partybuild_statistics_screen')}")


def test_the_screen_draws_every_panel_within_the_screen(figures, superuser, page, live_server):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.set_viewport_size(SCREEN)
    open_screen(page, live_server.url)
    page.locator("[data-panel=learning]").wait_for()
    wait_until_idle(page)

    drawn = page.eval_on_selector_all("[data-panel]", "nodes => nodes.map(n => n.dataset.panel)")
    assert drawn == PANELS
    learning_panel = page.locator("[data-panel=learning]")
    assert "学习教育" in learning_panel.inner_text()
    assert "课程完成率" in learning_panel.inner_text()
    assert learning_panel.locator("svg[role=img]").count() == 2  # the two rates' rings
    assert "一支部" in learning_panel.inner_text()  # the branches ranked

    assert page.evaluate("document.documentElement.scrollWidth") <= SCREEN["width"]
    assert not page.errors, page.errors
    assert not page.console_errors, page.console_errors
    assert not [text for text in console if "Content Security Policy" in text]
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=str(Path(os.environ["SCREENSHOT_DIR"]) / "screen_1920.png"))


def test_the_clock_shows_the_sites_time_on_a_display_set_to_another_zone(
    tree, superuser, page, live_server
):
    """The display computer's own zone (here New York) must not move the clock away from
    更新于, which the server writes in Asia/Shanghai: it read 11:55 beside 更新于 19:55."""
    context = page.context.browser.new_context(
        viewport=SCREEN, locale="zh-CN", timezone_id="America/New_York"
    )
    display = context.new_page()
    open_screen(display, live_server.url)
    display.locator("[data-panel=members]").wait_for()
    clock = display.locator("[data-screen-clock]").inner_text()
    shown = datetime.datetime.strptime(clock, "%Y-%m-%d %H:%M:%S")
    here = timezone.localtime().replace(tzinfo=None)
    assert abs((here - shown).total_seconds()) < 120, (clock, here)
    updated = display.locator("[data-screen-status]").inner_text()
    assert updated.startswith("更新于 ") and abs(
        int(updated[-5:-3]) * 60 + int(updated[-2:]) - (shown.hour * 60 + shown.minute)
    ) in {0, 1, 1439}
    context.close()

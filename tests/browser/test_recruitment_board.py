"""进度看板 in a real browser: a branch's name reads on one line beside the stage columns (it was
squeezed to two or three characters a line by the long stage headings)."""

import datetime

import pytest

from partybuild.models import User
from partybuild.recruitment.models import Candidate, CandidateStatus
from tests.browser.layout import lines_of
from tests.browser.network import wait_until_idle
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LONG_NAME = "售后服务部支部委员会"


def test_each_branch_name_is_on_one_line(tree, make_org, page, live_server):
    branch = make_org(LONG_NAME, "branch", tree["organ"])
    Candidate.objects.create(
        name="申请人",
        gender="male",
        birth_date=datetime.date(1995, 1, 1),
        organisation=branch,
        status=CandidateStatus.ACTIVE,
    )
    User.objects.create_superuser(username="root", password=PASSWORD, email="root@example.com")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/candidates/board/")
    wait_until_idle(page)
    assert page.locator("[data-board] [data-organisation]").count() == 1
    assert lines_of(page, LONG_NAME) == 1

"""党建督查 in the Wagtail admin: issuing, the branch's response, review, and scope (404)."""

import datetime

import pytest
from django.urls import reverse

from partybuild.supervision.models import InspectionAssignment, InspectionTask
from partybuild.supervision.services import inspection_task_create, inspection_task_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def clients(client, tree, make_admin):
    from django.test import Client

    def login(username, organisation):
        c = Client()
        c.force_login(make_admin(username, organisation))
        return c

    return {
        "issuer": login("general_admin", tree["general"]),
        "first": login("first_admin", tree["first"]),
        "third": login("third_admin", tree["third"]),
    }


def _issued(tree):
    task = inspection_task_create(
        issuer=tree["general"],
        subject="三会一课落实情况",
        requirements="上传会议记录",
        deadline=datetime.date(2020, 1, 31),
        actor=None,
    )
    return inspection_task_issue(task=task, targets=[tree["first"], tree["second"]], actor=None)


def test_issuer_creates_and_issues_to_all_branches(clients, tree):
    response = clients["issuer"].post(
        reverse("inspection_tasks:create"),
        {
            "issuer": tree["general"].pk,
            "subject": "党费收缴自查",
            "requirements": "上报收缴台账",
            "deadline": "2026-12-31",
            "issue_now": "on",
        },
    )
    task = InspectionTask.objects.get()
    assert response.status_code == 302
    assert task.status == "issued"
    assert set(task.assignments.values_list("organisation__name", flat=True)) == {
        "一支部",
        "二支部",
    }
    page = clients["issuer"].get(reverse("inspection_tasks:detail", args=[task.pk]))
    assert "一支部" in page.content.decode() and "待反馈" in page.content.decode()
    listing = clients["issuer"].get(reverse("inspection_tasks:index")).content.decode()
    assert "党费收缴自查" in listing and "待反馈2" in listing


def test_branch_cannot_issue_from_an_organisation_outside_scope(clients, tree):
    response = clients["first"].post(
        reverse("inspection_tasks:create"),
        {
            "issuer": tree["general"].pk,
            "subject": "越权",
            "requirements": "x",
            "deadline": "2026-12-31",
        },
    )
    assert response.status_code == 200
    assert not InspectionTask.objects.exists()


def test_branch_responds_and_issuer_returns(clients, tree):
    task = _issued(tree)
    assignment = InspectionAssignment.objects.get(task=task, organisation=tree["first"])
    mine = clients["first"].get(reverse("inspection_assignments:index")).content.decode()
    assert "三会一课落实情况" in mine and "已逾期" in mine
    assert "二支部" not in mine

    response = clients["first"].post(
        reverse("inspection_assignments:respond", args=[assignment.pk]),
        {"response": "已整改"},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == "submitted"

    # The branch may not review its own response.
    refused = clients["first"].post(
        reverse("inspection_assignments:accept", args=[assignment.pk]), {"comment": ""}
    )
    assert refused.status_code == 302
    assert refused.url == reverse("wagtailadmin_home")
    assignment.refresh_from_db()
    assert assignment.status == "submitted"

    no_comment = clients["issuer"].post(
        reverse("inspection_assignments:return", args=[assignment.pk]), {"comment": ""}
    )
    assert no_comment.status_code == 200
    assert "退回时请填写审核意见" in no_comment.content.decode()
    clients["issuer"].post(
        reverse("inspection_assignments:return", args=[assignment.pk]), {"comment": "缺签到表"}
    )
    assignment.refresh_from_db()
    assert assignment.status == "returned"
    detail = clients["first"].get(reverse("inspection_assignments:detail", args=[assignment.pk]))
    assert "缺签到表" in detail.content.decode()


def test_outside_scope_is_404(clients, tree):
    task = _issued(tree)
    second = InspectionAssignment.objects.get(task=task, organisation=tree["second"])
    assert (
        clients["first"].get(reverse("inspection_tasks:detail", args=[task.pk])).status_code == 404
    )
    for name in ("detail", "respond", "accept", "return"):
        url = reverse(f"inspection_assignments:{name}", args=[second.pk])
        assert clients["first"].get(url).status_code == 404
        assert clients["third"].get(url).status_code == 404
    assert (
        "三会一课" not in clients["third"].get(reverse("inspection_tasks:index")).content.decode()
    )


def test_members_without_an_organisation_are_refused(client, tree):
    from partybuild.models import User

    user = User.objects.create_user(username="plain", password="x")
    client.force_login(user)
    response = client.get(reverse("inspection_tasks:index"))
    assert response.status_code in (302, 403)


def test_a_task_that_cannot_be_issued_is_not_kept(clients, tree):
    response = clients["issuer"].post(
        reverse("inspection_tasks:create"),
        {
            "issuer": tree["general"].pk,
            "subject": "主题",
            "requirements": "要求",
            "deadline": "2026-12-31",
            "targets": [tree["group"].pk],
            "issue_now": "on",
        },
    )
    assert response.status_code == 200
    assert not InspectionTask.objects.exists()

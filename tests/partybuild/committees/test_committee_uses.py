"""What the committee drives elsewhere: the 支委会's expected attendees, where 书记信箱 letters go
(the 书记's login, else the branch administrators), the member's 我的支部 in the app (names and
posts only, own branch only), and the 换届提醒 tasks at their boundaries."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from partybuild.committees.services import Seat, committee_term_register
from partybuild.memberservices.models import LetterRecipient, LetterStatus
from partybuild.memberservices.services.letters import letter_send
from partybuild.models import Member, User
from partybuild.orglife.models import MeetingKind
from partybuild.orglife.services.meetings import meeting_create, meeting_publish
from partybuild.tasks import task_list_for_user
from tests.api.conftest import client_for, make_member_account
from tests.partybuild.clock import today_setter

pytestmark = pytest.mark.django_db
D = datetime.date


def _account(member: Member, username: str, email: str = "") -> User:
    user = User.objects.create_user(
        username=username, password="x-secret-123", name=member.name, email=email
    )
    member.user = user
    member.save(update_fields=["user"])
    return user


@pytest.fixture
def first_committee(tree, member_factory):
    """一支部's committee: 书记, 组织委员 and a 委员 later 停止党籍; two ordinary members."""
    secretary, organiser, suspended, *others = [member_factory("一支部") for _i in range(5)]
    committee_term_register(
        organisation=tree["first"],
        starts_on=D(2024, 1, 1),
        seats=[
            Seat(secretary, "secretary"),
            Seat(organiser, "organisation"),
            Seat(suspended, "member"),
        ],
        actor=None,
    )
    Member.objects.filter(pk=suspended.pk).update(standing="suspended")
    return {"secretary": secretary, "organiser": organiser, "others": others}


def test_a_committee_meeting_expects_the_current_committee(tree, first_committee):
    start = timezone.now() + datetime.timedelta(days=1)
    meeting = meeting_create(
        organisation=tree["first"],
        actor=None,
        kind=MeetingKind.COMMITTEE,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="党员活动室",
        topic="研究发展党员工作",
    )
    meeting_publish(meeting=meeting, actor=None)
    assert set(meeting.attendees.values_list("member_id", flat=True)) == {
        first_committee["secretary"].pk,
        first_committee["organiser"].pk,
    }


def test_a_letter_to_the_branch_secretary_goes_to_the_committee_s_secretary(
    tree, first_committee, make_admin
):
    writer = make_member_account("writer", tree["first"], phone="13800138011", birth=D(1985, 1, 1))
    admin = make_admin("branch_admin", tree["first"])
    admin.email = "admin@example.com"
    admin.save()
    # The 书记 without a login: the branch administrators, as before.
    letter_send(
        user=writer, recipient_kind=LetterRecipient.BRANCH_SECRETARY, subject="一", body="正文"
    )
    assert mail.outbox[-1].to == ["admin@example.com"]

    secretary = _account(first_committee["secretary"], "shuji", "shuji@example.com")
    letter = letter_send(
        user=writer, recipient_kind=LetterRecipient.BRANCH_SECRETARY, subject="二", body="正文"
    )
    assert mail.outbox[-1].to == ["shuji@example.com"]

    # The 书记 (a member, no administrator) lists and answers it in the app, and has the task.
    client = client_for(secretary)
    listed = client.get("/api/app/letters/managed").json()
    assert {row["subject"] for row in listed["items"]} == {"一", "二"}
    _tasks, counts = task_list_for_user(user=secretary, limit=10, offset=0)
    assert counts["letter_to_secretary"] == 2
    response = client.post(
        f"/api/app/letters/{letter.pk}/reply", {"reply": "收到"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == LetterStatus.REPLIED

    # Another member gets no letters; the 书记 of 一支部 none of 二支部's.
    other = client_for(_account(first_committee["others"][0], "putong"))
    assert other.get("/api/app/letters/managed").status_code == 403
    outsider = make_member_account("b", tree["second"], phone="13800138012", birth=D(1986, 1, 1))
    make_admin("second_admin", tree["second"]).__class__.objects.filter(
        username="second_admin"
    ).update(email="second@example.com")
    foreign = letter_send(
        user=outsider, recipient_kind=LetterRecipient.BRANCH_SECRETARY, subject="三", body="正文"
    )
    assert (
        client.post(
            f"/api/app/letters/{foreign.pk}/reply", {"reply": "x"}, content_type="application/json"
        ).status_code
        == 404
    )


def test_the_member_sees_their_branch_committee_names_and_posts_only(
    tree, first_committee, member_factory
):
    member = make_member_account("m_a", tree["first"], phone="13800138021", birth=D(1990, 2, 3))
    first_committee["secretary"].phone = "13912345678"
    first_committee["secretary"].save()
    response = client_for(member).get("/api/app/branch/")
    body = response.json()
    assert response.status_code == 200
    assert body["organisation"] == "一支部" and body["term"]["ends_on"] == "2026-12-31"
    assert [(row["name"], row["post_label"]) for row in body["committee"]] == [
        (first_committee["secretary"].name, "书记"),
        (first_committee["organiser"].name, "组织委员"),
        (Member.objects.filter(standing="suspended").get().name, "委员"),
    ]
    assert set(body["committee"][0]) == {"name", "post", "post_label"}
    assert "13912345678" not in response.content.decode()

    grouped = make_member_account("m_g", tree["group"], phone="13800138022", birth=D(1991, 2, 3))
    assert client_for(grouped).get("/api/app/branch/").json()["organisation"] == "一支部"
    elsewhere = make_member_account("m_b", tree["second"], phone="13800138023", birth=D(1992, 2, 3))
    other = client_for(elsewhere).get("/api/app/branch/").json()
    assert other["organisation"] == "二支部" and other["committee"] == [] and other["term"] is None
    admin_only = User.objects.create_user(username="a", password="x-secret-123", name="管理员")
    assert client_for(admin_only).get("/api/app/branch/").json()["organisation_id"] is None


@pytest.mark.parametrize(
    ("today", "level"),
    [
        # The term's last day is 2026-12-31; reminded once it lies within 6 calendar months
        # of today (partybuild.selectors.organisations.organisation_term_reminders).
        (D(2026, 6, 30), None),  # 6 months ahead is 2026-12-30: not yet
        (D(2026, 7, 1), "6个月内"),  # 6 months ahead is 2027-01-01: reminded
        (D(2026, 11, 30), "6个月内"),  # 1 month ahead is 2026-12-30: still the 6-month level
        (D(2026, 12, 1), "1个月内"),  # 1 month ahead is 2027-01-01
        (D(2026, 12, 31), "1个月内"),  # the last day
        (D(2027, 1, 1), "已于"),  # expired
    ],
)
def test_reelection_tasks_at_their_boundaries(
    tree, first_committee, make_admin, monkeypatch, today, level
):
    today_setter(monkeypatch)(today)
    admin = make_admin("general_admin", tree["general"])
    outsider = make_admin("third_admin", tree["third"])
    tasks, _counts = task_list_for_user(user=admin, limit=20, offset=0)
    titles = [task["title"] for task in tasks if task["kind"] == "committee_reelection_due"]
    if level is None:
        assert titles == []
    else:
        assert len(titles) == 1 and "一支部" in titles[0] and level in titles[0]
    _tasks, outsider_counts = task_list_for_user(user=outsider, limit=20, offset=0)
    assert outsider_counts["committee_reelection_due"] == 0

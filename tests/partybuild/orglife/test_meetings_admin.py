"""三会一课 in the Wagtail admin: creating and publishing, the listing's live counts (constant
queries), attendance, minutes, closing and correcting, compliance page and export, 民主评议,
and another branch's administrator getting 404."""

import datetime
import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partybuild.models import DemocraticEvaluation, Message
from partybuild.orglife.models import Meeting, MeetingKind, MeetingStatus, MinutesRevision
from partybuild.orglife.services.meetings import meeting_publish, meeting_respond
from tests.partybuild.orglife.test_meetings import draft_meeting, held_meeting, with_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree, member_factory):
    a = member_factory("一支部")
    b = member_factory("一支部")
    return {"a": a, "b": b, "ua": with_account(a), "ub": with_account(b)}


@pytest.fixture
def clients(tree, make_admin):
    def login(username, organisation):
        c = Client()
        c.force_login(make_admin(username, organisation))
        return c

    return {"first": login("first_admin", tree["first"]), "second": login("second", tree["second"])}


def draftail(text: str) -> str:
    """What the rich-text editor posts for one paragraph."""
    block = {"key": "k1", "text": text, "type": "unstyled", "depth": 0}
    block |= {"inlineStyleRanges": [], "entityRanges": []}
    return json.dumps({"blocks": [block], "entityMap": {}})


def _local(value: datetime.datetime) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"


def test_create_publish_and_listing_counts(tree, people, clients, django_assert_max_num_queries):
    start = timezone.now() + datetime.timedelta(days=2)
    response = clients["first"].post(
        reverse("meetings:create"),
        {
            "organisation": tree["first"].pk,
            "kind": MeetingKind.THEME_DAY,
            "topic": "主题党日：重温入党誓词",
            "starts_at": _local(start),
            "ends_at": _local(start + datetime.timedelta(hours=2)),
            "place": "党员活动室",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get()
    response = clients["first"].post(
        reverse("meetings:publish", args=[meeting.pk]),
        {"members": [people["a"].pk, people["b"].pk]},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED
    assert Message.objects.filter(object_type="meeting", object_id=meeting.pk).count() == 2
    meeting_respond(meeting=meeting, user=people["ua"], response="leave", leave_reason="出差")

    for _n in range(3):
        other = draft_meeting(tree["first"])
        meeting_publish(meeting=other, actor=None)
    with django_assert_max_num_queries(20):
        page = clients["first"].get(reverse("meetings:index"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "主题党日：重温入党誓词" in html and "出勤率" in html and "未回复" in html
    for _n in range(5):
        other = draft_meeting(tree["first"])
        meeting_publish(meeting=other, actor=None)
    with django_assert_max_num_queries(20):
        clients["first"].get(reverse("meetings:index"))

    detail = clients["first"].get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "报名 0，请假 1，未回复 1" in detail and "出差" in detail


def test_other_branch_admin_gets_404_and_sees_nothing(tree, people, clients):
    meeting = draft_meeting(tree["first"])
    meeting_publish(meeting=meeting, actor=None)
    for name in ("detail", "attendance", "minutes", "close", "correct", "publish", "edit"):
        response = clients["second"].get(reverse(f"meetings:{name}", args=[meeting.pk]))
        assert response.status_code == 404, name
    listing = clients["second"].get(reverse("meetings:index")).content.decode()
    assert meeting.topic not in listing
    member_client = Client()
    member_client.force_login(people["ua"])
    assert member_client.get(reverse("meetings:index")).status_code in (302, 403)


def test_attendance_minutes_close_and_correction_pages(tree, people, clients):
    meeting = draft_meeting(tree["first"], starts_at=timezone.now() - datetime.timedelta(hours=1))
    meeting_publish(meeting=meeting, actor=None)
    c = clients["first"]
    response = c.post(reverse("meetings:close", args=[meeting.pk]), {})
    assert response.status_code == 200 and "请先填写会议记录" in response.content.decode()
    c.post(reverse("meetings:minutes", args=[meeting.pk]), {"minutes": draftail("学习文件")})
    c.post(reverse("meetings:attendance", args=[meeting.pk]), {"members": [people["a"].pk]})
    meeting.refresh_from_db()
    assert "学习文件" in meeting.minutes
    assert list(meeting.attendees.filter(attended=True).values_list("member_id", flat=True)) == [
        people["a"].pk
    ]
    minutes = meeting.minutes
    assert c.post(reverse("meetings:close", args=[meeting.pk]), {}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED

    response = c.post(reverse("meetings:minutes", args=[meeting.pk]), {"minutes": draftail("改")})
    assert "会议记录已锁定" in response.content.decode()
    response = c.post(
        reverse("meetings:correct", args=[meeting.pk]),
        {"minutes": draftail("学习两份文件"), "reason": "漏记"},
    )
    assert response.status_code == 302
    assert MinutesRevision.objects.get(meeting=meeting).previous_minutes == minutes
    detail = c.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "学习两份文件" in detail and "漏记" in detail


def test_compliance_page_and_export(
    tree, people, clients, member_factory, django_assert_max_num_queries
):
    for _ in range(5):  # with people a and b, 7 正式党员: 一支部 has a 支部委员会
        member_factory("一支部")
    tz = timezone.get_current_timezone()
    held_meeting(
        tree["first"],
        kind=MeetingKind.COMMITTEE,
        starts_at=datetime.datetime(2026, 1, 5, 9, tzinfo=tz),
    )
    url = reverse("meeting_compliance") + "?year=2026&quarter=1"
    with django_assert_max_num_queries(17):  # 2 read the account's roles in force and scope
        page = clients["first"].get(url)
    html = page.content.decode()
    assert "一支部" in html and "支部委员会缺2次" in html and "二支部" not in html
    export = clients["first"].get(url + "&format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "党支部"
    assert rows[1][0] == "一支部" and "支部委员会缺2次" in rows[1][-1]
    assert "data-no-committee" not in html


def test_compliance_page_says_which_branches_hold_no_committee(tree, people, admin_client):
    url = reverse("meeting_compliance") + "?year=2026&quarter=1"
    html = admin_client.get(url).content.decode()
    row = html[html.index('data-branch="一支部"') : html.index('data-branch="二支部"')]
    assert "正式党员2人，未设支部委员会" in row and "支部委员会缺" not in row
    assert html.count("data-no-committee") == 3  # no branch of the tree has 7 正式党员


def test_evaluation_round_page(tree, people, clients, member_factory):
    outsider = member_factory("二支部")
    url = reverse("meeting_evaluation")
    page = clients["first"].get(url + f"?organisation={tree['first'].pk}")
    assert people["a"].name in page.content.decode()
    assert clients["first"].get(url + f"?organisation={tree['second'].pk}").status_code == 404
    response = clients["first"].post(
        url,
        {
            "organisation": tree["first"].pk,
            "year": 2025,
            f"grade_{people['a'].pk}": "excellent",
            f"grade_{people['b'].pk}": "qualified",
            f"grade_{outsider.pk}": "unqualified",
        },
    )
    assert response.status_code == 302
    grades = dict(DemocraticEvaluation.objects.values_list("member_id", "grade"))
    assert grades == {people["a"].pk: "excellent", people["b"].pk: "qualified"}


def test_minutes_attachment_and_listing_filter(tree, people, clients):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = draft_meeting(tree["first"], kind=MeetingKind.PARTY_LECTURE)
    meeting_publish(meeting=meeting, actor=None)
    draft_meeting(tree["first"], kind=MeetingKind.THEME_DAY)
    response = clients["first"].post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {
            "minutes": draftail("党课记录"),
            "caption": "签到表",
            "document": SimpleUploadedFile("签到表.pdf", b"%PDF-1.4 test"),
        },
    )
    assert response.status_code == 302
    assert meeting.attachments.get().caption == "签到表"
    assert (
        "签到表"
        in clients["first"].get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    )

    listing = clients["first"].get(reverse("meetings:index") + "?kind=party_lecture")
    html = listing.content.decode()
    assert html.count(reverse("meetings:detail", args=[meeting.pk])) >= 1
    assert "状态" in html and "草稿" not in html.split("<tbody")[-1]

"""Admin paths that used to break or dead-end: the submissions list with a submission, list rows
that open their page, the date pickers' script on our form pages, deadlines shown as dates, the
committee's member count over its subtree, and inspect pages without "None"."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partybuild.memberservices.services.board import board_post_create
from partybuild.memberservices.services.letters import letter_send
from partybuild.memberservices.services.suggestions import suggestion_submit
from partybuild.models import Member, User
from partybuild.recruitment.services import candidate_submission_create
from partybuild.supervision.services import (
    inspection_task_create,
    inspection_task_issue,
    meeting_inspection_draw,
)
from tests.api.conftest import make_member_account
from tests.api.factories import candidate_in
from tests.partybuild.memberservices.test_suggestions import set_service_settings
from tests.partybuild.memberservices.test_wishes import new_wish
from tests.partybuild.orglife.test_meetings import draft_meeting, held_meeting

pytestmark = pytest.mark.django_db

PICKER_SCRIPT = "wagtailadmin/js/date-time-chooser.js"
PERMISSIONS = [
    "add_candidate",
    "change_candidate",
    "view_candidate",
    "change_candidatesubmission",
    "view_candidatesubmission",
    "add_microwish",
    "change_microwish",
    "view_microwish",
    "add_user",
    "change_user",
    "delete_user",
]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def root_client(superuser):
    return _client(superuser)


@pytest.fixture
def branch_admin(tree, make_admin, org_admin_group):
    """The administrator of 一支部, with the registers' permissions."""
    org_admin_group.permissions.add(*Permission.objects.filter(codename__in=PERMISSIONS))
    return make_admin("first_admin", tree["first"])


@pytest.fixture
def branch_client(branch_admin):
    return _client(branch_admin)


@pytest.fixture
def general_client(tree, make_admin):
    """The administrator of 一总支 (issues inspection tasks to its branches)."""
    return _client(make_admin("general_admin", tree["general"]))


def _member(tree, name: str, organisation: str = "first", serial: str = "123") -> User:
    return make_member_account(
        name,
        tree[organisation],
        phone="13800138001",
        birth=datetime.date(1980, 5, 17),
        serial=serial,
    )


def _submission(candidate, username: str):
    account = User.objects.create_user(username=username, password="x-pass-1234", name=username)
    candidate.user = account
    candidate.save()
    return candidate_submission_create(
        candidate=candidate, actor=account, kind="application", title="入党申请书", content="我志愿"
    )


def _hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def _assert_row_opens(client: Client, index: str, page: str) -> None:
    """The listing answers 200 and links the row to ``page``, which answers 200."""
    response = client.get(index)
    assert response.status_code == 200
    assert page in _hrefs(response.content.decode())
    assert client.get(page).status_code == 200


# --- the submissions list ---------------------------------------------------------------------
def test_submissions_list_with_a_submission_answers_and_links_to_the_review(
    root_client, branch_client, tree
):
    own = _submission(candidate_in(tree["first"], name="王小明"), "applicant")
    other = _submission(candidate_in(tree["third"], name="李外支"), "other_applicant")
    index = reverse("candidate_submissions:index")
    review = reverse("candidate_submissions:review", args=[own.pk])
    other_review = reverse("candidate_submissions:review", args=[other.pk])

    _assert_row_opens(root_client, index, review)
    _assert_row_opens(branch_client, index, review)
    assert other_review not in _hrefs(branch_client.get(index).content.decode())
    assert branch_client.get(other_review).status_code == 404


# --- list rows open their page ----------------------------------------------------------------
def test_candidate_rows_open_the_timeline(root_client, branch_client, tree):
    own = candidate_in(tree["first"], name="王小明")
    other = candidate_in(tree["third"], name="李外支")
    index = reverse("candidates:index")
    timeline = reverse("candidates:timeline", args=[own.pk])

    _assert_row_opens(root_client, index, timeline)
    _assert_row_opens(branch_client, index, timeline)
    other_timeline = reverse("candidates:timeline", args=[other.pk])
    assert other_timeline not in _hrefs(branch_client.get(index).content.decode())
    assert branch_client.get(other_timeline).status_code == 404


def test_suggestion_letter_and_board_rows_open_their_page_to_reply(
    root_client, branch_client, tree
):
    set_service_settings(mailbox_email="box@example.com")
    User.objects.filter(username="first_admin").update(email="first@example.com")
    author = _member(tree, "member_a")
    outsider = _member(tree, "member_c", organisation="third", serial="135")
    rows = {
        "suggestions": (
            suggestion_submit(user=author, title="建议", content="内容", anonymous=False),
            suggestion_submit(user=outsider, title="外建议", content="内容", anonymous=False),
        ),
        "secretary_letters": (
            letter_send(
                user=author, recipient_kind="branch_secretary", subject="来信", body="正文"
            ),
            letter_send(user=outsider, recipient_kind="mailbox", subject="外信", body="正文"),
        ),
        "board_posts": (
            board_post_create(user=author, content="留言内容"),
            board_post_create(user=outsider, content="外留言"),
        ),
    }
    for prefix, (own, other) in rows.items():
        index = reverse(f"{prefix}:index")
        detail = reverse(f"{prefix}:detail", args=[own.pk])
        _assert_row_opens(root_client, index, detail)
        _assert_row_opens(branch_client, index, detail)
        other_detail = reverse(f"{prefix}:detail", args=[other.pk])
        assert other_detail not in _hrefs(branch_client.get(index).content.decode())
        assert branch_client.get(other_detail).status_code == 404
    page = branch_client.get(reverse("suggestions:detail", args=[rows["suggestions"][0].pk]))
    assert reverse("suggestions:reply", args=[rows["suggestions"][0].pk]) in _hrefs(
        page.content.decode()
    )
    page = branch_client.get(
        reverse("secretary_letters:detail", args=[rows["secretary_letters"][0].pk])
    )
    assert reverse("secretary_letters:reply", args=[rows["secretary_letters"][0].pk]) in _hrefs(
        page.content.decode()
    )


def _issued_task(tree, deadline: datetime.date):
    task = inspection_task_create(
        issuer=tree["general"],
        subject="三会一课落实情况",
        requirements="上传会议记录",
        deadline=deadline,
        actor=None,
    )
    return inspection_task_issue(task=task, targets=[tree["first"], tree["second"]], actor=None)


def test_supervision_task_assignment_and_inspection_rows_open_their_page(
    root_client, general_client, branch_client, tree
):
    task = _issued_task(tree, datetime.date(2099, 12, 31))
    own = task.assignments.get(organisation=tree["first"])
    sibling = task.assignments.get(organisation=tree["second"])
    task_page = reverse("inspection_tasks:detail", args=[task.pk])
    _assert_row_opens(root_client, reverse("inspection_tasks:index"), task_page)
    _assert_row_opens(general_client, reverse("inspection_tasks:index"), task_page)
    assert branch_client.get(task_page).status_code == 404

    index = reverse("inspection_assignments:index")
    own_page = reverse("inspection_assignments:detail", args=[own.pk])
    sibling_page = reverse("inspection_assignments:detail", args=[sibling.pk])
    _assert_row_opens(root_client, index, own_page)
    _assert_row_opens(branch_client, index, own_page)
    assert sibling_page not in _hrefs(branch_client.get(index).content.decode())
    assert branch_client.get(sibling_page).status_code == 404

    start = timezone.make_aware(datetime.datetime(2026, 10, 10, 9, 0))
    held_meeting(tree["first"], kind="branch_assembly", starts_at=start)
    held_meeting(tree["third"], kind="branch_assembly", starts_at=start)
    (drawn,) = meeting_inspection_draw(user=None, organisation=tree["first"], count=1)
    (other,) = meeting_inspection_draw(user=None, organisation=tree["third"], count=1)
    index = reverse("meeting_inspections:index")
    page = reverse("meeting_inspections:detail", args=[drawn.pk])
    _assert_row_opens(root_client, index, page)
    _assert_row_opens(branch_client, index, page)
    assert "2026-10-10 09:00" in branch_client.get(index).content.decode()
    other_page = reverse("meeting_inspections:detail", args=[other.pk])
    assert other_page not in _hrefs(branch_client.get(index).content.decode())
    assert branch_client.get(other_page).status_code == 404


def test_user_rows_open_the_account(root_client, branch_client, branch_admin, tree, make_admin):
    colleague = make_admin("second_admin", tree["first"])
    outsider = make_admin("town_admin", tree["town"])
    index = reverse("wagtailusers_users:index")
    edit = reverse("wagtailusers_users:edit", args=[colleague.pk])
    _assert_row_opens(root_client, index, edit)
    _assert_row_opens(branch_client, index, edit)
    outsider_edit = reverse("wagtailusers_users:edit", args=[outsider.pk])
    assert outsider_edit not in _hrefs(branch_client.get(index).content.decode())
    assert branch_client.get(outsider_edit).status_code == 404


# --- the date pickers' script on our form pages -----------------------------------------------
def test_form_pages_with_date_pickers_include_the_picker_script(
    root_client, branch_client, tree, member_factory
):
    candidate = candidate_in(tree["first"], name="王小明")
    meeting = draft_meeting(tree["first"])
    wish = new_wish(tree["first"])
    pages = [
        reverse("meetings:create"),
        reverse("meetings:edit", args=[meeting.pk]),
        reverse("candidates:add"),
        reverse("candidates:correct", args=[candidate.pk]),
        reverse("candidates:timeline", args=[candidate.pk]),  # the next step's date
        reverse("wishes:add"),
        reverse("wishes:edit", args=[wish.pk]),
    ]
    for client in (root_client, branch_client):
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, page
            html = response.content.decode()
            assert "initDate" in html, page
            # loaded before the widgets' inline initDateChooser(…) / initDateTimeChooser(…) run
            assert PICKER_SCRIPT in html, page
            assert html.index(PICKER_SCRIPT) < html.index("initDate"), page

    other = candidate_in(tree["third"], name="李外支")
    assert branch_client.get(reverse("candidates:timeline", args=[other.pk])).status_code == 404


def test_the_minutes_page_includes_the_rich_text_editor(branch_client, tree):
    meeting = draft_meeting(tree["first"])
    meeting.status = "published"
    meeting.save(update_fields=["status"])
    response = branch_client.get(reverse("meetings:minutes", args=[meeting.pk]))
    assert response.status_code == 200
    assert "wagtailadmin/js/draftail.js" in response.content.decode()


# --- deadlines in list columns ----------------------------------------------------------------
def test_future_deadlines_are_listed_as_dates(root_client, general_client, branch_client, tree):
    new_wish(tree["first"], title="三国演义", deadline=datetime.date(2099, 5, 31))
    _issued_task(tree, datetime.date(2099, 12, 31))

    html = branch_client.get(reverse("wishes:index")).content.decode()
    assert "2099-05-31" in html and "刚刚" not in html
    for client in (root_client, general_client):
        html = client.get(reverse("inspection_tasks:index")).content.decode()
        assert "2099-12-31" in html and "刚刚" not in html
    html = branch_client.get(reverse("inspection_assignments:index")).content.decode()
    assert "2099-12-31" in html and "刚刚" not in html


# --- the organisation list's member counts ----------------------------------------------------
def _member_count_cell(html: str, organisation_name: str) -> str:
    """The 党员数 cell of the organisation's row (the column before 排序 and 规模提示)."""
    name = re.compile(rf">\s*{organisation_name}\s*<")
    row = next(row for row in html.split("<tr") if name.search(row))
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
    return cells[-3].strip()


def test_committee_member_count_is_its_subtree(root_client, tree, member_factory, make_admin):
    member_factory("一支部")
    member_factory("一支部")
    member_factory("一小组")
    member_factory("二支部")
    member_factory("三支部")
    Member.objects.filter(pk=member_factory("二支部").pk).update(is_on_roll=False)
    html = root_client.get(reverse("organisations:index")).content.decode()
    expected = {"县委": "5", "机关党委": "4", "一总支": "4", "一支部": "3", "一小组": "1"}
    for name, count in expected.items():
        assert _member_count_cell(html, name) == count, name

    general_client = _client(make_admin("general_admin", tree["general"]))
    html = general_client.get(reverse("organisations:index")).content.decode()
    assert _member_count_cell(html, "一总支") == "4"
    assert ">乡镇党委<" not in html


# --- inspect pages without "None" ---------------------------------------------------------------
def _inspect_fields(html: str) -> dict[str, str]:
    """The inspect page's fields: label → the text shown."""
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, flags=re.S)
    return {label.strip(): re.sub(r"<[^>]+>", "", value).strip() for label, value in pairs}


def test_organisation_inspect_shows_no_none(root_client, tree, make_admin):
    url = reverse("organisations:inspect", args=[tree["first"].pk])
    response = root_client.get(url)
    assert response.status_code == 200
    fields = _inspect_fields(response.content.decode())
    assert fields["成立日期"] == "—"
    assert "None" not in fields.values()
    first_client = _client(make_admin("first_admin", tree["first"]))
    fields = _inspect_fields(first_client.get(url).content.decode())
    assert fields["成立日期"] == "—" and "None" not in fields.values()
    other = reverse("organisations:inspect", args=[tree["third"].pk])
    assert first_client.get(other).status_code == 404

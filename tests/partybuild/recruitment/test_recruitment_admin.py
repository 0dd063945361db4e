"""发展党员 in the Wagtail admin: registering, the timeline and its forms, the board, the
roster export, moving branch, reviewing submissions — and the scope denials."""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partybuild.models import User
from partybuild.recruitment.models import (
    Candidate,
    CandidateStatus,
    CandidateSubmission,
    StepReview,
)
from partybuild.recruitment.services import (
    candidate_create,
    candidate_step_record,
    candidate_submission_create,
)
from tests.api.conftest import make_member_account, valid_id_number
from tests.api.factories import candidate_in
from tests.partybuild.recruitment.support import RECRUITMENT_PERMISSIONS, id_number, walk

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def candidate(tree):
    return candidate_in(tree["first"], name="王小明")


@pytest.fixture
def other_candidate(tree):
    return candidate_in(tree["third"], name="李外支")


def timeline_url(candidate):
    return reverse("candidates:timeline", args=[candidate.pk])


def test_listing_shows_only_the_subtree_with_stage_and_next_step(
    recruiter_client, candidate, other_candidate
):
    candidate_step_record(candidate=candidate, step=1, done_on=D(2026, 1, 5), actor=None)
    response = recruiter_client.get(reverse("candidates:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "王小明" in html
    assert "李外支" not in html
    assert "2. 党组织派人谈话" in html


def test_listing_queries_do_not_grow_with_the_candidates(
    recruiter_client, tree, django_assert_max_num_queries
):
    for number in range(3):
        candidate_step_record(
            candidate=candidate_in(tree["first"], name=f"甲{number}"),
            step=1,
            done_on=D(2026, 1, 5),
            actor=None,
        )
    with django_assert_max_num_queries(30) as few:
        recruiter_client.get(reverse("candidates:index"))
    for number in range(12):
        candidate_step_record(
            candidate=candidate_in(tree["first"], name=f"乙{number}"),
            step=1,
            done_on=D(2026, 1, 5),
            actor=None,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        recruiter_client.get(reverse("candidates:index"))


def test_registering_an_applicant_validates_the_id_number(recruiter_client, tree):
    birth = D(2001, 4, 2)
    data = {
        "name": "赵新",
        "gender": "male",
        "ethnicity": "汉族",
        "birth_date": "2001-04-02",
        "id_number": valid_id_number(D(2001, 4, 3)),
        "phone": "13800000009",
        "education": "",
        "employer": "县人民医院",
        "organisation": tree["first"].pk,
        "user": "",
    }
    response = recruiter_client.post(reverse("candidates:add"), data)
    assert response.status_code == 200
    assert "出生日期" in response.content.decode()
    assert not Candidate.objects.filter(name="赵新").exists()

    data["id_number"] = valid_id_number(birth)
    response = recruiter_client.post(reverse("candidates:add"), data)
    candidate = Candidate.objects.get(name="赵新")
    assert response.status_code == 302
    assert response.url == timeline_url(candidate)


def test_an_applicant_cannot_be_registered_outside_the_subtree(recruiter_client, tree):
    birth = D(2001, 4, 2)
    response = recruiter_client.post(
        reverse("candidates:add"),
        {
            "name": "赵新",
            "gender": "male",
            "birth_date": "2001-04-02",
            "id_number": valid_id_number(birth),
            "organisation": tree["third"].pk,
        },
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Candidate.objects.exists()


def test_timeline_shows_the_25_steps_and_masks_the_phone(recruiter_client, candidate):
    candidate.phone = "13912345678"
    candidate.save()
    candidate_step_record(candidate=candidate, step=1, done_on=D(2026, 1, 5), actor=None)
    response = recruiter_client.get(timeline_url(candidate))
    html = response.content.decode()
    assert html.count("data-step=") == 25
    assert 'data-step="1" data-state="done"' in html
    assert "13912345678" not in html
    assert "139****5678" in html


def test_recording_a_step_from_the_timeline_with_a_document(recruiter_client, candidate):
    response = recruiter_client.post(
        timeline_url(candidate),
        {
            "action": "step",
            "step-done_on": "2026-01-05",
            "step-notes": "本人递交",
            "step-document": SimpleUploadedFile("申请书.pdf", b"%PDF-1.4"),
        },
    )
    assert response.status_code == 302
    record = candidate.steps.get()
    assert (record.step, record.done_on, record.notes) == (1, D(2026, 1, 5), "本人递交")
    assert record.document.title == "王小明 · 递交入党申请书"


def test_a_refused_step_shows_the_rule_and_writes_nothing(recruiter_client, candidate):
    candidate_step_record(candidate=candidate, step=1, done_on=D(2026, 1, 5), actor=None)
    response = recruiter_client.post(
        timeline_url(candidate), {"action": "step", "step-done_on": "2026-01-04"}
    )
    assert response.status_code == 200
    assert "日期不能早于上一步「递交入党申请书」的日期" in response.content.decode()
    assert candidate.steps.count() == 1


def test_a_wrong_upload_type_is_refused_on_the_form(recruiter_client, candidate):
    response = recruiter_client.post(
        timeline_url(candidate),
        {
            "action": "step",
            "step-done_on": "2026-01-05",
            "step-document": SimpleUploadedFile("脚本.exe", b"MZ"),
        },
    )
    assert response.status_code == 200
    assert "不支持的文件类型" in response.content.decode()
    assert not candidate.steps.exists()


def test_another_branch_candidate_is_404_and_cannot_be_changed(recruiter_client, other_candidate):
    assert recruiter_client.get(timeline_url(other_candidate)).status_code == 404
    response = recruiter_client.post(
        timeline_url(other_candidate), {"action": "step", "step-done_on": "2026-01-05"}
    )
    assert response.status_code == 404
    assert not other_candidate.steps.exists()


def test_a_member_without_admin_access_is_kept_out(client, tree, candidate):
    member = make_member_account("plain", tree["first"], phone="13700000099", birth=D(1990, 1, 2))
    client.force_login(member)
    response = client.get(timeline_url(candidate))
    assert response.status_code in (302, 403)


def test_moving_keeps_the_steps_with_the_branch_that_did_them(
    recruiter_client, tree, make_admin, candidate, org_admin_group
):
    candidate_step_record(candidate=candidate, step=1, done_on=D(2026, 1, 5), actor=None)
    general_admin = make_admin("general_admin", tree["general"])
    recruiter_client.force_login(general_admin)
    for codename in RECRUITMENT_PERMISSIONS:
        org_admin_group.permissions.add(Permission.objects.get(codename=codename))
    response = recruiter_client.post(
        timeline_url(candidate),
        {"action": "move", "move-to_organisation": tree["second"].pk, "move-reason": "工作调动"},
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.organisation == tree["second"]
    assert candidate.steps.get().organisation == tree["first"]
    history = recruiter_client.get(reverse("candidates:history", args=[candidate.pk]))
    assert "转移发展对象" in history.content.decode()


def test_the_branch_admin_cannot_move_a_candidate_out_of_their_subtree(
    recruiter_client, tree, candidate
):
    response = recruiter_client.post(
        timeline_url(candidate),
        {"action": "move", "move-to_organisation": tree["third"].pk},
    )
    assert response.status_code == 200
    candidate.refresh_from_db()
    assert candidate.organisation == tree["first"]


def test_board_counts_per_stage_and_lists_overdue(
    recruiter_client, tree, candidate, other_candidate
):
    candidate_step_record(candidate=candidate, step=1, done_on=D(2020, 1, 5), actor=None)
    response = recruiter_client.get(reverse("candidates:board"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-organisation="{tree["first"].pk}"' in html
    assert f'data-organisation="{tree["third"].pk}"' not in html
    row = response.context["rows"][0]
    assert row["stages"][1] == 1 and row["overdue"] == 1
    assert [r["candidate"].name for r in response.context["reminders"]] == ["王小明"]


def test_the_board_header_names_the_board(recruiter_client):
    """The header's breadcrumbs (what it shows; its h1 is for screen readers) end with the
    page's name, not 首页."""
    response = recruiter_client.get(reverse("candidates:board"))
    header = response.content.decode().split("<header", 1)[1].split("</header>", 1)[0]
    breadcrumbs = header.split("<nav", 1)[1].split("</nav>", 1)[0]
    assert "发展党员进度看板" in breadcrumbs


def test_roster_export_is_scoped_and_masks_phones(recruiter_client, candidate, other_candidate):
    candidate.phone = "13912345678"
    candidate.save()
    candidate_step_record(candidate=candidate, step=1, done_on=D(2026, 1, 5), actor=None)
    response = recruiter_client.get(reverse("candidates:export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("姓名", "性别", "出生日期", "手机号码")
    assert [row[0] for row in rows[1:]] == ["王小明"]
    assert rows[1][3] == "139****5678"
    assert rows[1][7] == "1. 递交入党申请书"
    assert rows[1][9] == "2. 党组织派人谈话"


def _submission(tree, candidate):
    account = User.objects.create_user(username="applicant", password="x-pass-1234", name="申请人")
    candidate.user = account
    candidate.save()
    return candidate_submission_create(
        candidate=candidate, actor=account, kind="application", title="入党申请书", content="我志愿"
    )


def test_reviewing_a_submission_requires_a_comment_to_return(recruiter_client, tree, candidate):
    submission = _submission(tree, candidate)
    url = reverse("candidate_submissions:review", args=[submission.pk])
    response = recruiter_client.post(url, {"decision": "return", "comment": ""})
    assert response.status_code == 200
    assert "退回时请填写审阅意见" in response.content.decode()
    response = recruiter_client.post(url, {"decision": "return", "comment": "请手写签名"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.review, submission.review_comment) == (StepReview.RETURNED, "请手写签名")


def test_submissions_of_another_branch_are_not_listed_or_reviewable(
    recruiter_client, tree, other_candidate
):
    submission = _submission(tree, other_candidate)
    listing = recruiter_client.get(reverse("candidate_submissions:index"))
    assert listing.status_code == 200
    assert list(listing.context["object_list"]) == []
    url = reverse("candidate_submissions:review", args=[submission.pk])
    assert recruiter_client.post(url, {"decision": "accept"}).status_code == 404
    assert CandidateSubmission.objects.get().review == StepReview.PENDING


def test_probation_extension_and_cancellation_forms_appear_for_probationary(
    recruiter_client, candidate
):
    Candidate.objects.filter(pk=candidate.pk).update(status=CandidateStatus.PROBATIONARY)
    response = recruiter_client.get(timeline_url(candidate))
    assert set(response.context["forms"]) >= {"extend", "cancel"}
    response = recruiter_client.post(
        timeline_url(candidate), {"action": "extend", "extend-months": 5, "extend-reason": "x"}
    )
    assert response.status_code == 200
    candidate.refresh_from_db()
    assert candidate.probation_extension_months == 0


def _edit_data(candidate, **changes):
    data = {
        "name": candidate.name,
        "gender": candidate.gender,
        "ethnicity": candidate.ethnicity,
        "birth_date": candidate.birth_date.isoformat(),
        "id_number": "",
        "phone": "",
        "education": "",
        "employer": "",
        "user": "",
    }
    data.update(changes)
    return data


def test_correcting_a_candidate_keeps_what_is_left_empty(recruiter_client, candidate):
    candidate.phone = "13912345678"
    candidate.save()
    id_number = candidate.id_number
    url = reverse("candidates:correct", args=[candidate.pk])
    page = recruiter_client.get(url).content.decode()
    assert "13912345678" not in page and "139****5678" in page
    response = recruiter_client.post(url, _edit_data(candidate, name="王晓明", employer="县医院"))
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.name, candidate.employer) == ("王晓明", "县医院")
    assert (candidate.phone, candidate.id_number) == ("13912345678", id_number)
    history = recruiter_client.get(reverse("candidates:history", args=[candidate.pk]))
    assert "修改发展对象信息" in history.content.decode()


def test_a_correction_is_validated_like_registration(recruiter_client, candidate):
    url = reverse("candidates:correct", args=[candidate.pk])
    response = recruiter_client.post(url, _edit_data(candidate, birth_date="1996-06-01"))
    assert response.status_code == 200
    assert "出生日期" in str(response.context["form"].errors)
    candidate.refresh_from_db()
    assert candidate.birth_date == D(1995, 6, 1)


def test_another_branch_candidate_cannot_be_corrected(recruiter_client, other_candidate):
    url = reverse("candidates:correct", args=[other_candidate.pk])
    assert recruiter_client.get(url).status_code == 404
    assert recruiter_client.post(url, _edit_data(other_candidate, name="改名")).status_code == 404
    other_candidate.refresh_from_db()
    assert other_candidate.name == "李外支"


def test_refused_people_and_dates_show_on_their_fields(recruiter_client, candidate, member_factory):
    """Only full members in normal standing are offered; a service refusal (three contacts, a
    date after today) is shown on the field that holds the value."""
    walk(candidate, [], 4)
    members = [member_factory("一支部", category="full") for _ in range(3)]
    suspended = member_factory("一支部", category="full", standing="suspended")
    url = timeline_url(candidate)
    offered = recruiter_client.get(url).context["forms"]["step"].fields["people"].queryset
    assert set(offered) == set(members)
    response = recruiter_client.post(
        url, {"action": "step", "step-done_on": "2024-03-06", "step-people": [suspended.pk]}
    )
    assert "people" in response.context["forms"]["step"].errors
    response = recruiter_client.post(
        url,
        {"action": "step", "step-done_on": "2024-03-06", "step-people": [m.pk for m in members]},
    )
    errors = response.context["forms"]["step"].errors
    assert "培养联系人应为1至2名正式党员" in errors["people"][0]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = recruiter_client.post(
        url,
        {"action": "step", "step-done_on": tomorrow.isoformat(), "step-people": [members[0].pk]},
    )
    assert "不能晚于今天" in response.context["forms"]["step"].errors["done_on"][0]
    assert not candidate.steps.filter(step=5).exists()


def test_the_conversion_step_form_tells_the_earliest_date(recruiter_client, tree, member_factory):
    birth = D(2000, 3, 15)
    candidate = candidate_create(
        organisation=tree["first"],
        actor=None,
        name="转正甲",
        gender="male",
        birth_date=birth,
        id_number=id_number(birth),
    )
    walk(candidate, [member_factory("一支部", category="full") for _ in range(2)], 21)
    form = recruiter_client.get(timeline_url(candidate)).context["forms"]["step"]
    assert "2026-05-10" in form.fields["done_on"].help_text
    assert "2026-04-10" in form.fields["done_on"].help_text
    response = recruiter_client.post(
        timeline_url(candidate), {"action": "step", "step-done_on": "2026-04-09"}
    )
    assert "转正申请不得早于" in response.context["forms"]["step"].errors["done_on"][0]

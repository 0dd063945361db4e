"""Online submissions of 发展党员: the portal page 我的入党进程 and the app's attachment upload."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partybuild.models import Message, User
from partybuild.recruitment.models import CandidateSubmission, StepReview
from partybuild.recruitment.services import candidate_step_record, candidate_submission_review
from tests.api.conftest import client_for
from tests.api.factories import candidate_in
from tests.portal_pages import portal_pages  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal_pages")]

D = datetime.date


@pytest.fixture
def applicant(tree):
    return User.objects.create_user(username="applicant", password="x-pass-1234", name="王小明")


@pytest.fixture
def candidate(tree, applicant):
    return candidate_in(tree["first"], user=applicant, name="王小明")


def test_an_account_without_a_candidacy_is_told_how_to_start(client, applicant):
    client.force_login(applicant)
    response = client.get(reverse("portal:recruitment"))
    assert response.status_code == 200
    assert "data-no-candidate" in response.content.decode()


def test_the_page_needs_a_login(client):
    response = client.get(reverse("portal:recruitment"))
    assert response.status_code == 302


def test_the_candidate_sees_their_steps_and_submits_with_an_attachment(
    client, candidate, applicant, make_admin, tree
):
    administrator = make_admin("first_admin", tree["first"])
    candidate_step_record(candidate=candidate, step=1, done_on=D(2026, 1, 5), actor=None)
    client.force_login(applicant)
    page = client.get(reverse("portal:recruitment")).content.decode()
    assert page.count("data-step=") == 25
    assert 'data-step="1" data-state="done"' in page

    response = client.post(
        reverse("portal:recruitment"),
        {
            "kind": "thought_report",
            "title": "第一季度思想汇报",
            "content": "通过学习党章……",
            "attachment": SimpleUploadedFile("汇报.pdf", b"%PDF-1.4"),
        },
    )
    assert response.status_code == 302
    submission = CandidateSubmission.objects.get()
    assert submission.attachment.title == "第一季度思想汇报"
    assert Message.objects.filter(recipient=administrator).count() == 1

    candidate_submission_review(
        submission=submission, actor=administrator, accept=False, comment="请补充学习体会"
    )
    page = client.get(reverse("portal:recruitment")).content.decode()
    assert "退回：请补充学习体会" in page or "请补充学习体会" in page


def test_a_bad_attachment_is_refused_and_nothing_is_saved(client, candidate, applicant):
    client.force_login(applicant)
    response = client.post(
        reverse("portal:recruitment"),
        {
            "kind": "application",
            "title": "入党申请书",
            "content": "我志愿加入中国共产党",
            "attachment": SimpleUploadedFile("申请书.exe", b"MZ"),
        },
    )
    assert response.status_code == 200
    assert "不支持的文件类型" in response.content.decode()
    assert not CandidateSubmission.objects.exists()


def _submission(candidate, applicant):
    from partybuild.recruitment.services import candidate_submission_create

    return candidate_submission_create(
        candidate=candidate,
        actor=applicant,
        kind="thought_report",
        title="思想汇报",
        content="体会",
    )


def test_the_app_attaches_a_file_to_a_pending_submission(candidate, applicant):
    submission = _submission(candidate, applicant)
    client = client_for(applicant)
    url = f"/api/app/recruitment/me/submissions/{submission.pk}/attachment"
    response = client.post(url, {"file": SimpleUploadedFile("汇报.docx", b"PK\x03\x04")})
    assert response.status_code == 200
    assert response.json()["attachment_title"] == "思想汇报"
    assert response.json()["attachment_url"].endswith(".docx")
    mine = client.get("/api/app/recruitment/me").json()
    assert mine["submissions"][0]["attachment_title"] == "思想汇报"


def test_the_app_refuses_a_wrong_type_and_a_reviewed_submission(candidate, applicant, superuser):
    submission = _submission(candidate, applicant)
    client = client_for(applicant)
    url = f"/api/app/recruitment/me/submissions/{submission.pk}/attachment"
    response = client.post(url, {"file": SimpleUploadedFile("病毒.exe", b"MZ")})
    assert response.status_code == 422
    assert response.json()["fields"]["attachment"]
    candidate_submission_review(submission=submission, actor=superuser, accept=True)
    response = client.post(url, {"file": SimpleUploadedFile("汇报.pdf", b"%PDF")})
    assert response.status_code == 422
    assert response.json()["code"] == "submission_reviewed"
    submission.refresh_from_db()
    assert submission.attachment is None and submission.review == StepReview.APPROVED

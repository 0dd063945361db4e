"""Files uploaded into the registers are private (issue 14, item 1).

They are not Wagtail images or documents (so neither the v2 API nor the editors' choosers list
them and nothing serves them under MEDIA_URL); the one view that serves them answers only to
users who may see the object the file belongs to, 404 to everyone else, renditions included.
"""

import datetime
import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PillowImage

from partybuild.file_access import FILE_OWNERS
from partybuild.models import Member, PrivateFile, User
from partybuild.orglife.models import Meeting, MeetingAttachment, MeetingAttendee
from partybuild.recruitment.models import CandidateSubmission
from partybuild.recruitment.services import candidate_submission_create
from partybuild.supervision.models import InspectionAssignment, InspectionAttachment, InspectionTask
from partybuild.uploads import upload_store_document, upload_store_image
from tests.api.conftest import client_for, token_for, valid_id_number
from tests.api.factories import candidate_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def png(name: str = "照片.png", size=(64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name: str = "入党申请书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 private letter", content_type="application/pdf")


def logged_in(client, user):
    client.force_login(user)
    return client


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def applicant(tree):
    return User.objects.create_user(username="applicant", password=PASSWORD, name="王小明")


@pytest.fixture
def submission(tree, applicant) -> CandidateSubmission:
    candidate = candidate_in(tree["first"], user=applicant, name="王小明")
    return candidate_submission_create(
        candidate=candidate,
        actor=applicant,
        kind="application",
        title="入党申请书",
        content="我志愿加入中国共产党。",
        attachment=pdf(),
    )


def test_every_field_holding_private_files_has_an_access_rule():
    holding = {
        (field.model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey) and field.related_model is PrivateFile
        if field.model is not PrivateFile
    }
    listed = {(owner.model, owner.field) for owner in FILE_OWNERS}
    assert holding == listed


def test_register_uploads_are_not_wagtail_media_and_not_in_the_v2_api(client, submission):
    client.get("/")
    assert submission.attachment.title == "入党申请书"
    for listing in ("/api/v2/images/", "/api/v2/documents/"):
        response = client.get(listing)
        assert response.status_code in (200, 404)
        assert "入党申请书" not in response.content.decode()
    # The editors' choosers list Wagtail's libraries only; the upload is not in them.
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    assert get_document_model().objects.count() == 0
    assert get_image_model().objects.count() == 0


def test_the_applicant_and_the_branch_subtree_may_open_an_application(
    client, submission, applicant, tree, make_admin, superuser
):
    url = submission.attachment.url
    for user in (applicant, make_admin("branch", tree["first"]), make_admin("up", tree["organ"])):
        response = logged_in(client, user).get(url)
        assert response.status_code == 200, user
        assert body(response) == b"%PDF-1.4 private letter"
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
    assert logged_in(client, superuser).get(url).status_code == 200


def test_anyone_else_gets_404(client, submission, tree, make_admin, member_factory):
    url = submission.attachment.url
    assert client.get(url).status_code == 404
    outsider_member = member_factory("二支部")
    outsider_member.user = User.objects.create_user(username="m2", password=PASSWORD)
    outsider_member.save()
    for user in (
        make_admin("sibling", tree["second"]),
        make_admin("town", tree["town"]),
        outsider_member.user,
        User.objects.create_user(username="nobody", password=PASSWORD),
    ):
        client.logout()
        assert logged_in(client, user).get(url).status_code == 404, user


def test_an_unknown_key_and_an_unknown_size_are_404(client, submission, superuser):
    logged_in(client, superuser)
    bogus = reverse(
        "private_file",
        kwargs={"key": "00000000-0000-0000-0000-000000000000", "name": "x.pdf"},
    )
    assert client.get(bogus).status_code == 404
    assert client.get(f"{submission.attachment.url}?size=original").status_code == 404


def test_an_inactive_account_is_refused(client, submission, applicant):
    logged_in(client, applicant)
    applicant.is_active = False
    applicant.save()
    assert client.get(submission.attachment.url).status_code == 404


def test_the_app_opens_a_file_with_its_bearer_token(submission, applicant, tree, make_admin):
    url = submission.attachment.url
    assert client_for(applicant).get(url).status_code == 200
    other = make_admin("sibling", tree["second"])
    assert client_for(other).get(url).status_code == 404
    from django.test import Client

    forged = Client(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert forged.get(url).status_code == 404


def test_the_app_api_links_the_checked_view(submission, applicant):
    response = client_for(applicant).get("/api/app/recruitment/me")
    assert response.status_code == 200
    assert submission.attachment.url in response.content.decode()
    assert "/media/" not in response.content.decode()


def test_x_accel_redirect_hands_the_transfer_to_the_web_server(
    client, submission, applicant, settings
):
    settings.PRIVATE_FILES_ACCEL_REDIRECT = "/private-media/"
    response = logged_in(client, applicant).get(submission.attachment.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/private-media/{submission.attachment.file.name}"
    assert response.content == b""
    assert response["Cache-Control"] == "private, no-store"


def _member_with_photo(tree, client, superuser) -> Member:
    member = Member.objects.create(
        name="李四", organisation=tree["first"], gender="male", joined_on=datetime.date(2010, 7, 1)
    )
    member.photo = upload_store_image(file=png(), title="李四的照片")
    member.save()
    return member


def test_renditions_of_private_images_are_private_too(client, tree, superuser, make_admin):
    member = _member_with_photo(tree, client, superuser)
    thumbnail = member.photo.thumbnail_url
    assert client.get(thumbnail).status_code == 404
    assert logged_in(client, make_admin("sibling", tree["second"])).get(thumbnail).status_code == (
        404
    )
    client.logout()
    response = logged_in(client, make_admin("branch", tree["first"])).get(thumbnail)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    reduced = PillowImage.open(io.BytesIO(body(response)))
    assert reduced.size == (64, 48)
    storage = member.photo.file.storage
    assert storage.exists(member.photo.thumbnail_name)
    # Deleting the file takes its rendition with it.
    photo = member.photo
    photo.delete()
    assert not storage.exists(photo.thumbnail_name)
    assert not storage.exists(photo.file.name)


def test_the_member_photo_is_uploaded_in_the_dossier_form_and_shown_privately(
    client, tree, superuser
):
    birth = datetime.date(1990, 1, 1)
    member = Member(
        name="张三",
        organisation=tree["first"],
        gender="male",
        birth_date=birth,
        joined_on=datetime.date(2010, 7, 1),
    )
    member.id_number = valid_id_number(birth)
    member.save()
    logged_in(client, superuser)
    edit = reverse("members:edit", args=[member.pk])
    page = client.get(edit).content.decode()
    assert 'name="photo_upload"' in page and 'enctype="multipart/form-data"' in page
    form = {
        "name": "张三",
        "gender": "male",
        "birth_date": "1990-01-01",
        "organisation": tree["first"].pk,
        "category": member.category,
        "standing": member.standing,
        "joined_on": "2010-07-01",
        "is_on_roll": "on",
        "photo_upload": png("张三.png"),
    }
    for prefix in ("rewards", "abroad", "evaluations"):
        form.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(edit, form)
    assert response.status_code == 302, [
        line for line in response.content.decode().splitlines() if "error" in line
    ]
    member.refresh_from_db()
    assert member.photo is not None and member.photo.kind == "image"
    inspect = client.get(reverse("members:inspect", args=[member.pk])).content.decode()
    assert member.photo.thumbnail_url.replace("&", "&amp;") in inspect
    assert "/media/" not in inspect


def _meeting(tree, superuser) -> Meeting:
    now = timezone.now()
    return Meeting.objects.create(
        kind="branch_meeting",
        organisation=tree["first"],
        starts_at=now,
        ends_at=now + datetime.timedelta(hours=1),
        place="会议室",
        topic="学习",
        created_by=superuser,
    )


def test_minutes_attachments_open_for_the_meeting_subtree_and_attendees(
    client, tree, superuser, make_admin, member_factory
):
    meeting = _meeting(tree, superuser)
    attachment = MeetingAttachment.objects.create(
        meeting=meeting, image=upload_store_image(file=png(), title="会议照片")
    )
    attendee = member_factory("一支部")
    attendee.user = User.objects.create_user(username="attendee", password=PASSWORD)
    attendee.save()
    MeetingAttendee.objects.create(meeting=meeting, member=attendee)
    absent = member_factory("一支部")
    absent.user = User.objects.create_user(username="absent", password=PASSWORD)
    absent.save()
    url = attachment.image.url
    allowed = (attendee.user, make_admin("branch", tree["first"]), superuser)
    refused = (absent.user, make_admin("sibling", tree["second"]))
    for user in allowed:
        client.logout()
        assert logged_in(client, user).get(url).status_code == 200, user
    for user in refused:
        client.logout()
        assert logged_in(client, user).get(url).status_code == 404, user


def test_inspection_responses_open_for_the_issuer_and_the_target_only(
    client, tree, superuser, make_admin
):
    task = InspectionTask.objects.create(
        issuer=tree["organ"],
        subject="三会一课督查",
        requirements="上传记录",
        deadline=datetime.date(2030, 1, 1),
    )
    assignment = InspectionAssignment.objects.create(task=task, organisation=tree["first"])
    attachment = InspectionAttachment.objects.create(
        assignment=assignment, document=upload_store_document(file=pdf("反馈.pdf"), title="反馈")
    )
    url = attachment.document.url
    for user in (make_admin("issuer", tree["organ"]), make_admin("target", tree["first"])):
        client.logout()
        assert logged_in(client, user).get(url).status_code == 200
    for user in (make_admin("sibling", tree["second"]), make_admin("town", tree["town"])):
        client.logout()
        assert logged_in(client, user).get(url).status_code == 404


def test_a_token_fetch_does_not_touch_the_token(submission, applicant):
    from wagtail.models import APIToken

    plaintext = token_for(applicant)
    from django.test import Client

    Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}").get(submission.attachment.url)
    assert not APIToken.objects.filter(user=applicant, last_used_at__isnull=False).exists()


def test_a_private_root_inside_the_public_media_fails_the_system_check(settings, tmp_path):
    from partybuild.checks import private_media_is_not_public

    settings.MEDIA_ROOT = str(tmp_path)
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    assert [error.id for error in private_media_is_not_public()] == ["partybuild.E001"]
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path.parent / "elsewhere")
    assert private_media_is_not_public() == []


def test_the_url_carries_no_title_but_the_download_keeps_it(client, submission, applicant):
    url = submission.attachment.url
    assert url.endswith("/document.pdf")
    response = logged_in(client, applicant).get(url)
    assert (
        "filename*=utf-8''%E5%85%A5%E5%85%9A%E7%94%B3%E8%AF%B7%E4%B9%A6.pdf"
        in (response["Content-Disposition"])
    )

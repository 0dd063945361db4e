"""微心得: submitting (with upload limits), review and its refusals, points awarded once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from partybuild import uploads
from partybuild.memberservices.models import ExperienceStatus, MicroExperience, PointsEntry
from partybuild.memberservices.selectors.experiences import (
    experience_list_for_member,
    experience_list_mine,
)
from partybuild.memberservices.selectors.points import points_balance
from partybuild.memberservices.services.experiences import (
    experience_approve,
    experience_reject,
    experience_submit,
)
from partybuild.memberservices.services.points import EXPERIENCE_DEFAULT_POINTS
from partybuild.models import PrivateFile
from tests.partybuild.memberservices.test_wishes import claimer, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(tree):
    return claimer(tree, "author", phone="13800000051")


def submit(member, **kwargs):
    kwargs.setdefault("title", "学以致用，知行合一")
    kwargs.setdefault("content", "学习的最终目的在于运用。")
    return experience_submit(member=member, **kwargs)


def test_submit_with_image_and_attachment(author):
    experience = submit(author, image=png(), attachment=SimpleUploadedFile("心得.pdf", b"%PDF-1.4"))
    assert experience.status == ExperienceStatus.PENDING
    assert experience.organisation == author.organisation
    assert experience.image is not None and experience.attachment is not None
    assert list(experience_list_mine(member=author)) == [experience]


def test_title_and_content_are_required(author):
    with pytest.raises(ValidationError) as refused:
        submit(author, title=" ")
    assert refused.value.error_dict["title"][0].code == "required"
    with pytest.raises(ValidationError):
        submit(author, content="")
    assert MicroExperience.objects.count() == 0


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        (
            {"attachment": SimpleUploadedFile("脚本.html", b"<script>")},
            "attachment",
            "upload_type_not_allowed",
        ),
        ({"image": SimpleUploadedFile("x.exe", b"MZ")}, "image", "upload_type_not_allowed"),
        (
            {"attachment": SimpleUploadedFile("大.pdf", b"%PDF" + b"0" * 64)},
            "attachment",
            "upload_too_large",
        ),
    ],
)
def test_a_bad_upload_is_refused_and_nothing_is_saved(author, monkeypatch, kwargs, field, code):
    monkeypatch.setitem(uploads.MAX_SIZE, "document", 32)
    with pytest.raises(ValidationError) as refused:
        submit(author, image=kwargs.get("image", png()), attachment=kwargs.get("attachment"))
    error = refused.value.error_dict[field][0]
    assert error.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error.messages[0])
    assert MicroExperience.objects.count() == 0
    assert PrivateFile.objects.count() == 0


def test_approval_awards_points_once_and_re_approving_adds_nothing(tree, author, make_admin):
    admin = make_admin("branch", tree["first"])
    experience = submit(author)
    experience_approve(experience=experience, actor=admin, points=12)
    assert points_balance(member=author) == 12
    with pytest.raises(ValidationError) as refused:
        experience_approve(experience=experience, actor=admin, points=12)
    assert refused.value.code == "experience_already_reviewed"
    with pytest.raises(ValidationError):
        experience_reject(experience=experience, actor=admin, reason="改主意了")
    assert points_balance(member=author) == 12
    assert PointsEntry.objects.filter(member=author).count() == 1
    experience.refresh_from_db()
    assert (experience.status, experience.points, experience.reviewed_by) == (
        ExperienceStatus.APPROVED,
        12,
        admin,
    )
    assert author.user.messages.filter(object_type="experience").count() == 1


def test_the_default_points_apply_when_the_reviewer_gives_none(author):
    experience_approve(experience=submit(author), actor=None)
    assert points_balance(member=author) == EXPERIENCE_DEFAULT_POINTS


def test_points_out_of_range_are_refused(author):
    experience = submit(author)
    with pytest.raises(ValidationError) as refused:
        experience_approve(experience=experience, actor=None, points=500)
    assert refused.value.error_dict["points"][0].code == "points_out_of_range"
    experience.refresh_from_db()
    assert experience.status == ExperienceStatus.PENDING
    assert points_balance(member=author) == 0


def test_reject_needs_a_reason_and_awards_nothing(author):
    experience = submit(author)
    with pytest.raises(ValidationError) as refused:
        experience_reject(experience=experience, actor=None, reason="")
    assert refused.value.error_dict["reason"][0].code == "reason_required"
    experience = experience_reject(experience=experience, actor=None, reason="内容过短")
    assert experience.status == ExperienceStatus.REJECTED
    assert points_balance(member=author) == 0


def test_an_admin_of_another_branch_cannot_review(tree, author, make_admin):
    experience = submit(author)
    with pytest.raises(PermissionDenied):
        experience_approve(experience=experience, actor=make_admin("b", tree["second"]))
    experience.refresh_from_db()
    assert experience.status == ExperienceStatus.PENDING


def test_members_see_approved_experiences_of_their_committee_only(tree, author):
    approved = experience_approve(experience=submit(author), actor=None)
    submit(author, title="待审核的")
    neighbour = claimer(tree, "neighbour", "second", phone="13800000052")
    outsider = claimer(tree, "outsider", "third", phone="13800000053")
    assert list(experience_list_for_member(member=neighbour)) == [approved]
    assert list(experience_list_for_member(member=outsider)) == []


def test_an_off_roll_member_cannot_submit(author):
    author.is_on_roll = False
    author.save(update_fields=["is_on_roll"])
    with pytest.raises(PermissionDenied):
        submit(author)

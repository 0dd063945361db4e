"""Dossiers are written through partybuild.services.members, by the admin as by anyone else."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from wagtail.models import ModelLogEntry

from partybuild.models import Member, PrivateFile
from partybuild.services.members import member_create, member_update

pytestmark = pytest.mark.django_db


def png(name: str = "照片.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (8, 6), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def new_member(organisation) -> Member:
    return Member(name="钱七", gender="female", organisation=organisation)


def test_an_administrator_cannot_create_a_dossier_outside_their_subtree(tree, make_admin):
    administrator = make_admin("first_admin", tree["first"])
    with pytest.raises(PermissionDenied):
        member_create(member=new_member(tree["third"]), actor=administrator)
    assert not Member.objects.exists()


def test_moving_a_dossier_outside_the_subtree_is_refused_and_writes_nothing(tree, make_admin):
    administrator = make_admin("first_admin", tree["first"])
    member = member_create(member=new_member(tree["first"]), actor=administrator)
    member.organisation = tree["third"]
    with pytest.raises(PermissionDenied):
        member_update(member=member, actor=administrator)
    assert Member.objects.get().organisation == tree["first"]


def test_create_stores_the_photo_privately_and_records_history(tree, make_admin):
    administrator = make_admin("first_admin", tree["first"])
    member = member_create(member=new_member(tree["first"]), actor=administrator, photo=png())
    assert member.photo.original_name == "照片.png"
    assert "照片" not in member.photo.file.name
    entry = ModelLogEntry.objects.for_instance(member).get()
    assert (entry.action, entry.user) == ("wagtail.create", administrator)


def test_a_new_photo_replaces_the_old_file_and_clearing_removes_it(tree):
    member = member_create(member=new_member(tree["first"]), actor=None, photo=png())
    first = member.photo.pk
    member_update(member=member, actor=None, photo=png("新照片.png"))
    assert not PrivateFile.objects.filter(pk=first).exists()
    member_update(member=member, actor=None, clear_photo=True)
    assert Member.objects.get().photo is None
    assert not PrivateFile.objects.exists()
    assert ModelLogEntry.objects.for_instance(member).filter(action="wagtail.edit").count() == 2

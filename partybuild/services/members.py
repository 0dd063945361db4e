"""Writes of member dossiers (党员档案): create and edit, whoever asks (the admin today, the app and
imports through the same rules).

The caller's form sets and validates the fields (the ID number's agreement with birth date and
sex, its uniqueness through the blind index: ``Member.clean``); the service checks that the
organisation is in the actor's subtree, stores an uploaded photo privately, saves and writes the
history entry that the admin's 历史 shows.
"""

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from partybuild.models import Member, User
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.uploads import upload_store_image


def _require_scope(*, actor: User | None, member: Member) -> None:
    if actor is not None and not organisation_is_in_scope(
        user=actor, organisation=member.organisation
    ):
        raise PermissionDenied(_("只能维护本人管理的党组织的党员档案。"))


def _photo(*, member: Member, photo: UploadedFile, actor: User | None):
    return upload_store_image(
        file=photo,
        title=_("%(name)s的照片") % {"name": member.name},
        user=actor,
        field="photo_upload",
    )


@transaction.atomic
def member_create(
    *, member: Member, actor: User | None, photo: UploadedFile | None = None
) -> Member:
    """Save the new dossier ``member`` (unsaved, its fields validated) with an optional photo;
    ``actor=None`` is the system."""
    _require_scope(actor=actor, member=member)
    if photo is not None:
        member.photo = _photo(member=member, photo=photo, actor=actor)
    member.save()
    log(instance=member, action="wagtail.create", user=actor, content_changed=True)
    return member


@transaction.atomic
def member_update(
    *,
    member: Member,
    actor: User | None,
    photo: UploadedFile | None = None,
    clear_photo: bool = False,
) -> Member:
    """Save the edited dossier ``member`` (its new fields validated). A new ``photo`` replaces the
    old one and ``clear_photo`` removes it; the replaced file is deleted once the dossier no
    longer refers to it."""
    _require_scope(actor=actor, member=member)
    replaced = None
    if photo is not None:
        replaced = member.photo
        member.photo = _photo(member=member, photo=photo, actor=actor)
    elif clear_photo:
        replaced, member.photo = member.photo, None
    member.save()
    if replaced is not None:
        replaced.delete()
    log(instance=member, action="wagtail.edit", user=actor, content_changed=True)
    return member

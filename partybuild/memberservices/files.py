"""Who may open the private files of 微心愿 (photos) and 微心得 (images and attachments); see
partybuild/file_access.py."""

from partybuild.file_access import FileOwner, file_owner_register
from partybuild.memberservices.models import ExperienceStatus, MicroExperience, MicroWish
from partybuild.memberservices.selectors.wishes import wish_area_root, wish_visible_to_user
from partybuild.models import User
from partybuild.selectors.members import member_for_user
from partybuild.selectors.organisations import organisation_is_in_scope


def _wish_may_open(user: User, wish: MicroWish) -> bool:
    member = member_for_user(user=user, on_roll=True)
    return wish_visible_to_user(user=user, member=member).filter(pk=wish.pk).exists()


def _experience_may_open(user: User, experience: MicroExperience) -> bool:
    if experience.author.user_id == user.pk:
        return True
    if organisation_is_in_scope(user=user, organisation=experience.organisation):
        return True
    if experience.status != ExperienceStatus.APPROVED:
        return False
    member = member_for_user(user=user, on_roll=True)
    if member is None:
        return False
    area = wish_area_root(organisation=member.organisation)
    return experience.organisation.path.startswith(area.path)


def register() -> None:
    """Called from the app's ``ready``."""
    file_owner_register(
        FileOwner(MicroWish, "image", _wish_may_open),
        FileOwner(MicroWish, "fulfilment_photo", _wish_may_open),
        FileOwner(MicroExperience, "image", _experience_may_open, ("author", "organisation")),
        FileOwner(MicroExperience, "attachment", _experience_may_open, ("author", "organisation")),
    )

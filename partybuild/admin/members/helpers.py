"""Shared constants and helpers of the member admin (labels, search, identity permission)."""

from django.utils.translation import gettext_lazy as _

from partybuild.models import Member, MemberStanding

#: The permission that shows ID and mobile numbers in full (Member.Meta.permissions).
FULL_IDENTITY_PERMISSION = "partybuild.view_full_identity"

#: Dossier fields on the create/edit form, in the order of the form's sections.
MEMBER_FORM_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        _("基本信息"),
        ("name", "gender", "ethnicity", "birth_date", "native_place", "id_number", "phone"),
    ),
    (_("联系与照片"), ("home_address", "photo", "user")),
    (_("学历与工作"), ("education", "degree", "school_major", "employer", "job_post")),
    (
        _("党籍信息"),
        (
            "organisation",
            "category",
            "joined_on",
            "confirmed_on",
            "standing",
            "is_lost_contact",
            "is_abroad",
            "is_mobile",
            "is_on_roll",
        ),
    ),
)
#: The model fields of the form; the ID number and the photo are form fields of their own.
MEMBER_MODEL_FORM_FIELDS = [
    field
    for _heading, fields in MEMBER_FORM_SECTIONS
    for field in fields
    if field not in ("id_number", "photo")
]


def may_see_full_identity(user) -> bool:
    return user.has_perm(FULL_IDENTITY_PERMISSION)


def standing_label(member: Member) -> str:
    """党籍状态 with the flags a member carries (失联, 出国(境), 流动党员)."""
    label = str(member.get_standing_display())
    if member.flags:
        label += "（" + "、".join(member.flags) + "）"
    return label


def roster_status_label(member: Member) -> str:
    """The seed's 党员状态: the category, and the standing when it is not 正常."""
    label = str(member.get_category_display())
    if member.standing != MemberStanding.NORMAL:
        label += f"（{member.get_standing_display()}）"
    return label


def iso_date(value) -> str:
    return value.isoformat() if value else ""

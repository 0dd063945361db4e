"""The 书记信箱 entry of the member app's 首页 (partybuild.member_modules): for a member on the roll
once the management department has set the mailbox (the default Site's MemberServiceSettings;
without a saved setting, it has not)."""

from partybuild.member_modules import member_module_register
from partybuild.memberservices.models import MemberServiceSettings


def letters_apply(*, user, member) -> bool:
    if member is None or not member.is_on_roll:
        return False
    return bool(
        MemberServiceSettings.objects.filter(site__is_default_site=True)
        .values_list("mailbox_email", flat=True)
        .first()
    )


def register() -> None:
    member_module_register(key="letters", applies=letters_apply)

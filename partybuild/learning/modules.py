"""The 学习 entry of the member app's 首页 (partybuild.member_modules): for members on the roll."""

from partybuild.member_modules import member_module_register


def learning_applies(*, user, member) -> bool:
    return member is not None and member.is_on_roll


def register() -> None:
    member_module_register(key="learning", applies=learning_applies)

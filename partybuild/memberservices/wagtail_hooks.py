"""Registers the admin of 便民服务 and 意见与留言 with Wagtail."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_admin_viewset")
def register_member_service_viewsets():
    """意见建议, 书记信箱 and 留言板 of the user's subtree (admin/suggestions, letters, board)."""
    from wagtail.admin.viewsets.base import ViewSetGroup

    from partybuild.memberservices.admin.board import board_post_viewset
    from partybuild.memberservices.admin.letters import letter_viewset
    from partybuild.memberservices.admin.suggestions import suggestion_viewset

    class MemberFeedbackViewSetGroup(ViewSetGroup):
        menu_label = _("意见与留言")
        menu_icon = "comment"
        menu_order = 280
        items = (suggestion_viewset, letter_viewset, board_post_viewset)

    return MemberFeedbackViewSetGroup()


@hooks.register("register_admin_viewset")
def register_wish_and_experience_viewsets():
    """便民服务: 微心愿 and 微心得 with the 积分 leaderboard (memberservices/admin/wishes/)."""
    from partybuild.memberservices.admin.wishes import BenefitsViewSetGroup

    return BenefitsViewSetGroup()

"""Registers the admin of 发展党员 with Wagtail."""

from wagtail import hooks


@hooks.register("register_admin_viewset")
def register_recruitment_viewsets():
    """发展党员: candidates with their timelines, the board and online submissions."""
    from partybuild.recruitment.admin import RecruitmentViewSetGroup

    return RecruitmentViewSetGroup()

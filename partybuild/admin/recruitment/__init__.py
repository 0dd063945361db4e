"""发展党员 in the Wagtail admin (partybuild.admin.recruitment.viewset)."""

from partybuild.admin.recruitment.viewset import RecruitmentViewSetGroup

__all__ = ["RecruitmentViewSetGroup"]

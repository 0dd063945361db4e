"""发展党员 in the Wagtail admin (partybuild.recruitment.admin.viewset)."""

from partybuild.recruitment.admin.viewset import RecruitmentViewSetGroup

__all__ = ["RecruitmentViewSetGroup"]

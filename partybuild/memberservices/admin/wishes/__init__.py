"""微心愿 and 微心得 in the Wagtail admin, with the 积分 leaderboard."""

from .viewsets import BenefitsViewSetGroup, experience_viewset, wish_viewset

__all__ = ["BenefitsViewSetGroup", "experience_viewset", "wish_viewset"]

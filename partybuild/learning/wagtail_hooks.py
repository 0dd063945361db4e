"""Registers the admin of 学习教育 with Wagtail."""

from wagtail import hooks


@hooks.register("register_admin_viewset")
def register_learning_viewsets():
    """学习教育: 课程, 题库, 考试, 考试成绩 and 学习情况 (learning/admin)."""
    from partybuild.learning.admin import LearningViewSetGroup

    return LearningViewSetGroup()

"""The admin of 学习教育 (partybuild/learning/admin/viewsets.py)."""

from partybuild.learning.admin.viewsets import LearningViewSetGroup

__all__ = ["LearningViewSetGroup"]

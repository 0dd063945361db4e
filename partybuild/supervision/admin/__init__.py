"""Wagtail admin for 党建督查 (permissions, forms, views, viewsets)."""

from .viewset import SupervisionViewSetGroup

__all__ = ["SupervisionViewSetGroup"]

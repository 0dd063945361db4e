"""Wagtail admin for 党代表 (congresses, representatives, activities and proposals)."""

from .viewsets import RepresentativesViewSetGroup

__all__ = ["RepresentativesViewSetGroup"]

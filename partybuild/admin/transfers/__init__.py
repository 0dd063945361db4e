"""Wagtail admin for 组织关系转接 (one module per concern: forms, filters, listing, actions,
viewset)."""

from .viewset import TransferViewSet, transfer_viewset

__all__ = ["TransferViewSet", "transfer_viewset"]

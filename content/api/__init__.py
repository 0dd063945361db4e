"""Content through the APIs: v2.py is the public Wagtail v2 page endpoint; the other modules are
routers of the app API (/api/app/) for notices with read receipts, restricted pages, the home
screen and tasks, assembled in partysite/apis.py."""

from .v2 import ContentDocumentsAPIViewSet, ContentImagesAPIViewSet, PublicPagesAPIViewSet

__all__ = ["ContentDocumentsAPIViewSet", "ContentImagesAPIViewSet", "PublicPagesAPIViewSet"]

"""Assembly of the public content API (Wagtail v2, read-only).

The app's own API (/api/app/, django-ninja) is added here by the API issue.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from content.api import PublicPagesAPIViewSet

content_api = WagtailAPIRouter("wagtailapi")
content_api.register_endpoint("pages", PublicPagesAPIViewSet)
content_api.register_endpoint("images", ImagesAPIViewSet)
content_api.register_endpoint("documents", DocumentsAPIViewSet)

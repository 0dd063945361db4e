"""The site's URLs plus the raw anchors the benchmarks compare with, under /bench/:

- ``/bench/bare-members/?offset=N``: a bare Django JSON view, 20 dicts from a ``values()`` query
  on the member table, with no scoping, serialiser or pagination framework.
- ``/bench/api/v2/pages/``: Wagtail's stock ``PagesAPIViewSet`` on the same pages as the site's
  /api/v2/pages/ (no visibility rules, no request-host addresses).
"""

from django.http import JsonResponse
from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from partybuild.models import Member
from partysite.urls import urlpatterns as site_urlpatterns

stock_api = WagtailAPIRouter("bench_stock_api")
stock_api.register_endpoint("pages", PagesAPIViewSet)


def bare_members(request):
    """20 members from ``offset``, as plain dicts."""
    offset = int(request.GET.get("offset", "0"))
    rows = Member.objects.order_by("pk").values(
        "id", "name", "gender", "category", "organisation_id", "joined_on"
    )[offset : offset + 20]
    return JsonResponse({"items": list(rows)})


urlpatterns = [
    path("bench/bare-members/", bare_members),
    path("bench/api/v2/", stock_api.urls),
    *site_urlpatterns,
]

"""The Wagtail v2 content API's endpoints: public pages only, and absolute addresses at the host
the request came to.

Why the request's host
----------------------
Wagtail builds ``detail_url``, ``download_url`` and the ``find`` redirect from
``WAGTAILAPI_BASE_URL`` or else the root address of the request's Site, and ``html_url`` from the
page's Site alone (``Page.full_url``, whatever the request). The Site the project's migration
creates is ``localhost`` on port 80, so `make run` on 127.0.0.1:8000 answered
``http://localhost/notices/…``, a dead link, and so would any server whose Site nobody edited.
Rather than making the demo guess an address (``PORT`` says nothing of the host name a phone on
the LAN or a proxy uses), the addresses here take the scheme and host of the request itself
(``request.get_host()``, which ALLOWED_HOSTS has already checked; behind a proxy, the forwarded
host and protocol where settings trust them). ``WAGTAILAPI_BASE_URL``, where a deployment sets it,
still wins, as in Wagtail. A page of another Site than the request's keeps that Site's address.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch
from rest_framework.fields import SkipField
from wagtail.api.v2.serializers import (
    DetailUrlField,
    PageHtmlUrlField,
    PageParentField,
    PageSerializer,
    get_serializer_class,
)
from wagtail.api.v2.utils import BadRequestError, page_models_from_string, parse_fields_parameter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentDownloadUrlField, DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Site

from content.visibility import RESTRICTED_MODELS, exclude_hidden_pages
from partybuild.core.versioned_cache import PAGES, versioned_cache_get_or_set


def api_base_url(*, request: HttpRequest) -> str:
    """``scheme://host[:port]`` for the absolute addresses of an API response to ``request``:
    ``WAGTAILAPI_BASE_URL`` if set, else the request's own scheme and host."""
    configured = getattr(settings, "WAGTAILAPI_BASE_URL", None)
    if configured:
        parts = urlsplit(configured)
        return f"{parts.scheme}://{parts.netloc}"
    return f"{request.scheme}://{request.get_host()}"


class RequestDetailUrlField(DetailUrlField):
    """``detail_url`` at the request's host (hidden for a model without an endpoint)."""

    def get_attribute(self, instance):
        path = self.context["router"].get_object_detail_urlpath(type(instance), instance.pk)
        if not path:
            raise SkipField
        return api_base_url(request=self.context["request"]) + path


class RequestPageHtmlUrlField(PageHtmlUrlField):
    """``html_url``: the page's address at the request's host when the page belongs to the
    request's Site, else at its own Site's address (None for a page no Site routes to)."""

    def to_representation(self, page):
        request = self.context.get("request")
        try:
            parts = page.get_url_parts(request=request)
        except NoReverseMatch:
            return None
        if parts is None:
            return None
        site_id, root_url, path = parts
        current = Site.find_for_request(request) if request is not None else None
        if request is None or (current is not None and current.pk != site_id):
            return root_url + path
        return api_base_url(request=request) + path


class RequestPageParentField(PageParentField):
    """``meta.parent`` of a page's detail, with the addresses of RequestPageSerializer."""

    def to_representation(self, value):
        serializer_class = get_serializer_class(
            value.__class__,
            ["id", "type", "detail_url", "html_url", "title"],
            meta_fields=["type", "detail_url", "html_url"],
            base=RequestPageSerializer,
        )
        return serializer_class(context=self.context).to_representation(value)


class RequestPageSerializer(PageSerializer):
    """Wagtail's page serializer with its addresses at the request's host."""

    detail_url = RequestDetailUrlField(read_only=True)
    html_url = RequestPageHtmlUrlField(read_only=True)
    parent = RequestPageParentField(read_only=True)


#: ``display`` of the images endpoint: an image as a page's body shows it (the portal's image
#: block uses the same size), for the member app, which reads a body's image blocks by id.
IMAGE_DISPLAY_RENDITION = "max-1000x800"
#: ``thumbnail`` of the images endpoint: a picture in a list (as 本地影视's ``cover_thumbnail``).
IMAGE_THUMBNAIL_RENDITION = "fill-480x270"

#: How many ids ``?ids=`` takes (as many as a page of the API holds at most).
IDS_MAX = 50
IDS_PARAMETER = frozenset(["ids"])


class RequestImageSerializer(ImageSerializer):
    """Wagtail's image serializer with ``detail_url`` at the request's host, ``display`` (the
    rendition to show in an article) and ``thumbnail`` (in a list): ``url``, ``width``,
    ``height``, ``alt``."""

    detail_url = RequestDetailUrlField(read_only=True)
    display = ImageRenditionField(IMAGE_DISPLAY_RENDITION, source="*", read_only=True)
    thumbnail = ImageRenditionField(IMAGE_THUMBNAIL_RENDITION, source="*", read_only=True)


class RequestDocumentDownloadUrlField(DocumentDownloadUrlField):
    """A document's ``download_url`` at the request's host."""

    def to_representation(self, document):
        url = document.url
        if url.startswith(("http://", "https://")):
            return url
        return api_base_url(request=self.context["request"]) + url


class RequestDocumentSerializer(DocumentSerializer):
    """Wagtail's document serializer with its addresses at the request's host."""

    detail_url = RequestDetailUrlField(read_only=True)
    download_url = RequestDocumentDownloadUrlField(read_only=True)


class RequestHostFindMixin:
    """The ``find`` endpoint redirects to the detail at the request's host, not the Site's."""

    def find_view(self, request):
        response = super().find_view(request)
        location = urlsplit(response["Location"])
        query = f"?{location.query}" if location.query else ""
        response["Location"] = api_base_url(request=request) + location.path + query
        return response


#: Model fields a list leaves out unless ``fields`` asks for them: the bodies, which a list
#: never shows and which are most of a page's bytes.
HEAVY_FIELD_CLASSES = (StreamField, RichTextField)


def _may_hold_restricted(models: list) -> bool:
    """Whether pages of ``models`` (none: any type) may be 制度建设/事务公开 pages, whose
    visibility the API must check; a list of, say, 重要新闻 need not."""
    if not models:
        return True
    return any(
        issubclass(restricted, model) or issubclass(model, restricted)
        for model in models
        for restricted in RESTRICTED_MODELS
    )


def _requested_sources(model, fields_parameter: str) -> set[str] | None:
    """The model fields that the ``fields`` parameter of a list reads (through each
    ``APIField``'s serializer source), or None when it asks for everything (``*``)."""
    try:
        requested = parse_fields_parameter(fields_parameter) if fields_parameter else []
    except ValueError as error:
        raise BadRequestError(str(error)) from error
    api_fields = {field.name: field for field in getattr(model, "api_fields", [])}
    sources: set[str] = set()
    for name, negated, _nested in requested:
        if name == "*" and not negated:
            return None
        sources.add(name)
        serializer = getattr(api_fields.get(name), "serializer", None)
        source = getattr(serializer, "source", None)
        if source and source != "*":
            sources.add(source.split(".")[0])
    return sources


class PublicPagesAPIViewSet(RequestHostFindMixin, PagesAPIViewSet):
    """Live public pages only; restricted pages neither list nor resolve (404).

    The API is anonymous and cacheable, so it answers as for an anonymous visitor. Lists read
    only what a list shows: the page bodies (StreamField, rich text) are left out of the query
    unless ``fields`` names them, and the relations their ``api_fields`` expose are prefetched
    (so the number of queries does not grow with ``limit``) only when asked for. The visibility
    check of 制度建设/事务公开 is skipped for a list of a type that cannot be one.

    A list in JSON is cached per full address (scheme, host, path and query) until a page is
    saved, published, unpublished, moved or deleted, or a view restriction, image, document or
    Site changes (content/cache_invalidation.py bumps the ``pages`` topic): every answer is the
    anonymous one, so a shared cache shows nobody more than anybody sees. Addresses are at the
    request's host (see the module's docstring).
    """

    base_serializer_class = RequestPageSerializer

    def _type_models(self) -> list:
        models_type = self.request.GET.get("type", None)
        if not models_type:
            return []
        try:
            return list(page_models_from_string(models_type))
        except (LookupError, ValueError) as error:
            raise BadRequestError("type doesn't exist") from error

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.action == "listing_view" and not _may_hold_restricted(self._type_models()):
            return queryset
        return exclude_hidden_pages(queryset, user=AnonymousUser())

    def get_queryset(self):
        queryset = super().get_queryset().select_related("locale")
        model = queryset.model
        sources = (
            _requested_sources(model, self.request.GET.get("fields", ""))
            if self.action == "listing_view"
            else None
        )
        heavy = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, HEAVY_FIELD_CLASSES)
            and (sources is not None and field.name not in sources)
        ]
        if heavy:
            queryset = queryset.defer(*heavy)
        api_field_names = {field.name for field in getattr(model, "api_fields", [])}
        if sources is not None:
            api_field_names &= sources
        many_to_many = [
            field.name
            for field in model._meta.get_fields()
            if field.many_to_many and field.name in api_field_names
        ]
        if hasattr(model, "tagged_items") and "tags" in api_field_names:
            many_to_many.append("tags")
        return queryset.prefetch_related(*dict.fromkeys(many_to_many))

    def listing_view(self, request):
        """The list, from the shared cache when the same address was answered since the last
        change of a page (JSON only: the browsable API is rendered each time)."""
        if getattr(request, "accepted_renderer", None) is None or (
            request.accepted_renderer.format != "json"
        ):
            return super().listing_view(request)
        cached = versioned_cache_get_or_set(
            name="v2:pages:list",
            scope=request.build_absolute_uri(),
            topics=(PAGES,),
            compute=lambda: self._listing_rendered(request),
        )
        status, content_type, body = cached
        return HttpResponse(body, status=status, content_type=content_type)

    def _listing_rendered(self, request) -> tuple[int, str, bytes]:
        response = super().listing_view(request)
        response.accepted_renderer = request.accepted_renderer
        response.accepted_media_type = request.accepted_media_type
        response.renderer_context = self.get_renderer_context()
        response.render()
        return response.status_code, response["Content-Type"], response.content


class IdsFilterMixin:
    """``?ids=3,5,8`` lists just those objects: the member app fetches the images or documents
    a page's blocks name (by id) in one request rather than one each."""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        raw = self.request.GET.get("ids")
        if raw is None:
            return queryset
        parts = [part.strip() for part in raw.split(",") if part.strip()]
        if not parts or len(parts) > IDS_MAX or not all(part.isdigit() for part in parts):
            raise BadRequestError(f"ids must be up to {IDS_MAX} comma-separated ids")
        return queryset.filter(pk__in=[int(part) for part in parts])


class ContentImagesAPIViewSet(RequestHostFindMixin, IdsFilterMixin, ImagesAPIViewSet):
    """Wagtail's images endpoint, its addresses at the request's host, with ``display`` (in the
    detail, and in lists that ask for it with ``fields``) and ``thumbnail`` (asked for with
    ``fields``), their renditions prefetched; ``?ids=`` lists given images."""

    base_serializer_class = RequestImageSerializer
    body_fields = [*ImagesAPIViewSet.body_fields, "display", "thumbnail"]
    known_query_parameters = ImagesAPIViewSet.known_query_parameters | IDS_PARAMETER

    @classmethod
    def get_detail_default_fields(cls, model):
        return [name for name in super().get_detail_default_fields(model) if name != "thumbnail"]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_renditions(IMAGE_DISPLAY_RENDITION, IMAGE_THUMBNAIL_RENDITION)
        )


class ContentDocumentsAPIViewSet(RequestHostFindMixin, IdsFilterMixin, DocumentsAPIViewSet):
    """Wagtail's documents endpoint, its addresses at the request's host; ``?ids=`` lists given
    documents."""

    base_serializer_class = RequestDocumentSerializer
    known_query_parameters = DocumentsAPIViewSet.known_query_parameters | IDS_PARAMETER

"""The Wagtail v2 content API's page endpoint, without restricted 制度建设/事务公开 pages."""

from django.contrib.auth.models import AnonymousUser
from wagtail.api.v2.views import PagesAPIViewSet

from content.visibility import exclude_hidden_pages


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Live public pages only; restricted pages neither list nor resolve (404).

    The API is anonymous and cacheable, so it answers as for an anonymous visitor. Lists of one
    page type prefetch the relations their ``api_fields`` expose, so the number of queries does
    not grow with ``limit``.
    """

    def get_base_queryset(self):
        return exclude_hidden_pages(super().get_base_queryset(), user=AnonymousUser())

    def get_queryset(self):
        queryset = super().get_queryset().select_related("locale")
        api_field_names = {field.name for field in getattr(queryset.model, "api_fields", [])}
        many_to_many = [
            field.name
            for field in queryset.model._meta.get_fields()
            if field.many_to_many and field.name in api_field_names
        ]
        if hasattr(queryset.model, "tagged_items") and "tags" in api_field_names:
            many_to_many.append("tags")
        return queryset.prefetch_related(*dict.fromkeys(many_to_many))

"""The base of the registers' ModelViewSets whose objects are written through the services
(三会一课, 组织关系转接, 档案修改申请, 发展党员, 党建督查, 便民服务, 意见建议 …): the listing's
settings, which generic views are not routed, the page each object opens, and the URL patterns
and page views they route instead."""

from django.urls import path
from wagtail.admin.viewsets.model import ModelViewSet


class EmptyMessageMixin:
    """A listing that, when empty, says what to do next (``empty_message``) instead of Wagtail's
    「没有可显示的…」; a search or filter that finds nothing still says so
    (templates/wagtailadmin/generic/index_results.html)."""

    empty_message: str = ""

    def get_index_view_kwargs(self, **kwargs):
        if self.empty_message:
            kwargs.setdefault("no_results_message", self.empty_message)
        return super().get_index_view_kwargs(**kwargs)


class RegisterViewSet(EmptyMessageMixin, ModelViewSet):
    """A register whose writes go through its services, so Wagtail's generic views named in
    ``unrouted_views`` are not routed and no view links to them.

    Each object has a page of its own, ``object_page_name`` (its inspect, detail, review or
    timeline page): the listing's rows open it, through the listing's ``object_page_link`` URL
    (``"inspect"``: a 「检查」 entry in the row's menu, ``"edit"``: an 「编辑」 entry), and so do
    the admin's other links to an object (its URL finder)."""

    search_backend_name = None  # modelsearch's SQLite backend mishandles ModelViewSet searches
    sort_order_field = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    unrouted_views: tuple[str, ...] = ("add", "edit", "delete", "usage")
    object_page_name: str = "detail"
    object_page_link: str = "inspect"

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in self.unrouted_views:
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_index_view_kwargs(self, **kwargs):
        link = {f"{self.object_page_link}_url_name": self.get_url_name(self.object_page_name)}
        return super().get_index_view_kwargs(**{**link, **kwargs})

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name(self.object_page_name)
        return finder

    def page_view(self, view_class, **kwargs):
        """A page of the register (partybuild.admin.views) below its listing."""
        return view_class.as_view(
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
            **kwargs,
        )

    def listing_urlpatterns(self) -> list:
        """The listing and its results (what its filters and search reload)."""
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    def inspect_urlpatterns(self) -> list:
        """Wagtail's inspect view of an object and its audit history."""
        return [
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
        ]

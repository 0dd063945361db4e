"""数据大屏: a full-screen, dark statistics view of one subtree for the meeting-room display, at
``statistics/screen/`` in the admin, and the JSON its script polls (``statistics/screen/data/``).

The panels come from a registry (:func:`screen_panel_register`), so apps the kernel must not
import add their own (partybuild.statistics: members, organisations, dues, meetings,
recruitment; partybuild.learning: 学习教育). A panel's ``compute`` receives the viewer narrowed to
the chosen organisation's subtree (partybuild.selectors.roles.user_narrowed_to) and returns plain
JSON: ``{"figures": [{"label", "value", "unit"}], "charts": [{"title", "kind", "unit",
"rows": [{"label", "value"}]}]}`` (``kind``: ``bars``, or ``ring`` for a percentage). Figures are
cached by the panel (dashboard_figure), so the endpoint's query count does not depend on the
data. The organisation must lie in the viewer's scope (else 404); each panel needs its
register's view permission.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from partybuild.admin.permissions import user_administers
from partybuild.core.replica import reading_from_replica
from partybuild.models import Organisation, OrganisationType, User
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.selectors.roles import user_narrowed_to

#: Seconds between two polls of the screen's data.
SCREEN_REFRESH_SECONDS = 60


@dataclass(frozen=True)
class ScreenPanelSpec:
    """One panel of the 数据大屏: its key, heading, place (lower first), the register permission
    (``app.codename``) needed to see it, and ``compute(narrowed_user) -> dict`` (see the module)."""

    name: str
    title: str
    order: int
    permission: str
    compute: Callable[[User], dict]


SCREEN_PANELS: dict[str, ScreenPanelSpec] = {}


def screen_panel_register(spec: ScreenPanelSpec) -> ScreenPanelSpec:
    """Make a panel appear on the 数据大屏 (idempotent: a second registration replaces it)."""
    SCREEN_PANELS[spec.name] = spec
    return spec


def screen_panels_for_user(*, user: User) -> list[ScreenPanelSpec]:
    """The registered panels ``user`` may see, in their order."""
    return sorted(
        (spec for spec in SCREEN_PANELS.values() if user_administers(user, spec.permission)),
        key=lambda spec: (spec.order, spec.name),
    )


def screen_organisation_choices(*, user: User):
    """The organisations whose subtree the screen may show: those of the viewer's scope, without
    党小组, in tree order."""
    return (
        organisation_scope_for_user(user=user)
        .exclude(org_type=OrganisationType.GROUP)
        .order_by("path")
        .only("pk", "name", "depth", "path")
    )


def screen_data(*, user: User, organisation: Organisation) -> dict:
    """The JSON of the screen for ``organisation`` (in ``user``'s scope)."""
    narrowed = user_narrowed_to(user=user, organisation=organisation)
    return {
        "organisation": {"id": organisation.pk, "name": organisation.name},
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "refresh": SCREEN_REFRESH_SECONDS,
        "panels": [
            {"name": spec.name, "title": str(spec.title), **spec.compute(narrowed)}
            for spec in screen_panels_for_user(user=user)
        ],
    }


def _require_screen(user: User) -> None:
    if not screen_panels_for_user(user=user):
        raise PermissionDenied


def _organisation(request) -> Organisation:
    """The ``?organisation=`` of the request within the viewer's scope (404 outside it); the
    first root of the scope without one."""
    choices = screen_organisation_choices(user=request.user)
    raw = request.GET.get("organisation", "")
    if raw:
        if not raw.isdigit():
            raise Http404
        organisation = choices.filter(pk=int(raw)).first()
    else:
        organisation = choices.first()
    if organisation is None:
        raise Http404
    return organisation


@reading_from_replica()
def statistics_screen_view(request):
    """``statistics/screen/``: the page (its script fetches the data)."""
    _require_screen(request.user)
    organisation = _organisation(request)
    return render(
        request,
        "partybuild/statistics/screen.html",
        {
            "organisation": organisation,
            "choices": [
                (o.pk, "\u3000" * (o.depth - 1) + o.name)
                for o in screen_organisation_choices(user=request.user)
            ],
            "data_url": reverse("partybuild_statistics_screen_data"),
            "refresh": SCREEN_REFRESH_SECONDS,
            "time_zone": settings.TIME_ZONE,
        },
    )


@reading_from_replica()
def statistics_screen_data_view(request):
    """``statistics/screen/data/?organisation=<id>``: the figures as JSON (no cache keeps it)."""
    _require_screen(request.user)
    organisation = _organisation(request)
    response = JsonResponse(screen_data(user=request.user, organisation=organisation))
    response["Cache-Control"] = "no-store"
    return response


def screen_urlpatterns() -> list:
    return [
        path("statistics/screen/", statistics_screen_view, name="partybuild_statistics_screen"),
        path(
            "statistics/screen/data/",
            statistics_screen_data_view,
            name="partybuild_statistics_screen_data",
        ),
    ]


class ScreenMenuItem(MenuItem):
    """「数据大屏」 in the admin menu, for those who see at least one panel."""

    def is_shown(self, request):
        return bool(screen_panels_for_user(user=request.user))


@hooks.register("register_admin_menu_item")
def register_screen_menu_item():
    return ScreenMenuItem(
        _("数据大屏"), reverse("partybuild_statistics_screen"), icon_name="view", order=295
    )
